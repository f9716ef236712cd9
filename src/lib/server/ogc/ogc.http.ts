import type { z } from 'zod';
import { cachedJson } from '../cached-answer';
import { compressedJson } from '../compressed-json';
import { DomainError } from '../domain-errors';
import { describeParamError } from './ogc.params';

/**
 * Shared by the `/ogc` routes: parse the query strictly, answer JSON (gzip when accepted), and
 * turn refusals into OGC's exception object with the right status.
 */
export async function answerOgc<P>(
	request: Request,
	url: URL,
	schema: z.ZodType<P>,
	build: (params: P) => Promise<unknown> | unknown,
	contentType = 'application/json',
	/** The data version the answer depends on: when given, the encoded answer is cached. */
	version?: () => Promise<string>,
	/** Headers that depend on the parameters (Part 2's `Content-Crs`). */
	headersOf?: (params: P) => Record<string, string>
): Promise<Response> {
	const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) return exception(400, describeParamError(parsed.error));
	const headers = {
		'content-type': contentType,
		'access-control-allow-origin': '*',
		...headersOf?.(parsed.data)
	};
	try {
		if (version) {
			const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
			return await cachedJson(
				request,
				{
					key: `${url.origin}${url.pathname}?${new URLSearchParams(query)}`,
					version: await version(),
					// Open data: the same for everyone, so the fast path may answer it.
					currentVersion: version
				},
				async () => build(parsed.data),
				headers
			);
		}
		const body = await build(parsed.data);
		return compressedJson(request, body, { headers });
	} catch (caught) {
		if (caught instanceof DomainError && caught.kind === 'not_found')
			return exception(404, { code: 'NotFound', description: caught.message });
		throw caught;
	}
}

/** 404 as OGC's exception object, for a collection that does not exist. */
export function noSuchCollection(id: string): Response {
	return exception(404, { code: 'NotFound', description: `No collection ${id}` });
}

function exception(status: number, body: { code: string; description: string }): Response {
	return Response.json(body, { status, headers: { 'access-control-allow-origin': '*' } });
}
