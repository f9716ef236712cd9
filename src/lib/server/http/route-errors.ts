import { error, json, redirect } from '@sveltejs/kit';
import { DomainError, domainErrorBody, domainErrorStatus } from '../domain-errors';

/**
 * Turning a service's refusal into an HTTP answer, the same way on every route. Anything that
 * is not a `DomainError` is a bug and is rethrown (SvelteKit answers 500 and logs it).
 */

/** For `+server.ts` handlers: the refusal as JSON, with `retry-after` when throttled. */
export function apiErrorResponse(caught: unknown): Response {
	if (!(caught instanceof DomainError)) throw caught;
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (caught.retryAfterSeconds !== undefined)
		headers['retry-after'] = String(Math.ceil(caught.retryAfterSeconds));
	return json(domainErrorBody(caught), { status: domainErrorStatus(caught), headers });
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
