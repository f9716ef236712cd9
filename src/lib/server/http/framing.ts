/**
 * Pages may be framed only by the app itself (clickjacking), unless a page says otherwise with
 * its own `frame-ancestors` (the map's embed mode, `/?embed=1`, which other websites frame).
 * Applied by the server hook to every HTML answer, and by the public pages' cache to the
 * headers it publishes for the fast path, which answers without the hook.
 */
export function withFramingHeaders(headers: Headers): Headers {
	const type = headers.get('content-type') ?? '';
	if (!type.startsWith('text/html') || headers.has('content-security-policy')) return headers;
	headers.set('content-security-policy', "frame-ancestors 'self'");
	headers.set('x-frame-options', 'SAMEORIGIN');
	return headers;
}

/** `withFramingHeaders` on a response (one with immutable headers, a proxied fetch, as it is). */
export function withFramingPolicy(response: Response): Response {
	try {
		withFramingHeaders(response.headers);
	} catch {
		// Immutable headers: passed on as they are.
	}
	return response;
}
