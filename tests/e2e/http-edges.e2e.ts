/**
 * The app's HTTP edge against the built app (issue 12, defect 6): a body over BODY_SIZE_LIMIT
 * answers 413 naming the limit, a changing JSON request from another site's page is refused
 * like a form post, and throttled log-ins leave a record DLA staff can find in /admin/audit.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { turnReadinessRulesOff } from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const running = () => app!;
const showAppOutputOnFailure = () => reportAppOutput(() => app);
const foreignOrigin = 'https://evil.example';

/** A square of 0.02° with its south-west corner at (lon, lat), inside ขอนแก่น. */
function zoneBody(name: string, lon: number, lat = 16.45) {
	const size = 0.02;
	return {
		provinceCode: 'TH40',
		baseRevisionId: null,
		attributes: {
			name,
			description: 'ทดสอบขอบ HTTP',
			objectives: '',
			objectiveTags: [],
			partners: [{ sector: 'people', name: 'วิสาหกิจชุมชนบ้านฝาง' }]
		},
		geometry: {
			type: 'Polygon',
			coordinates: [
				[
					[lon, lat],
					[lon + size, lat],
					[lon + size, lat + size],
					[lon, lat + size],
					[lon, lat]
				]
			]
		},
		geometrySource: 'drawn'
	};
}

/** A JSON request with the headers given (no Origin unless given, as curl sends it). */
function rawJson(method: string, path: string, body: unknown, headers: Record<string, string>) {
	return fetch(`${running().url}${path}`, {
		method,
		redirect: 'manual',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});
}

beforeAll(async () => {
	// A small limit so that "too large" is cheap to send.
	app = await startApp({ env: { DEMO_MODE: 'true', BODY_SIZE_LIMIT: '64K' } });
	await waitUntilReady(app);
	http = httpClient(app.url);
	// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
	await turnReadinessRulesOff(http);
}, 240_000);
afterAll(async () => {
	await browser?.close();
	await app?.stop();
});

describe('a body over BODY_SIZE_LIMIT', () => {
	const oversized = zoneBody('ก'.repeat(40 * 1024), 102.3);

	test('JSON with its length declared: 413 naming the limit, not 400 "not JSON"', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const response = await http.json('POST', '/api/zones/preview', oversized, planner);
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({
			error: 'too_large',
			message: 'The body is over 64 KB',
			problems: [{ rule: 'body.too_large', field: 'body', details: { maxBytes: 64 * 1024 } }]
		});
	});

	test('JSON sent in chunks (no length): measured while read, 413 too', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const bytes = new TextEncoder().encode(JSON.stringify(oversized));
		let offset = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (offset >= bytes.length) return controller.close();
				controller.enqueue(bytes.slice(offset, offset + 8192));
				offset += 8192;
			}
		});
		const response = await fetch(`${running().url}/api/zones`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: running().url, cookie: planner },
			body,
			duplex: 'half'
		} as RequestInit);
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({
			error: 'too_large',
			problems: [{ rule: 'body.too_large' }]
		});
	});

	test('a form post over the limit is refused with 413 as well', async () => {
		showAppOutputOnFailure();
		const response = await http.postForm('/login', {
			username: 'planner.th40',
			password: 'x'.repeat(80 * 1024)
		});
		expect(response.status).toBe(413);
		await response.body?.cancel();
	});
});

describe('a changing JSON request from another site', () => {
	test('is refused with 403 whatever the session; this site and clients without Origin go on', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const foreign = await rawJson('POST', '/api/zones', zoneBody('เขตจากเว็บอื่น', 102.4), {
			origin: foreignOrigin,
			cookie: planner
		});
		expect(foreign.status).toBe(403);
		expect(await foreign.json()).toMatchObject({
			error: 'forbidden',
			problems: [{ rule: 'request.foreign_origin', field: 'origin' }]
		});

		// The same request from the app's own pages is made…
		const own = await rawJson('POST', '/api/zones', zoneBody('เขตจากหน้าของระบบ', 102.5), {
			origin: running().url,
			cookie: planner
		});
		expect(own.status, await own.clone().text()).toBe(201);
		const { zone, revision } = (await own.json()) as {
			zone: { id: number };
			revision: { id: number };
		};
		// …and so is one from a client that sends no Origin (curl, a script with its cookie).
		const script = await rawJson('POST', '/api/zones', zoneBody('เขตจากสคริปต์', 102.6), {
			cookie: planner
		});
		expect(script.status, await script.clone().text()).toBe(201);
		await script.body?.cancel();

		// Saving, workflow: the same refusal; nothing changed.
		const save = await rawJson(
			'PUT',
			`/api/zones/${zone.id}`,
			{ ...zoneBody('ชื่อที่เว็บอื่นตั้ง', 102.5), baseRevisionId: revision.id },
			{ origin: foreignOrigin, cookie: planner }
		);
		expect(save.status).toBe(403);
		await save.body?.cancel();
		const submit = await rawJson(
			'POST',
			`/api/zones/${zone.id}/workflow`,
			{ event: 'submit', revisionId: revision.id },
			{ origin: foreignOrigin, cookie: planner }
		);
		expect(submit.status).toBe(403);
		await submit.body?.cancel();
		const read = await http.get(`/api/zones/${zone.id}`, planner);
		const now = await read.text();
		expect(now).toContain('เขตจากหน้าของระบบ');
		expect(now).not.toContain('ชื่อที่เว็บอื่นตั้ง');
		expect(now).not.toContain('"submitted"');
	});

	test('reads are not affected: the OGC API and zone GETs answer any Origin', async () => {
		showAppOutputOnFailure();
		for (const path of ['/ogc/collections', '/api/zones/context']) {
			const response = await fetch(`${running().url}${path}`, {
				headers: { origin: foreignOrigin }
			});
			expect(response.status, path).not.toBe(403);
			await response.body?.cancel();
		}
	});
});

describe('throttled log-ins', () => {
	const username = 'nobody.throttled';

	test('are answered 429 and recorded: DLA staff find them in the audit log, in Thai and English', async () => {
		showAppOutputOnFailure();
		for (let i = 0; i < 5; i++) {
			const failed = await http.postForm('/login', { username, password: `wrong-guess-${i}` });
			expect(failed.status).toBe(400);
			await failed.body?.cancel();
		}
		for (let i = 0; i < 3; i++) {
			const throttled = await http.postForm('/login', { username, password: 'still-guessing' });
			expect(throttled.status).toBe(429);
			await throttled.body?.cancel();
		}

		const dla = await http.logInAs('dla.demo');
		const filtered = await http.get('/admin/audit?action=user.login_throttled', dla);
		expect(filtered.status).toBe(200);
		const html = await filtered.text();
		expect(html).toContain('ถูกระงับการเข้าสู่ระบบชั่วคราว');
		expect(html).toContain(username);
		// Three refusals, one entry: the first of the window (the next at the 10th).
		expect(html.match(/data-testid="audit-entry"/g)).toHaveLength(1);
		expect(html).not.toContain('still-guessing');

		const [name, value] = dla.split('=') as [string, string];
		browser = await openBrowser();
		for (const [locale, lang] of [
			['th-TH', 'th'],
			['en-GB', 'en']
		] as const) {
			for (const viewport of [
				{ width: 1366, height: 900 },
				{ width: 390, height: 844 }
			]) {
				const checked = await newCheckedPage(browser, {
					origin: running().url,
					viewport,
					locale
				});
				await checked.page.context().addCookies([{ name, value, url: running().url }]);
				await checked.page.goto(
					`${running().url}/admin/audit?action=user.login_throttled&lang=${lang}`
				);
				await checked.page.getByTestId('audit-entry').first().waitFor();
				await expect
					.poll(() => checked.page.getByTestId('audit-table').innerText())
					.toContain(lang === 'th' ? 'ถูกระงับการเข้าสู่ระบบชั่วคราว' : 'Log-in refused for a while');
				await screenshot(checked.page, `audit-login-throttled-${lang}-${viewport.width}`);
				checked.assertNoPageErrors();
				await checked.close();
			}
		}
	});
});
