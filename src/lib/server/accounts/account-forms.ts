import { fail } from '@sveltejs/kit';
import { DomainError, domainErrorStatus, type Problem } from '../domain-errors';
import { throwPageError } from '../http/route-errors';

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
	if (!(caught instanceof DomainError)) throw caught;
	if (caught.kind === 'forbidden' || (caught.kind === 'not_found' && caught.problems.length === 0))
		throwPageError(caught, event);
	const problems: Problem[] =
		caught.problems.length > 0 ? caught.problems : [{ rule: 'invalid', message: caught.message }];
	return fail(domainErrorStatus(caught), {
		...extra,
		problems,
		...(caught.retryAfterSeconds !== undefined && {
			retryAfterSeconds: caught.retryAfterSeconds
		})
	});
}
