import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib } from 'node:zlib';
import { sessionCookieName } from '../accounts/session-cookie';
import { appStatus } from '../app-state';
import { chooseEncoding, minimumCompressedBytes } from './compression';

/**
 * The public answers' fast path (issue 19 item 4). The open data and the public lists are kept
 * encoded per data version already (`cached-answer.ts`, `public-page-cache.ts`), yet under load
 * a cached answer still cost SvelteKit's request pipeline: a `Request` built, the hooks, the
 * route, `setResponse` — most of a request's time (50 ms p99 at 50 connections on two cores,
 * 166 ms for a 100-LAO OGC page). So each cached answer an anonymous visitor got is published
 * here under the request as it arrived (host, forwarded host and protocol, path and query, the
 * language cookie), with the reader of the data version it was built from; `server.js` offers
 * every GET and HEAD here first, and an answer still current is written straight on the
 * `node:http` objects with the same headers, ETag, 304 and encodings. A request with a session
 * cookie or credentials, a version that moved, an app not ready or anything not published goes
 * to SvelteKit, which answers (and publishes again) as before.
 */

/** One answer as it was sent, and how to tell whether it is still current. */
export interface PublishedAnswer {
	/** The data version the answer was built from. */
	version: string;
	/** Reads the data's version now (at most one database round trip a second: `checked-version.ts`). */
	currentVersion: () => Promise<string>;
	etag: string;
	/** Every header but the encoding, length and ETag, which are set per answer here. */
	headers: [string, string][];
	plain: Uint8Array;
	gzip: Uint8Array | null;
	/** Brotli, when the publisher made it; else made once in the background after publishing. */
	br?: Uint8Array | null;
}

interface Entry extends PublishedAnswer {
	/** Null until made: SvelteKit answers a brotli client until then. */
	br: Uint8Array | null;
}

/** Most answers kept (URLs × hosts × languages); the least recently used go first. */
const maxEntries = 2048;
const entries = new Map<string, Entry>();
const brotli = promisify(brotliCompress);

type HeaderOf = (name: string) => string | undefined;

/** The headers adapter-node may take the origin from (its HOST_HEADER, PROTOCOL_HEADER, PORT_HEADER). */
const originHeaders = [
	...new Set(
		[
			'host',
			'x-forwarded-host',
			'x-forwarded-proto',
			process.env.HOST_HEADER,
			process.env.PROTOCOL_HEADER,
			process.env.PORT_HEADER
		]
			.filter((name): name is string => Boolean(name))
			.map((name) => name.toLowerCase())
	)
];

/** The cookie's value in a `Cookie` header, or undefined. */
function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
	if (!cookieHeader) return undefined;
	for (const part of cookieHeader.split(';')) {
		const at = part.indexOf('=');
		if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
	}
	return undefined;
}

/**
 * Everything of the request an anonymous answer may depend on: its origin as adapter-node
 * derives it (the host, or the forwarded host and protocol behind a proxy), the normalised path
 * and query, and the language cookie. Anything else must not change a cached public answer.
 */
function keyOf(header: HeaderOf, pathAndQuery: string): string {
	const url = new URL(pathAndQuery, 'http://request.invalid');
	return [
		...originHeaders.map((name) => header(name) ?? ''),
		`${url.pathname}${url.search}`,
		cookieValue(header('cookie'), 'lang') ?? ''
	].join('\0');
}

/** A request that may get a published answer: no session cookie and no credentials. */
function isAnonymous(header: HeaderOf): boolean {
	return (
		header('authorization') === undefined &&
		cookieValue(header('cookie'), sessionCookieName) === undefined
	);
}

/**
 * Publishes the answer a route just gave an anonymous `request` (a GET of a cached public
 * answer) for the fast path. A request with a session cookie publishes nothing: its answer may
 * be a signed-in user's.
 */
export function publishAnswer(request: Request, answer: PublishedAnswer): void {
	if (request.method !== 'GET') return;
	const header: HeaderOf = (name) => request.headers.get(name) ?? undefined;
	if (!isAnonymous(header)) return;
	const url = new URL(request.url);
	const key = keyOf(header, `${url.pathname}${url.search}`);
	const previous = entries.get(key);
	if (previous?.version === answer.version && previous.etag === answer.etag) {
		entries.delete(key);
		entries.set(key, previous);
		return;
	}
	const entry: Entry = { ...answer, br: answer.br ?? null };
	entries.delete(key);
	entries.set(key, entry);
	for (const oldKey of entries.keys()) {
		if (entries.size <= maxEntries) break;
		entries.delete(oldKey);
	}
	if (!entry.br && answer.plain.byteLength >= minimumCompressedBytes)
		brotli(answer.plain, {
			params: {
				[zlib.BROTLI_PARAM_QUALITY]: 9,
				[zlib.BROTLI_PARAM_SIZE_HINT]: answer.plain.byteLength
			}
		}).then(
			(br) => (entry.br = br),
			() => undefined
		);
}

/** Resolves true when it answered the request, false to pass it on to SvelteKit. */
export async function answerPublished(
	req: IncomingMessage,
	res: ServerResponse,
	/** Whether the database is open: until then SvelteKit answers (with its progress page). */
	isReady: () => boolean = () => appStatus().state === 'ready'
): Promise<boolean> {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	if (entries.size === 0 || !isReady()) return false;
	const header: HeaderOf = (name) => {
		const value = req.headers[name];
		return Array.isArray(value) ? value.join(', ') : value;
	};
	if (!isAnonymous(header)) return false;
	const key = keyOf(header, req.url ?? '/');
	const entry = entries.get(key);
	if (!entry) return false;
	let current: string;
	try {
		current = await entry.currentVersion();
	} catch {
		return false;
	}
	if (current !== entry.version) {
		if (entries.get(key) === entry) entries.delete(key);
		return false;
	}
	const headers: Record<string, string> = Object.fromEntries(entry.headers);
	headers.etag = entry.etag;
	const ifNoneMatch = header('if-none-match');
	if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(entry.etag)) {
		res.writeHead(304, headers);
		res.end();
		return true;
	}
	// As SvelteKit would send it: small answers plain, else brotli or gzip when accepted.
	const small = entry.plain.byteLength < minimumCompressedBytes;
	const encoding = small ? null : chooseEncoding(header('accept-encoding') ?? null);
	const body = encoding === 'br' ? entry.br : encoding === 'gzip' ? entry.gzip : entry.plain;
	// Brotli not made yet: SvelteKit answers this one.
	if (!body) return false;
	if (encoding) headers['content-encoding'] = encoding;
	headers['content-length'] = String(body.byteLength);
	res.writeHead(200, headers);
	if (req.method === 'HEAD') res.end();
	else res.end(body);
	return true;
}

/** For tests: forget every published answer. */
export function clearPublishedAnswers(): void {
	entries.clear();
}
