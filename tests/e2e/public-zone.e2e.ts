/**
 * The public zone page against the built app: a planner creates and submits a zone over HTTP,
 * the governor approves it, the planner drafts an amendment with another name and boundary; an
 * anonymous visitor in Chromium then sees exactly the approved revision, and a zone never
 * approved is a 404 to them (its existence is not public).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	mapIdle,
	mapOf,
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
let planner: string;
let governor: string;

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A square of `sizeDegrees` with its south-west corner at (lon, lat), inside ขอนแก่น. */
function square(lon: number, lat: number, sizeDegrees: number) {
	return {
		type: 'Polygon',
		coordinates: [
			[
				[lon, lat],
				[lon + sizeDegrees, lat],
				[lon + sizeDegrees, lat + sizeDegrees],
				[lon, lat + sizeDegrees],
				[lon, lat]
			]
		]
	};
}

function attributes(name: string) {
	return {
		name,
		description: 'เขตทดสอบหน้าสาธารณะ',
		objectives: 'บริหารจัดการน้ำและวิสาหกิจชุมชน',
		objectiveTags: ['น้ำ', 'วิสาหกิจชุมชน'],
		partners: [
			{ sector: 'government', name: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น' },
			{ sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' }
		]
	};
}

interface Saved {
	zone: { id: number; currentRevisionId: number; status: string };
	revision: { id: number; name: string; areaKm2: number };
}

async function ok<T>(response: Response, status = 200): Promise<T> {
	const text = await response.text();
	expect(response.status, text).toBe(status);
	return JSON.parse(text) as T;
}

async function workflow(zoneId: number, event: string, revisionId: number, cookie: string) {
	return ok<{ zone: Saved['zone'] }>(
		await http.json('POST', `/api/zones/${zoneId}/workflow`, { event, revisionId }, cookie)
	);
}

/**
 * Resolves when MapLibre has drawn every tile of the view with the zone on it, checking that it
 * rendered the zone and that the canvas fills the map's container.
 */
async function zoneDrawn(page: Page): Promise<void> {
	await mapIdle(page, 'plan', { layer: 'public-zone-fill', timeout: 60_000 });
	const drawn = await (
		await mapOf(page, 'plan')
	).evaluate((map) => ({
		zone: map.queryRenderedFeatures({ layers: ['public-zone-fill'] }).length,
		canvasWidth: map.getCanvas().clientWidth,
		containerWidth: map.getContainer().clientWidth
	}));
	expect(drawn.zone).toBeGreaterThan(0);
	expect(drawn.canvasWidth).toBe(drawn.containerWidth);
}

const approvedName = 'เขตพัฒนาเศรษฐกิจพอเพียงบ้านฝาง (ฉบับอนุมัติ)';
const draftName = 'ชื่อในร่างแก้ไขที่ยังไม่อนุมัติ';
let approved: Saved;
let neverApprovedId: number;

describe('the public zone page', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		planner = await http.logInAs('planner.th40');
		governor = await http.logInAs('governor.th40');

		approved = await ok<Saved>(
			await http.json(
				'POST',
				'/api/zones',
				{
					provinceCode: 'TH40',
					baseRevisionId: null,
					attributes: attributes(approvedName),
					geometry: square(102.45, 16.6, 0.02),
					geometrySource: 'drawn'
				},
				planner
			),
			201
		);
		const zoneId = approved.zone.id;
		await workflow(zoneId, 'submit', approved.revision.id, planner);
		const decided = await workflow(zoneId, 'approve', approved.revision.id, governor);
		expect(decided.zone.status).toBe('approved');

		// An amendment: a new draft revision with another name and a larger boundary.
		const revised = await workflow(zoneId, 'revise', approved.revision.id, planner);
		expect(revised.zone.status).toBe('draft');
		const amendment = await ok<Saved>(
			await http.json(
				'PUT',
				`/api/zones/${zoneId}`,
				{
					baseRevisionId: revised.zone.currentRevisionId,
					attributes: attributes(draftName),
					geometry: square(102.45, 16.6, 0.03),
					geometrySource: 'drawn'
				},
				planner
			)
		);
		expect(amendment.revision.name).toBe(draftName);
		expect(amendment.revision.areaKm2).toBeGreaterThan(approved.revision.areaKm2 * 2);

		const never = await ok<Saved>(
			await http.json(
				'POST',
				'/api/zones',
				{
					provinceCode: 'TH40',
					baseRevisionId: null,
					attributes: attributes('เขตที่ไม่เคยอนุมัติ'),
					geometry: square(102.6, 16.75, 0.02),
					geometrySource: 'drawn'
				},
				planner
			),
			201
		);
		neverApprovedId = never.zone.id;
		browser = await openBrowser();
	}, 300_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('an anonymous visitor sees the approved revision, not the amendment', async () => {
		showAppOutputOnFailure();
		const checked = await newCheckedPage(browser!, { origin: app!.url });
		const { page } = checked;
		const response = await page.goto(`${app!.url}/zones/${approved.zone.id}?lang=th`);
		expect(response?.status()).toBe(200);
		await expect.poll(() => page.getByTestId('zone-name').textContent()).toBe(approvedName);
		const areaText = `${approved.revision.areaKm2.toLocaleString('th-TH', { maximumFractionDigits: 2 })} ตร.กม.`;
		expect(await page.getByTestId('zone-area').textContent()).toBe(areaText);
		const body = (await page.locator('main, body').first().textContent()) ?? '';
		expect(body).not.toContain(draftName);
		expect(await page.getByTestId('approved-by').textContent()).toBe(
			'อนุมัติโดย ผู้ว่าราชการจังหวัดขอนแก่น'
		);
		// The Buddhist Era year of today (the approval was made just now).
		const yearBe = String(
			Number(
				new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Bangkok' }).format(
					new Date()
				)
			) + 543
		);
		expect(await page.getByTestId('approval').textContent()).toContain(yearBe);
		// No workspace link for the public; the download links point at the export route.
		expect(await page.getByTestId('workspace-link').count()).toBe(0);
		expect(
			await page.locator(`a[href="/zones/${approved.zone.id}/export/zone.geojson"]`).count()
		).toBe(1);
		expect(await page.getByTestId('covered-laos').locator('tbody tr').count()).toBeGreaterThan(0);

		// The map draws the approved boundary (the same one whose area is printed).
		await zoneDrawn(page);
		checked.assertNoPageErrors();
		const th = await screenshot(page, 'public-zone-th', { fullPage: true });
		expect(th).toContain('public-zone-th');

		await page.goto(`${app!.url}/zones/${approved.zone.id}?lang=en`);
		await expect.poll(() => page.getByTestId('zone-name').textContent()).toBe(approvedName);
		expect(await page.getByTestId('approved-by').textContent()).toBe(
			'Approved by the Governor of Khon Kaen'
		);
		expect(await page.getByTestId('zone-area').textContent()).toBe(
			`${approved.revision.areaKm2.toLocaleString('en-GB', { maximumFractionDigits: 2 })} km²`
		);
		await zoneDrawn(page);
		checked.assertNoPageErrors();
		await screenshot(page, 'public-zone-en', { fullPage: true });
		await checked.close();
	});

	test('the page reads without JavaScript: the figures are in the HTML', async () => {
		showAppOutputOnFailure();
		const response = await http.get(`/zones/${approved.zone.id}?lang=th`);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain(approvedName);
		expect(html).not.toContain(draftName);
		expect(html).toContain('data-testid="figures"');
		expect(html).toContain('ผู้ว่าราชการจังหวัดขอนแก่น');
	});

	test('a zone never approved is 404 for the public; its planner is sent to the workspace', async () => {
		showAppOutputOnFailure();
		const checked = await newCheckedPage(browser!, {
			origin: app!.url,
			allowedNavigationStatuses: [404]
		});
		const response = await checked.page.goto(`${app!.url}/zones/${neverApprovedId}`);
		expect(response?.status()).toBe(404);
		expect(await checked.page.content()).not.toContain('เขตที่ไม่เคยอนุมัติ');
		checked.assertNoPageErrors();
		await checked.close();

		const asPlanner = await http.get(`/zones/${neverApprovedId}`, planner);
		await asPlanner.body?.cancel();
		expect(asPlanner.status).toBe(303);
		expect(asPlanner.headers.get('location')).toBe(`/plan/zones/${neverApprovedId}`);
		const other = await http.get(`/zones/${neverApprovedId}`, await http.logInAs('planner.th30'));
		await other.body?.cancel();
		expect(other.status).toBe(404);
	});

	test('the planner of the province sees the approved page with a link to the workspace', async () => {
		showAppOutputOnFailure();
		const response = await http.get(`/zones/${approved.zone.id}`, planner);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain(approvedName);
		expect(html).not.toContain(draftName);
		// SvelteKit writes the link relative to the page (`../plan/zones/N`).
		expect(html).toMatch(
			new RegExp(`href="[./]*/?plan/zones/${approved.zone.id}"[^>]*data-testid="workspace-link"`)
		);
	});
});
