import { json } from '@sveltejs/kit';
import { z } from 'zod';

export const provinceParams = z.object({
	province: z
		.string()
		.regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')
		.optional()
});

export const requiredProvinceParams = z.object({
	province: z.string().regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')
});

export const laoCodeParams = z.object({
	code: z.string().regex(/^[0-9]{7}$/, 'must be a 7-digit DLA code')
});

/** Parses query or route parameters; a 400 answer names the first bad field. */
export function parseScoresInput<T>(
	schema: z.ZodType<T>,
	input: Record<string, string>
): { ok: true; value: T } | { ok: false; response: Response } {
	const parsed = schema.safeParse(input);
	if (parsed.success) return { ok: true, value: parsed.data };
	const issue = parsed.error.issues[0]!;
	const field = String(issue.path[0] ?? '');
	return {
		ok: false,
		response: json(
			{ error: 'invalid_input', field, message: `${field} ${issue.message}` },
			{ status: 400 }
		)
	};
}
