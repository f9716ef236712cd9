import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isLocale, phaseLabel, type Locale } from '$lib/i18n';
import { resolveSession } from '$lib/server/accounts/auth.service';
import {
	clearSessionCookie,
	sessionCookieName,
	setSessionCookie
} from '$lib/server/accounts/session-cookie';
import {
	appStatus,
	databaseWanted,
	getDatabase,
	startApp,
	stopApp,
	tilesWhileOpening
} from '$lib/server/app-state';
import { readConfig } from '$lib/server/config';
import { refuseAtTheEdge } from '$lib/server/http/http-edge';
import { compressResponse } from '$lib/server/http/compression';
import { withFramingPolicy } from '$lib/server/http/framing';
import { cachePublicPages } from '$lib/server/public-page-cache';
import { renderStatusPage } from '$lib/server/status-page';
// Registers the fast path (tiles, published public answers) that `server.js` puts in front of
// SvelteKit (issue 19).
import '$lib/server/http/fast-path';

// Not awaited: the server listens at once and answers 503 with progress while the database
// opens, migrates and (on first start) imports. A start that fails (the data directory held by
// another process, a migration, the import) ends the process non-zero once the cause is logged,
// so that its supervisor starts it again rather than leaving it answering "failed" (issue 12).
export const init: ServerInit = () => {
	void startApp({ onFailed: exitAfterFailedStart }).catch(() => {
		// Reported through onFailed.
	});
	// adapter-node emits this once its server has closed on SIGTERM/SIGINT: close the database
	// so an embedded data directory is flushed and released before the process exits.
	process.once('sveltekit:shutdown', () => {
		void stopApp().catch((error: unknown) => console.error('Shutdown failed:', error));
	});
};

/** How long closing the database may take before the process exits anyway, milliseconds. */
const closeBeforeExitMs = 10_000;

function exitAfterFailedStart(error: unknown) {
	console.error(
		'Start-up failed; exiting with code 1 so that a supervisor restarts the app:',
		error
	);
	process.exitCode = 1;
	// Close (and so release) an embedded data directory first; never wait on it forever.
	void Promise.race([stopApp(), new Promise((resolve) => setTimeout(resolve, closeBeforeExitMs))])
		.catch((closeError: unknown) => console.error('Closing the database failed:', closeError))
		.finally(() => process.exit(1));
}

function chooseLocale(url: URL, cookie: string | undefined): Locale {
	const asked = url.searchParams.get('lang');
	if (isLocale(asked)) return asked;
	return isLocale(cookie) ? cookie : 'th';
}

/** Every answer, the progress page and the tiles included, compressed when the client accepts it. */
const compress: Handle = async ({ event, resolve }) =>
	compressResponse(event.request, await resolve(event));

const app: Handle = async ({ event, resolve }) => {
	const locale = chooseLocale(event.url, event.cookies.get('lang'));
	if (event.url.searchParams.has('lang')) {
		event.cookies.set('lang', locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 31536000
		});
	}
	event.locals.locale = locale;
	event.locals.user = null;
	event.locals.sessionId = null;

	const refused = refuseAtTheEdge(event.request, event.url, bodySizeLimitBytes());
	if (refused) return refused;

	const status = appStatus();
	if (event.url.pathname === '/status.json') {
		// `?open=1`: a caller that waits for the database (a supervisor's readiness probe, the
		// tests) has it opened now rather than after the map's first view (`databaseWanted`).
		if (event.url.searchParams.get('open') === '1') databaseWanted();
		const { state, percent, phase } = status;
		return Response.json(
			{ state, percent, phase, phaseLabel: phaseLabel(locale, phase) },
			{ headers: { 'cache-control': 'no-store' } }
		);
	}
	if (status.state !== 'ready' && !mapShellWhileOpening(event)) {
		databaseWanted();
		// Machine clients (the map's API calls and tiles) get the status as JSON, people the page.
		if (/^\/(api|tiles)\//.test(event.url.pathname)) {
			const { state, percent, phase } = status;
			return Response.json(
				{ error: 'not_ready', state, percent, phase },
				{ status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } }
			);
		}
		return new Response(renderStatusPage(status, locale), {
			status: 503,
			headers: {
				'content-type': 'text/html; charset=utf-8',
				'cache-control': 'no-store',
				'retry-after': '5'
			}
		});
	}
	// Tiles are public and the same for everyone: they skip the session lookup, which would
	// otherwise cost a query for each of the dozens of tiles a map view asks for.
	const token = event.cookies.get(sessionCookieName);
	if (token && !event.url.pathname.startsWith('/tiles/')) {
		const idleHours = sessionIdleHours();
		const session = await resolveSession(getDatabase().db, token, { idleHours });
		if (session) {
			event.locals.user = session.actor;
			event.locals.sessionId = session.sessionId;
			if (session.extended) setSessionCookie(event.cookies, event.url, token, idleHours);
		} else {
			// Expired, ended elsewhere or disabled: drop the dead cookie.
			clearSessionCookie(event.cookies, event.url);
		}
	}
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', locale)
	});
	return withFramingPolicy(response);
};

/**
 * After a restart of the embedded database, the map (`/`, no session: the navigation of a
 * signed-in user needs the database) is rendered while the database opens: its tiles come from
 * the tile snapshot (`tilesWhileOpening`), so it draws in a second or two instead of after the
 * seconds PGlite takes to open (issue 19 item 2). Everything else waits for the database.
 */
function mapShellWhileOpening(event: Parameters<Handle>[0]['event']): boolean {
	return (
		event.url.pathname === '/' &&
		(event.request.method === 'GET' || event.request.method === 'HEAD') &&
		!event.cookies.get(sessionCookieName) &&
		tilesWhileOpening() !== undefined
	);
}

let cachedBodyLimit: number | undefined;
function bodySizeLimitBytes(): number {
	cachedBodyLimit ??= readConfig().BODY_SIZE_LIMIT;
	return cachedBodyLimit;
}

// The cached public pages come after `app`: they need the locale and the session it resolves.
export const handle = sequence(compress, app, cachePublicPages);

let cachedIdleHours: number | undefined;
function sessionIdleHours(): number {
	cachedIdleHours ??= readConfig().SESSION_IDLE_HOURS;
	return cachedIdleHours;
}
