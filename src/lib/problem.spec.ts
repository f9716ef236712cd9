import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemsOfZod } from './problem';

describe('problemsOfZod', () => {
	const schema = z.object({
		attributes: z.object({ name: z.string().min(1, { message: 'required' }) }),
		dlaCodes: z.array(z.string().length(7))
	});

	it('names each field by its path and keeps every issue', () => {
		const parsed = schema.safeParse({ attributes: { name: '' }, dlaCodes: ['6401001', 'x'] });
		expect(parsed.success).toBe(false);
		const problems = problemsOfZod(parsed.error!, { rule: 'input.invalid' });
		expect(problems.map((p) => p.field)).toEqual(['attributes.name', 'dlaCodes.1']);
		expect(problems[0]).toEqual({
			rule: 'input.invalid',
			field: 'attributes.name',
			message: 'required'
		});
	});

	it('names no field for the body as a whole, and lets the caller name rule and message', () => {
		const parsed = schema.safeParse('not an object');
		const problems = problemsOfZod(parsed.error!, {
			rule: (issue) => `coordination.${issue.code}`,
			message: (issue, field) => `${field ?? 'body'}: ${issue.code}`
		});
		expect(problems).toEqual([
			{ rule: 'coordination.invalid_type', field: undefined, message: 'body: invalid_type' }
		]);
	});
});
