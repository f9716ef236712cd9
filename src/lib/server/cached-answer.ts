import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { publishAnswer } from './http/public-fast-path';

/**
 * Answers that are the same for everyone until the data behind them changes (the open data of
 * approved zones and LAOs), kept encoded in memory per key and data version. A request then
 * costs no page query, JSON encoding or gzip: under load that is the difference between a few
 * hundred and a few thousand answers a second on two cores. The callers take the version from
 * `checked-version.ts`, which asks the database at most once a second and at once after a
 * write through this instance, so an approval or an import shows at once here and within a
 * second on other instances; an instance only caches what it has served.
 */

interface Encoded {
	version: string;
	etag: string;
	plain: Buffer;
	/** Null for small answers, which gain nothing from compression. */
	gzip: Buffer | null;
	bytes: number;
}

/** The cache's ceiling; the least recently used answers go first. */
const maxCachedBytes = 64 * 1024 * 1024;
const entries = new Map<string, Encoded>();
const building = new Map<string, Promise<Encoded>>();
let cachedBytes = 0;

function remember(key: string, encoded: Encoded) {
	const previous = entries.get(key);
	if (previous) {
		cachedBytes -= previous.bytes;
		entries.delete(key);
	}
	entries.set(key, encoded);
	cachedBytes += encoded.bytes;
	for (const [oldKey, old] of entries) {
		if (cachedBytes <= maxCachedBytes) break;
		entries.delete(oldKey);
		cachedBytes -= old.bytes;
	}
}

/**
 * An answer that is JSON text already, stitched from cached parts (the OGC pages join the
 * features' cached texts): encoded as it is instead of being stringified again.
 */
export class JsonText {
	constructor(readonly text: string) {}
}

function encode(key: string, version: string, body: unknown): Encoded {
	const plain = Buffer.from(body instanceof JsonText ? body.text : JSON.stringify(body));
	const gzip = plain.length >= 1024 ? gzipSync(plain) : null;
	const tag = createHash('sha256').update(key).update('\0').update(version).digest('base64url');
	return {
		version,
		etag: `"${tag.slice(0, 27)}"`,
		plain,
		gzip,
		bytes: plain.length + (gzip?.length ?? 0)
	};
}

async function lookup(key: string, version: string, build: () => Promise<unknown>) {
	const hit = entries.get(key);
	if (hit?.version === version) {
		// Most recently used last, so eviction takes the oldest.
		entries.delete(key);
		entries.set(key, hit);
		return hit;
	}
	// Concurrent misses of one key share one build.
	const flight = `${key}\0${version}`;
	let pending = building.get(flight);
	if (!pending) {
		pending = build()
			.then((body) => {
				const encoded = encode(key, version, body);
				remember(key, encoded);
				return encoded;
			})
			.finally(() => building.delete(flight));
		building.set(flight, pending);
	}
	return pending;
}

/**
 * A JSON answer from the cache (built by `build` when `version` is new), with an ETag that
 * names the key and version, 304 for a matching If-None-Match, and gzip when accepted.
 * `headers` are added to every answer (content type, CORS, cache-control).
 */
export async function cachedJson(
	request: Request,
	cache: {
		key: string;
		version: string;
		/**
		 * Reads the version again: given for answers that are the same for every anonymous
		 * visitor of the URL, which are then published for the fast path (`public-fast-path.ts`).
		 */
		currentVersion?: () => Promise<string>;
	},
	build: () => Promise<unknown>,
	headers: Record<string, string> = {}
): Promise<Response> {
	const encoded = await lookup(cache.key, cache.version, build);
	const answerHeaders = new Headers(headers);
	if (!answerHeaders.has('content-type')) answerHeaders.set('content-type', 'application/json');
	answerHeaders.append('vary', 'accept-encoding');
	if (cache.currentVersion)
		publishAnswer(request, {
			version: cache.version,
			currentVersion: cache.currentVersion,
			etag: encoded.etag,
			headers: [...answerHeaders],
			plain: encoded.plain,
			gzip: encoded.gzip
		});
	answerHeaders.set('etag', encoded.etag);
	const ifNoneMatch = request.headers.get('if-none-match');
	if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(encoded.etag))
		return new Response(null, { status: 304, headers: answerHeaders });
	const acceptsGzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	if (acceptsGzip && encoded.gzip) {
		answerHeaders.set('content-encoding', 'gzip');
		return new Response(new Uint8Array(encoded.gzip), { headers: answerHeaders });
	}
	return new Response(new Uint8Array(encoded.plain), { headers: answerHeaders });
}

const values = new Map<string, { version: string; value: Promise<unknown> }>();

/**
 * A value (a page's data) kept per key until `version` changes, for pages that render the same
 * data for everyone; concurrent misses share one build, and a failed build is not kept. Keys
 * are few and fixed by the caller (one per filter value), so there is no eviction.
 */
export function cachedValue<T>(key: string, version: string, build: () => Promise<T>): Promise<T> {
	const hit = values.get(key);
	if (hit?.version === version) return hit.value as Promise<T>;
	const value = build();
	values.set(key, { version, value });
	value.catch(() => {
		if (values.get(key)?.value === value) values.delete(key);
	});
	return value;
}

/** For tests: forget every cached answer and value. */
export function clearCachedAnswers(): void {
	entries.clear();
	values.clear();
	cachedBytes = 0;
}
