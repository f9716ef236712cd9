import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

/**
 * Compression of the app's answers (HTML pages, JSON, vector tiles, CSV, GeoJSON): brotli when
 * the client accepts it, else gzip. adapter-node compresses only its static files (and only
 * when they were precompressed); the pages and the API went out as they were, a map view's
 * dozens of tiles included. Applied once, in the server hook, to every answer.
 *
 * ETags are kept as the route set them: they name the content (the import run, the tile, the
 * cached answer's version), and a revalidation with If-None-Match is compared by the route
 * before anything is compressed. `Vary: Accept-Encoding` keeps shared caches from giving one
 * encoding to a client that asked for another.
 */

/** Smaller answers gain less than the encoding header and the CPU cost. */
export const minimumCompressedBytes = 1024;

const compressibleType =
	/^(text\/|application\/(json|geo\+json|ld\+json|problem\+json|javascript|xml|x-ndjson|x-protobuf|vnd\.mapbox-vector-tile|vnd\.google-earth\.kml\+xml|gml\+xml)|image\/svg\+xml)/i;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The encoding to use for `acceptEncoding` (brotli first), or null for none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		accepted.set(name, q === undefined ? 1 : Number(q));
	}
	const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
	if (weight('br') > 0) return 'br';
	if (weight('gzip') > 0) return 'gzip';
	return null;
}

/*
 * Compressed bodies of answers with an ETag (the tiles, the cached open-data answers), kept by
 * ETag and encoding: the same tile asked by many maps is compressed once. Bounded, oldest out.
 */
const maxCachedBytes = 32 * 1024 * 1024;
const cached = new Map<string, Uint8Array>();
let cachedBytes = 0;

function remember(key: string, body: Uint8Array) {
	if (body.byteLength > maxCachedBytes / 16) return;
	cached.set(key, body);
	cachedBytes += body.byteLength;
	for (const [oldKey, old] of cached) {
		if (cachedBytes <= maxCachedBytes) break;
		cached.delete(oldKey);
		cachedBytes -= old.byteLength;
	}
}

async function encode(plain: Uint8Array, encoding: Encoding): Promise<Uint8Array> {
	if (encoding === 'br') {
		return brotli(plain, {
			params: {
				// Quality 5: most of brotli's gain over gzip at a speed close to gzip's.
				[zlib.BROTLI_PARAM_QUALITY]: 5,
				[zlib.BROTLI_PARAM_SIZE_HINT]: plain.byteLength
			}
		});
	}
	return gzipAsync(plain, { level: 6 });
}

/** `response`, compressed for `request` when that is worth it; otherwise the same response. */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		request.method === 'HEAD' ||
		response.body === null ||
		response.status < 200 ||
		response.status === 204 ||
		response.status === 206 ||
		response.headers.has('content-encoding') ||
		response.headers.has('content-range') ||
		/\bno-transform\b/i.test(response.headers.get('cache-control') ?? '') ||
		!compressibleType.test(type) ||
		type.startsWith('text/event-stream')
	) {
		return response;
	}
	const declaredLength = Number(response.headers.get('content-length') ?? NaN);
	if (declaredLength < minimumCompressedBytes) return withVary(response);
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	if (!encoding) return withVary(response);

	const etag = response.headers.get('etag');
	const key = etag ? `${encoding}\0${etag}` : null;
	let body = key ? cached.get(key) : undefined;
	if (!body) {
		const plain = new Uint8Array(await response.arrayBuffer());
		if (plain.byteLength < minimumCompressedBytes) {
			return withVary(new Response(plain, response), plain.byteLength);
		}
		body = await encode(plain, encoding);
		if (key) remember(key, body);
	} else {
		await response.body?.cancel();
	}
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	appendVary(headers);
	// zlib's Buffers are backed by plain ArrayBuffers (never shared), as Response wants.
	return new Response(body as Uint8Array<ArrayBuffer>, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

function appendVary(headers: Headers) {
	const vary = headers.get('vary') ?? '';
	if (!/\baccept-encoding\b/i.test(vary))
		headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
}

function withVary(response: Response, contentLength?: number): Response {
	const headers = new Headers(response.headers);
	appendVary(headers);
	if (contentLength !== undefined) headers.set('content-length', String(contentLength));
	return new Response(response.body, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
