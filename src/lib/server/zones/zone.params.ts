import { problemsOfZod } from '../../problem';
import { z } from 'zod';
import { readConfig, zoneRules, type ZoneRules } from '../config';
import { invalid } from '../domain-errors';
import { bodyTooLarge, isBodyOverLimit } from '../http/request-body';

/**
 * Parsing at the zone routes' boundary: every refusal is an `invalid` DomainError whose problems
 * name the field (`attributes.name`, `dlaCodes.2`), so routes answer it with `apiErrorResponse`.
 */
export function parseZoneInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const parsed = schema.safeParse(value);
	if (parsed.success) return parsed.data;
	throw invalid(
		problemsOfZod(parsed.error, {
			rule: 'input.invalid',
			message: (issue, field) => `${field ?? 'body'}: ${issue.message}`
		})
	);
}

/**
 * The request body as JSON: `too_large` (413, naming the limit) when it is over BODY_SIZE_LIMIT,
 * `invalid` when it is not JSON.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
	try {
		return await request.json();
	} catch (error) {
		if (isBodyOverLimit(error)) throw bodyTooLarge(readConfig().BODY_SIZE_LIMIT);
		throw invalid([{ rule: 'input.invalid', field: 'body', message: 'The body is not JSON' }]);
	}
}

export const zoneIdParams = z.object({
	id: z.coerce.number().int().positive('must be a zone number')
});

export const revisionNumberParam = z.coerce.number().int().positive('must be a revision number');

let rules: ZoneRules | undefined;

/** The ZONE_* settings, read once (the environment does not change while the app runs). */
export function currentZoneRules(): ZoneRules {
	rules ??= zoneRules(readConfig());
	return rules;
}
