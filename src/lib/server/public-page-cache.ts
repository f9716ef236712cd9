import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { sessionCookieName } from './accounts/session-cookie';
import { getDatabase } from './app-state';
import { chooseEncoding } from './http/compression';
import { withFramingHeaders } from './http/framing';
import { publishAnswer } from './http/public-fast-path';
import { importVersion } from './ogc/ogc.collections';
import { checkedVersion } from './checked-version';
import { approvedZonesVersionChecked } from './zones/public-zone.service';

/**
 * Public pages that are the same HTML for every anonymous visitor until their data changes, kept
 * rendered and compressed (brotli and gzip, once) per data version (issue 19 item 4): a visit
 * then costs no load, no render, no compression and — within a second of the last check — no
 * database round trip (`checked-version.ts`). Only `/zones`, the text list of approved zones, for
 * now: its HTML depends on the approved zones, the imported names, the language and the
 * province filter, all in the key.
 *
 * Not cached: a signed-in visitor or anyone sending a session cookie (the navigation differs),
 * a language switch (`?lang=`, which sets a cookie), any other query than `?province=THnn`, and
 * any answer but 200 HTML, and the client router's data requests (`__data.json`).
 */

const importVersionChecked = checkedVersion(importVersion);

interface CachedPage {
	pathname: string;
	/** Which data the HTML shows, as a version string. */
	version: (event: RequestEvent) => Promise<string>;
}

const cachedPages: readonly CachedPage[] = [
	{
		pathname: '/zones',
		version: async () => {
			const { db } = getDatabase();
			const [zones, imported] = await Promise.all([
				approvedZonesVersionChecked(db),
				importVersionChecked(db)
			]);
			return `${zones}|${imported}`;
		}
	}
];

/** The only query strings a cached page may carry (others render without the cache). */
const cacheableSearch = /^(\?province=TH[0-9]{2})?$/;

/** Most pages kept (language × province × origin); the oldest go first. */
const maxPages = 256;

interface RenderedPage {
	version: string;
	etag: string;
	headers: [string, string][];
	plain: Uint8Array;
	gzip: Uint8Array;
	br: Uint8Array;
}

const pages = new Map<string, RenderedPage>();
const rendering = new Map<string, Promise<RenderedPage | null>>();

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Headers of the rendered answer not kept: they belong to one answer or are set here. */
const perAnswerHeaders = new Set([
	'set-cookie',
	'content-length',
	'content-encoding',
	'date',
	'etag',
	'vary'
]);

/** The rendered page, or the answer itself when it is not one to keep (an error page). */
type Rendered = { page: RenderedPage } | { response: Response };

async function render(
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve'],
	key: string,
	version: string
): Promise<Rendered> {
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	if (response.status !== 200 || !type.startsWith('text/html')) return { response };
	const plain = new Uint8Array(await response.arrayBuffer());
	const [br, gzipped] = await Promise.all([
		brotli(plain, {
			// Compressed once per version, so the best quality is worth its time.
			params: {
				[zlib.BROTLI_PARAM_QUALITY]: 11,
				[zlib.BROTLI_PARAM_SIZE_HINT]: plain.byteLength
			}
		}),
		gzipAsync(plain, { level: 9 })
	]);
	const tag = createHash('sha256').update(key).update('\0').update(version).digest('base64url');
	return {
		page: {
			version,
			etag: `"${tag.slice(0, 27)}"`,
			headers: [...response.headers].filter(([name]) => !perAnswerHeaders.has(name.toLowerCase())),
			plain,
			gzip: gzipped,
			br
		}
	};
}

/** The headers of every answer of `page` but its encoding and length. */
function headersOf(page: RenderedPage): Headers {
	const headers = withFramingHeaders(new Headers(page.headers));
	headers.set('vary', 'Accept-Encoding');
	// Browsers revalidate with the ETag, so a new approval shows on the next visit.
	if (!headers.has('cache-control')) headers.set('cache-control', 'no-cache');
	return headers;
}

function answer(request: Request, page: RenderedPage): Response {
	const headers = headersOf(page);
	headers.set('etag', page.etag);
	const ifNoneMatch = request.headers.get('if-none-match');
	if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(page.etag))
		return new Response(null, { status: 304, headers });
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	const body = encoding === 'br' ? page.br : encoding === 'gzip' ? page.gzip : page.plain;
	if (encoding) headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/** Offers the page to the fast path, which answers the next anonymous visits before SvelteKit. */
function publish(event: RequestEvent, page: CachedPage, rendered: RenderedPage) {
	publishAnswer(event.request, {
		version: rendered.version,
		currentVersion: () => page.version(event),
		etag: rendered.etag,
		headers: [...headersOf(rendered)],
		plain: rendered.plain,
		gzip: rendered.gzip,
		br: rendered.br
	});
}

/**
 * The server hook's step for the cached pages; it runs after the session is resolved (it needs
 * `locals.user` and the locale), before the route.
 */
export const cachePublicPages: Handle = async ({ event, resolve }) => {
	const page = cachedPages.find((p) => p.pathname === event.url.pathname);
	if (
		!page ||
		event.request.method !== 'GET' ||
		// The client router's data request for the same page (`/zones/__data.json`): SvelteKit
		// shows it here under the page's own pathname, and it must get JSON, never the HTML.
		event.isDataRequest ||
		event.locals.user ||
		event.cookies.get(sessionCookieName) !== undefined ||
		!cacheableSearch.test(event.url.search)
	)
		return resolve(event);
	const version = await page.version(event);
	const key = `${event.url.origin}${event.url.pathname}${event.url.search}\0${event.locals.locale}`;
	const hit = pages.get(key);
	if (hit?.version === version) {
		// Most recently used last, so eviction takes the oldest.
		pages.delete(key);
		pages.set(key, hit);
		publish(event, page, hit);
		return answer(event.request, hit);
	}
	// Concurrent misses of one page share one render; the others wait for it.
	const flight = `${key}\0${version}`;
	const pending = rendering.get(flight);
	if (pending) {
		const rendered = await pending;
		// The first render failed or was not cacheable: this request renders its own answer.
		return rendered ? answer(event.request, rendered) : resolve(event);
	}
	const own = render(event, resolve, key, version);
	// Never rejects (a failed render is the first request's error to answer).
	const shared = own.then(
		(r) => ('page' in r ? r.page : null),
		() => null
	);
	rendering.set(flight, shared);
	try {
		const rendered = await own;
		if ('response' in rendered) return rendered.response;
		pages.delete(key);
		pages.set(key, rendered.page);
		for (const oldKey of pages.keys()) {
			if (pages.size <= maxPages) break;
			pages.delete(oldKey);
		}
		publish(event, page, rendered.page);
		return answer(event.request, rendered.page);
	} finally {
		rendering.delete(flight);
	}
};

/** For tests: forget every cached page. */
export function clearCachedPages(): void {
	pages.clear();
}
