/**
 * The public reads without a database round trip (issue 19 item 4) against the built app: the
 * `/zones` page is kept rendered and compressed per data version (brotli or gzip as asked, an
 * ETag, `Vary: Accept-Encoding`, 304 on revalidation), in the visitor's language, never for a
 * signed-in user; and an approval made through the app shows at once on its next public answer,
 * page and API alike, though the app asks the database for the version only once a second.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff } from './zone-setup';

let app: RunningApp | undefined;
let http: HttpClient;
let cookies: { planner: string; governor: string };

const showAppOutputOnFailure = () => reportAppOutput(() => app);

function get(path: string, headers: Record<string, string> = {}) {
	return fetch(`${app!.url}${path}`, { redirect: 'manual', headers });
}

/** The page's HTML (fetch decodes brotli and gzip itself; the header says what was sent). */
const html = (response: Response) => response.text();

describe('public answers cached per data version', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		await turnReadinessRulesOff(http);
		cookies = {
			planner: await http.logInAs('planner.th40'),
			governor: await http.logInAs('governor.th40')
		};
	});
	afterAll(async () => {
		await app?.stop();
	});

	test('/zones is kept compressed, revalidated by its ETag, per language', async () => {
		showAppOutputOnFailure();
		const first = await get('/zones', { 'accept-encoding': 'br' });
		expect(first.status).toBe(200);
		expect(first.headers.get('content-encoding')).toBe('br');
		expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^"[\w-]{27}"$/);
		const publicPage = await html(first);
		expect(publicPage).toContain('<html lang="th"');
		expect(publicPage).not.toContain('/logout');

		// Answered by the fast path now (published by the first visit): the same headers.
		const again = await get('/zones', { 'accept-encoding': 'gzip' });
		expect(again.headers.get('content-encoding')).toBe('gzip');
		expect(again.headers.get('etag')).toBe(etag);
		expect(again.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		expect(again.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
		expect(again.headers.get('vary')).toMatch(/accept-encoding/i);
		expect(await html(again)).toContain('<html lang="th"');

		const revalidated = await get('/zones', { 'if-none-match': etag! });
		expect(revalidated.status).toBe(304);
		await revalidated.body?.cancel();

		const english = await get('/zones', { 'accept-encoding': 'br', cookie: 'lang=en' });
		expect(english.headers.get('etag')).toMatch(/^"[^"]+"$/);
		expect(english.headers.get('etag')).not.toBe(etag);
		expect(await html(english)).toContain('<html lang="en"');

		// The client router's data request for the same page gets its JSON, never the HTML copy
		// (a province filter navigates through it).
		const data = await get('/zones/__data.json?province=TH40', { 'accept-encoding': 'gzip' });
		expect(data.status).toBe(200);
		expect(data.headers.get('content-type')).toMatch(/json/);
		expect(JSON.parse(await data.text())).toMatchObject({ type: 'data' });

		// A signed-in planner gets the page rendered for them, not the public copy.
		const signedIn = await get('/zones', { cookie: cookies.planner });
		expect(signedIn.status).toBe(200);
		// Never the public copy's ETag (a page rendered per user has none at all).
		expect(signedIn.headers.get('etag')).not.toBe(etag);
		expect(await html(signedIn)).toContain('/logout');
	});

	test('an approval through the app shows at once on /zones and /api/zones', async () => {
		showAppOutputOnFailure();
		const name = 'เขตทดสอบแคชสาธารณะ';
		// Both answers cached first, so the approval must reach them through the version.
		const pageBefore = await get('/zones?province=TH40', { 'accept-encoding': 'br' });
		expect(await html(pageBefore)).not.toContain(name);
		const apiBefore = await get('/api/zones', { 'accept-encoding': 'gzip' });
		expect(JSON.stringify(await apiBefore.json())).not.toContain(name);

		await approvedZoneOfLaos(http, cookies, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name
		});

		const pageAfter = await get('/zones?province=TH40', { 'accept-encoding': 'br' });
		expect(pageAfter.headers.get('etag')).toMatch(/^"[^"]+"$/);
		expect(pageAfter.headers.get('etag')).not.toBe(pageBefore.headers.get('etag'));
		expect(await html(pageAfter)).toContain(name);
		const apiAfter = await get('/api/zones', { 'accept-encoding': 'gzip' });
		expect(JSON.stringify(await apiAfter.json())).toContain(name);
	});

	test('the fast path answers the public list to visitors only, never to a signed-in user', async () => {
		showAppOutputOnFailure();
		// Two anonymous visits: the first publishes the answer, the second gets it before SvelteKit.
		const first = await get('/api/zones', { 'accept-encoding': 'gzip' });
		const second = await get('/api/zones', { 'accept-encoding': 'gzip' });
		expect(second.headers.get('etag')).toMatch(/^"[^"]+"$/);
		expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
		expect(second.headers.get('cache-control')).toBe('no-cache');
		expect(await second.json()).toEqual(await first.json());
		// The planner's list is theirs (their province's drafts too): never the published one.
		const signedIn = await get('/api/zones', {
			cookie: cookies.planner,
			'accept-encoding': 'gzip'
		});
		expect(signedIn.status).toBe(200);
		expect(signedIn.headers.get('cache-control')).toBe('no-store');
		expect(signedIn.headers.get('etag')).toBeNull();
	});
});
