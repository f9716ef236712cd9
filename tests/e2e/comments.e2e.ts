/**
 * Public comments pinned to zones (issue 17), end to end in Chromium on the real pages: a
 * visitor opens an approved zone's public page, is refused for HTML (in Thai, naming the
 * field), pins a place on the map and comments; the province's planner publishes it on the
 * moderation page (seeing the name and contact); the public page lists it without them; the
 * governor sees it in the review page's summary (counts, the pin on the map, the comment), in
 * Thai and in English. The zone is set up over HTTP; every step after is in the browser.
 */
import { pointOnFeature } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	logInThroughForm,
	mapIdle,
	mapOf,
	mapPixel,
	newCheckedPage,
	openBrowser,
	screenshot,
	showAppOutputOnFailure as reportAppOutput,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, type MadeZone, turnReadinessRulesOff } from './zone-setup';

const COMMENT = 'ถนนเข้าหมู่บ้านบริเวณนี้น้ำท่วมขังทุกปีในเดือนกันยายน ควรยกระดับก่อนทำตลาดชุมชน';
const NAME = 'นางสมศรี ทดสอบ';
const CONTACT = '089-000-1111';

let browser: Browser | undefined;
let app: RunningApp | undefined;
let http: HttpClient;
let zone: MadeZone;
let geometry: MultiPolygon;
const pages: CheckedPage[] = [];
const showAppOutputOnFailure = () => reportAppOutput(() => app);

function running(): { app: RunningApp; browser: Browser } {
	if (!app || !browser) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, browser };
}

async function newPage(viewport = { width: 1366, height: 900 }): Promise<CheckedPage> {
	const { app, browser } = running();
	const checked = await newCheckedPage(browser, { origin: app.url, viewport });
	pages.push(checked);
	return checked;
}

/** Generous: MapLibre's first style and tiles on two busy cores (software WebGL). */
const MAP_TIMEOUT = 90_000;

describe('a visitor comments, the moderator publishes, the governor sees it', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		const planner = await http.logInAs('planner.th40');
		const governor = await http.logInAs('governor.th40');
		// Not about the readiness rules (tests/e2e/readiness.e2e.ts is): every rule off.
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{ planner, governor },
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตรับฟังความคิดเห็นประชาชน' }
		);
		const read = await http.get(`/api/zones/${zone.id}`, planner);
		expect(read.status).toBe(200);
		geometry = ((await read.json()) as { revision: { geometry: MultiPolygon } }).revision.geometry;
	}, 240_000);

	afterAll(async () => {
		for (const checked of pages) await checked.close();
		await browser?.close();
		await app?.stop();
	});

	test('the visitor is refused for HTML, then pins a place and comments (Thai)', async () => {
		showAppOutputOnFailure();
		const { app } = running();
		const checked = await newPage();
		const page = checked.page;
		await page.goto(`${app.url}/zones/${zone.id}?lang=th`);
		await mapIdle(page, 'plan', { timeout: MAP_TIMEOUT });
		const form = page.getByTestId('comment-form');
		await expect(form.textContent()).resolves.toContain('ไม่แสดงต่อสาธารณะ');
		await expect(page.getByTestId('comments-none').textContent()).resolves.toContain(
			'ยังไม่มีความคิดเห็นที่เผยแพร่'
		);

		// HTML is refused, naming the field, and what was typed stays.
		await form.locator('input[value="concern"]').check();
		await page.locator('#comment-text').fill('ไม่เห็นด้วย <a href="https://spam.example">คลิก</a>');
		await page.getByTestId('comment-submit').click();
		const refusedBox = page.getByTestId('comment-refused');
		await refusedBox.waitFor();
		expect(await refusedBox.textContent()).toContain('ความคิดเห็น: ต้องเป็นข้อความธรรมดา');
		expect(await page.locator('#comment-text').inputValue()).toContain('<a href=');
		// (The enhanced form's refusal is a 200 answer carrying the failure: no page problem.)
		checked.assertNoPageErrors();

		// A click inside the zone pins the place (the map scrolled back into view first).
		await page.locator('section[aria-labelledby="map-heading"]').scrollIntoViewIfNeeded();
		const inside = pointOnFeature(geometry).geometry.coordinates as [number, number];
		const pixel = await mapPixel(page, 'plan', ...inside);
		await page.mouse.click(pixel.x, pixel.y);
		await expect(page.getByTestId('comment-pin').textContent()).resolves.toContain('ปักหมุดที่ละติจูด');

		await form.locator('input[value="local_knowledge"]').check();
		await page.locator('#comment-text').fill(COMMENT);
		await page.locator('#comment-name').fill(NAME);
		await page.locator('#comment-contact').fill(CONTACT);
		await page.getByTestId('comment-submit').click();
		await page.getByTestId('comment-posted').waitFor();
		expect(await page.getByTestId('comment-posted').textContent()).toContain(
			'ได้รับความคิดเห็นของท่านแล้ว'
		);
		// Not public before a moderator publishes it.
		expect(await page.getByTestId('comment-list').count()).toBe(0);
		await screenshot(page, 'comments-public-form-th');
		checked.assertNoPageErrors();
	}, 240_000);

	test('the province planner sees the name and contact, and publishes it', async () => {
		showAppOutputOnFailure();
		const { app } = running();
		const checked = await newPage();
		const page = checked.page;
		await logInThroughForm(page, app.url, 'planner.th40', { to: '/account' });
		await page.goto(`${app.url}/review/comments?lang=th`);
		const item = page.getByTestId('moderation-comment').filter({ hasText: COMMENT });
		await item.waitFor();
		const author = await item.getByTestId('moderation-author').textContent();
		expect(author).toContain(NAME);
		expect(author).toContain(CONTACT);
		expect(await item.textContent()).toContain('ข้อมูลในพื้นที่');
		expect(await item.textContent()).toContain('ปักหมุดที่ละติจูด');
		await screenshot(page, 'comments-moderation-th');
		await item.getByTestId('publish').click();
		await page.getByTestId('moderation-done').waitFor();
		expect(await page.getByTestId('moderation-done').textContent()).toContain('เผยแพร่แล้ว');
		checked.assertNoPageErrors();
	}, 120_000);

	test('the public page lists it, newest first, with a Buddhist-Era date and no name', async () => {
		showAppOutputOnFailure();
		const { app } = running();
		const checked = await newPage({ width: 390, height: 844 });
		const page = checked.page;
		await page.goto(`${app.url}/zones/${zone.id}?lang=th`);
		const listed = page.getByTestId('comment').filter({ hasText: COMMENT });
		await listed.waitFor();
		const text = (await listed.textContent()) ?? '';
		expect(text).toContain('ข้อมูลในพื้นที่');
		const yearBe =
			Number(
				new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Bangkok' }).format(
					new Date()
				)
			) + 543;
		expect(text).toContain(String(yearBe));
		const html = await page.content();
		expect(html).not.toContain(NAME);
		expect(html).not.toContain(CONTACT);
		await page.getByTestId('zone-comments').scrollIntoViewIfNeeded();
		await screenshot(page, 'comments-public-list-th-390');
		checked.assertNoPageErrors();
	}, 120_000);

	test('the governor sees the summary: counts, the pin on the map, the comment (Thai, English)', async () => {
		showAppOutputOnFailure();
		const { app } = running();
		const checked = await newPage();
		const page = checked.page;
		await logInThroughForm(page, app.url, 'governor.th40', { to: '/account' });
		await page.goto(`${app.url}/review/zones/${zone.id}?lang=th`);
		const summary = page.getByTestId('comment-summary');
		await summary.waitFor();
		expect(await summary.locator('tr[data-category="local_knowledge"] td').textContent()).toBe('1');
		expect(await page.getByTestId('comment-count-total').textContent()).toBe('1');
		expect(await page.getByTestId('comment-pins-map').getAttribute('data-pin-count')).toBe('1');
		// The places come from their own request once the map is up.
		await page.locator('[data-testid="comment-pins-map"][data-pins-drawn="1"]').waitFor();
		expect(await summary.textContent()).toContain(COMMENT);
		expect(await summary.textContent()).not.toContain(NAME);
		// The pin is drawn: the comments map's circle layer holds the comment's point.
		const commentsMap = await mapOf(page, 'comments', { timeout: MAP_TIMEOUT });
		await page.getByTestId('comment-pins-map').scrollIntoViewIfNeeded();
		const drawn = await commentsMap.evaluate(
			(map) =>
				new Promise<number>((resolve) => {
					map.once('idle', () =>
						resolve(map.queryRenderedFeatures({ layers: ['comment-points'] }).length)
					);
					map.triggerRepaint();
				})
		);
		expect(drawn).toBe(1);
		await summary.scrollIntoViewIfNeeded();
		await screenshot(page, 'comments-review-summary-th');

		await page.goto(`${app.url}/review/zones/${zone.id}?lang=en`);
		await summary.waitFor();
		const english = (await summary.textContent()) ?? '';
		expect(english).toContain('Comments from the public (published)');
		expect(english).toContain('Local knowledge');
		await mapIdle(page, 'comments', { timeout: MAP_TIMEOUT });
		await summary.scrollIntoViewIfNeeded();
		await screenshot(page, 'comments-review-summary-en');

		// The public page in English, phone-sized.
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto(`${app.url}/zones/${zone.id}?lang=en`);
		await page.getByTestId('comment-form').scrollIntoViewIfNeeded();
		expect(await page.getByTestId('comment-pdpa').textContent()).toContain('never shown publicly');
		await screenshot(page, 'comments-public-form-en-390');
		checked.assertNoPageErrors();
	}, 240_000);
});
