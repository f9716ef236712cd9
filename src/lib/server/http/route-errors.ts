import { error, fail, json, redirect, type ActionFailure } from '@sveltejs/kit';
import {
	DomainError,
	domainErrorBody,
	domainErrorStatus,
	type DomainErrorKind,
	type Problem
} from '../domain-errors';

/**
 * The one mapping from a service's refusal (`DomainError`) to an HTTP answer, the same way on
 * every route: as JSON for machine clients, as the page's error for a page, as a form failure
 * for a form action. Anything that is not a `DomainError` is a bug and is rethrown (SvelteKit
 * answers 500 and logs it).
 */

/** The refusal's JSON answer: status by kind, `retry-after` when throttled, never cached. */
export function refusalResponse(refusal: DomainError): Response {
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (refusal.retryAfterSeconds !== undefined)
		headers['retry-after'] = String(Math.ceil(refusal.retryAfterSeconds));
	return json(domainErrorBody(refusal), { status: domainErrorStatus(refusal), headers });
}

/** For `+server.ts` handlers: the refusal as JSON (see `refusalResponse`). */
export function apiErrorResponse(caught: unknown): Response {
	if (!(caught instanceof DomainError)) throw caught;
	return refusalResponse(caught);
}

/**
 * For page `load` functions: throws SvelteKit's `error` (or, for the public asking for a page
 * that needs an account, a redirect to the log-in page that comes back here afterwards).
 */
export function throwPageError(caught: unknown, event: { url: URL; locals: App.Locals }): never {
	if (!(caught instanceof DomainError)) throw caught;
	if (caught.kind === 'forbidden' && !event.locals.user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	error(domainErrorStatus(caught), caught.message);
}

export interface FormRefusalOptions<Extra extends Record<string, unknown>> {
	/**
	 * The refusals the form shows beside its fields (default: invalid input); any other is the
	 * page's error. A function decides by more than the kind.
	 */
	shown?: readonly DomainErrorKind[] | ((refusal: DomainError) => boolean);
	/** What else the form needs back (the values typed, which action): after `problems`, so it may replace them. */
	extra?: Extra | ((refusal: DomainError) => Extra);
}

/**
 * For form actions: a refusal the user can act on as `fail(status, { problems, … })`, status by
 * kind as for JSON (400 invalid, 409 conflict, 429 throttled, …), with `retryAfterSeconds` and
 * the `retry-after` header when throttled; any other refusal as `throwPageError`.
 */
export function refusalAsFormFailure<Extra extends Record<string, unknown> = Record<never, never>>(
	caught: unknown,
	event: {
		url: URL;
		locals: App.Locals;
		setHeaders?: (headers: Record<string, string>) => void;
	},
	options: FormRefusalOptions<Extra> = {}
): ActionFailure<Omit<{ problems: Problem[]; retryAfterSeconds?: number }, keyof Extra> & Extra> {
	if (!(caught instanceof DomainError)) throw caught;
	const shown = options.shown ?? ['invalid'];
	if (typeof shown === 'function' ? !shown(caught) : !shown.includes(caught.kind))
		throwPageError(caught, event);
	if (caught.retryAfterSeconds !== undefined)
		event.setHeaders?.({ 'retry-after': String(Math.ceil(caught.retryAfterSeconds)) });
	const extra =
		typeof options.extra === 'function' ? options.extra(caught) : (options.extra ?? ({} as Extra));
	return fail(domainErrorStatus(caught), {
		problems: caught.problems,
		...(caught.retryAfterSeconds !== undefined && {
			retryAfterSeconds: caught.retryAfterSeconds
		}),
		...extra
	});
}
