import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { problemsOfZod, type Parsed, type Problem } from '$lib/problem';

/** Route or query parameters through `schema`: the value, or a problem per bad parameter. */
export function parseParams<T>(schema: z.ZodType<T>, input: Record<string, string>): Parsed<T> {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, value: parsed.data };
	return {
		ok: false,
		problems: problemsOfZod(parsed.error, {
			rule: 'input.invalid',
			message: (issue, field) => `${field ?? 'input'} ${issue.message}`
		})
	};
}

/**
 * The 400 answer of the JSON API to parameters it cannot use: the first bad field and its
 * message at the top (what clients have always read), every problem listed.
 */
export function invalidInputResponse(problems: readonly Problem[]): Response {
	const [first] = problems;
	return json(
		{
			error: 'invalid_input',
			field: first?.field ?? '',
			message: first?.message ?? 'invalid input',
			problems
		},
		{ status: 400 }
	);
}
