/**
 * Errors a domain service throws when it refuses a request. Routes turn them into HTTP answers
 * with `domainErrorStatus`; services never import SvelteKit, so they run from the CLI and tests.
 *
 * `not_found` is also the answer when the mere existence of a record must not leak to someone
 * who may not see it (a draft zone of another province).
 */
import type { Problem } from '../problem';

export type DomainErrorKind =
	'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'too_large' | 'throttled';

export type { Problem } from '../problem';

export class DomainError extends Error {
	override name = 'DomainError';
	constructor(
		readonly kind: DomainErrorKind,
		message: string,
		readonly problems: Problem[] = [],
		/** For `throttled`: seconds until another attempt is accepted. */
		readonly retryAfterSeconds?: number,
		/** For `conflict`: what the caller needs to show both sides. */
		readonly details?: Record<string, unknown>
	) {
		super(message);
	}
}

export const forbidden = (message = 'Not allowed') => new DomainError('forbidden', message);
export const notFound = (message = 'Not found') => new DomainError('not_found', message);
export const invalid = (problems: Problem[], message = 'Invalid input') =>
	new DomainError('invalid', message, problems);

const statusByKind: Record<DomainErrorKind, number> = {
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	invalid: 400,
	too_large: 413,
	throttled: 429
};

export function domainErrorStatus(error: DomainError): number {
	return statusByKind[error.kind];
}

/** The JSON body an API route answers with for a refused request. */
export function domainErrorBody(error: DomainError) {
	return {
		error: error.kind,
		message: error.message,
		problems: error.problems,
		...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
		...(error.details && { details: error.details })
	};
}
