import type { Problem } from '../domain-errors';
import { refusalAsFormFailure } from '../http/route-errors';

/**
 * The route side of the account forms: the text fields of a posted form, and a service's
 * refusal as `fail(status, { problems })` for the form to show beside each named field.
 * Forbidden (and not-found without a field) become the error page, or the log-in redirect.
 */

/** The form's text fields (files are ignored); a repeated name keeps its first value. */
export function formFields(form: FormData): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const [name, value] of form) {
		if (typeof value === 'string' && !(name in fields)) fields[name] = value;
	}
	return fields;
}

export interface FormRefusal {
	problems: Problem[];
	retryAfterSeconds?: number;
}

export function refuseForm<Extra extends Record<string, unknown>>(
	caught: unknown,
	event: { url: URL; locals: App.Locals },
	extra: Extra
) {
	return refusalAsFormFailure(caught, event, {
		shown: (refusal) =>
			refusal.kind !== 'forbidden' &&
			!(refusal.kind === 'not_found' && refusal.problems.length === 0),
		extra: (refusal) => ({
			...extra,
			problems:
				refusal.problems.length > 0
					? refusal.problems
					: [{ rule: 'invalid', message: refusal.message } satisfies Problem]
		})
	});
}
