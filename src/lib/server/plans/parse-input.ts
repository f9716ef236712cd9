import type { z } from 'zod';
import { problemsOfZod } from '../../problem';
import { invalid } from '../domain-errors';

/**
 * Parses a plan or report input at the service's boundary: an `invalid` refusal whose problems
 * name each field (`targets.0.baselineDate`), so routes and tests see the same answer.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	throw invalid(
		problemsOfZod(parsed.error, {
			rule: 'input.invalid',
			message: (issue, field) => `${field ?? 'body'}: ${issue.message}`
		}),
		'The input needs correcting'
	);
}
