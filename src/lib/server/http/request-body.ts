import { DomainError } from '../domain-errors';

/**
 * Request bodies over BODY_SIZE_LIMIT. adapter-node refuses them while the route reads the body:
 * the body's stream fails with an error of status 413 (`Content-length of … exceeds limit` or
 * `request body size exceeded BODY_SIZE_LIMIT`, @sveltejs/kit/src/exports/node/index.js), which
 * `request.json()` passes on. Routes turn it into this refusal rather than "not JSON".
 */

/** A body limit as people read it: `0.5 MB`, `25 MB`; under 0.1 MB in KB (`64 KB`). */
export function sizeText(bytes: number): string {
	const round = (value: number) => String(Math.round(value * 100) / 100);
	return bytes < 0.1 * 1024 * 1024
		? `${round(bytes / 1024)} KB`
		: `${round(bytes / 1024 / 1024)} MB`;
}

/** 413, naming the limit (`The body is over 0.5 MB`); the UI translates `body.too_large`. */
export function bodyTooLarge(limitBytes: number): DomainError {
	const message = `The body is over ${sizeText(limitBytes)}`;
	return new DomainError('too_large', message, [
		{ rule: 'body.too_large', field: 'body', message, details: { maxBytes: limitBytes } }
	]);
}

/** Whether reading a body failed because it is over the limit (adapter-node's 413). */
export function isBodyOverLimit(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		'status' in error &&
		(error as { status: unknown }).status === 413
	);
}

/** Whether a request declares (Content-Length) a body over the limit. */
export function declaresBodyOver(request: Request, limitBytes: number): boolean {
	const declared = Number(request.headers.get('content-length'));
	return Number.isFinite(declared) && declared > limitBytes;
}
