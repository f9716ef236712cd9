/**
 * The scores page at `/scores`: the official model's ranked table of one province, what-if
 * re-scoring in the browser when a weight moves, the CSV export (UTF-8 with a BOM, Thai
 * headers), the candidate zones, and the same page in English. One app serves every test.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	mapIdle,
	mapOf,
	newCheckedPage,
	openBrowser,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput,
	screenshot as harnessScreenshot
} from './harness';

let browser: Browser | undefined;
let app: RunningApp | undefined;
let checked: CheckedPage | undefined;

function running(): { app: RunningApp; checked: CheckedPage; page: Page } {
	if (!app || !checked) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, checked, page: checked.page };
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** The visible part of the page (a long page is too tall for a full-page PNG). */
const screenshot = (page: Page, name: string) => harnessScreenshot(page, name, { fullPage: false });

/** The choropleth's score (feature state) of each LAO, by DLA code. */
async function mapScores(page: Page, codes: string[]) {
	return (await mapOf(page, 'public')).evaluate(
		(map, list) =>
			list.map(
				(code) =>
					map.getFeatureState({ source: 'lao', sourceLayer: 'lao', id: Number(code) }).score as
						number | undefined
			),
		codes
	);
}

/** The DLA codes of the table's rows, top to bottom, and their what-if scores. */
async function tableState(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('[data-testid="score-row"]')].map((row) => ({
			code: row.dataset.code!,
			whatIf: row.querySelector('[data-testid="cell-what-if"]')!.textContent!.trim(),
			official: row.querySelector('[data-testid="cell-official"]')!.textContent!.trim()
		}))
	);
}

describe('the scores page', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		app = await startApp();
		await waitUntilReady(app);
		checked = await newCheckedPage(browser, { origin: app.url });
	}, 200_000);

	afterAll(async () => {
		await checked?.close();
		await browser?.close();
		await app?.stop();
	});

	test('ranks a province’s LAOs with the official model and shows it in Thai', async () => {
		showAppOutputOnFailure();
		const { app, checked, page } = running();
		const response = await page.goto(`${app.url}/scores`, { waitUntil: 'load' });
		expect(response?.status()).toBe(200);
		expect(await page.locator('h1').innerText()).toBe('คะแนนความเหมาะสมของ อปท.');
		const model = await page.getByTestId('scores-model').innerText();
		expect(model).toContain('ขนาดพื้นที่ใหญ่และมีศักยภาพ');
		expect(model).toContain('รุ่นที่ 2');
		expect(model).toContain('ทางการ');
		const rows = await tableState(page);
		expect(rows.length, 'scored LAOs of the default province').toBeGreaterThan(10);
		// Best first: the first row is rank 1, with its sensitivity as a percentage.
		const first = page.getByTestId('score-row').first();
		expect((await first.getByTestId('cell-rank').innerText()).trim()).toBe('1');
		expect(await first.getByTestId('cell-sensitivity').innerText()).toMatch(/^\d+%$/);
		// The sliders are enabled once the inputs for re-scoring have arrived.
		await expect
			.poll(() => page.getByTestId('weight-area_km2').isEnabled(), { timeout: 30_000 })
			.toBe(true);
		await screenshot(page, 'scores-th');
		checked.assertNoPageErrors();
	});

	test('moving a weight re-scores in the browser and reorders the table', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const before = await tableState(page);
		await mapOf(page, 'public');
		const codes = before.map((r) => r.code);
		await expect
			.poll(async () => (await mapScores(page, codes)).every((x) => x !== undefined), {
				timeout: 30_000
			})
			.toBe(true);
		const coloursBefore = await mapScores(page, codes);
		// Area carries the heaviest weight: without it the order must change.
		await page.getByTestId('weight-area_km2').fill('0');
		await expect.poll(() => page.getByTestId('rescore-ms').count()).toBe(1);
		const after = await tableState(page);
		expect(
			after.map((r) => r.code),
			'the order of the rows'
		).not.toEqual(before.map((r) => r.code));
		const byCode = new Map(before.map((r) => [r.code, r]));
		expect(
			after.some((r) => r.whatIf !== byCode.get(r.code)!.whatIf),
			'some what-if score changed'
		).toBe(true);
		// The map's colours follow the what-if scores.
		await expect
			.poll(async () => await mapScores(page, codes), { timeout: 10_000 })
			.not.toEqual(coloursBefore);
		expect(
			await (
				await mapOf(page, 'public')
			).evaluate((map) => map.getLayoutProperty('lao-score-fill', 'visibility'))
		).toBe('visible');
		// The official scores stay as they were.
		expect(after.every((r) => r.official === byCode.get(r.code)!.official)).toBe(true);
		const timing = await page.getByTestId('rescore-ms').innerText();
		expect(timing).toMatch(/มิลลิวินาที/);
		console.log(`slider to re-render: ${timing}`);
		await screenshot(page, 'scores-what-if-th');
		await page.getByTestId('score-map').scrollIntoViewIfNeeded();
		await mapIdle(page, 'public');
		await screenshot(page, 'scores-map-what-if-th');
		await page.evaluate(() => window.scrollTo(0, 0));

		// Back to the official weights: the order is the official one again.
		await page.getByRole('button', { name: 'คืนค่าน้ำหนักทางการ' }).click();
		await expect
			.poll(async () => (await tableState(page)).map((r) => r.code))
			.toEqual(before.map((r) => r.code));
		checked.assertNoPageErrors();
	});

	test('filters by name and sorts by a column', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const rows = await tableState(page);
		await page.getByTestId('filter-name').fill(rows[2]!.code);
		await expect
			.poll(async () => (await tableState(page)).map((r) => r.code))
			.toEqual([rows[2]!.code]);
		await page.getByTestId('filter-name').fill('');
		await page.getByRole('button', { name: 'พื้นที่ (ตร.กม.)' }).click();
		const sorted = await page.evaluate(() =>
			[...document.querySelectorAll('[data-testid="score-row"]')].map((row) =>
				row.children[7]!.textContent!.trim()
			)
		);
		const areas = sorted.map((text) => Number(text.replace(/,/g, '')));
		expect(areas).toEqual([...areas].sort((a, b) => b - a));
		checked.assertNoPageErrors();
	});

	test('exports the table as CSV with a BOM and Thai headers', async () => {
		showAppOutputOnFailure();
		const { app, checked, page } = running();
		const form = page.getByTestId('export-csv');
		expect(await form.getAttribute('action')).toBe('/scores/export.csv');
		const province = await form.locator('input[name="province"]').inputValue();
		expect(province).toMatch(/^TH\d\d$/);
		const href = `/scores/export.csv?province=${province}`;
		const response = await fetch(`${app.url}${href}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/csv');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		expect(text.startsWith('\uFEFFอันดับในจังหวัด,')).toBe(true);
		const lines = text.trim().split('\r\n');
		expect(lines.length - 1).toBe((await tableState(page)).length);
		const bad = await fetch(`${app.url}/scores/export.csv?province=40`);
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { field: string }).field).toBe('province');
		checked.assertNoPageErrors();
	});

	test('lists candidate zones of the province by name, district and why, optimised', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const section = page.getByTestId('candidates');
		const status = section.getByTestId('candidates-optimisation');
		await status.waitFor({ timeout: 60_000 });
		// The quick answer first, then the optimiser's, without reloading the page.
		await expect
			.poll(() => status.getAttribute('data-state'), { timeout: 180_000, interval: 1000 })
			.toMatch(/^(optimal|time_limit)$/);
		expect(await status.innerText()).toMatch(/ชุดเขตที่ดีที่สุด/);
		const rows = section.getByTestId('candidate-row');
		expect(await rows.count()).toBeGreaterThan(0);
		// Officials read names, never DLA codes: อบต.…/ทต.…, the district as อ.…, and the why.
		const members = await section.getByTestId('candidate-members').first().innerText();
		expect(members).toMatch(/^(อบต\.|ทต\.|ทม\.|ทน\.)/);
		expect(members).not.toMatch(/\d{7}/);
		expect(await rows.first().innerText()).toMatch(/อ\./);
		expect(await section.getByTestId('candidate-why').first().innerText()).toMatch(
			/^(เด่นด้าน|ไม่มีเกณฑ์)/
		);
		await section.scrollIntoViewIfNeeded();
		await screenshot(page, 'scores-candidates-th');
		const province = await section.locator('input[name="province"]').inputValue();
		const geojson = await fetch(
			`${running().app.url}/api/candidates/export.geojson?province=${province}`
		);
		expect(geojson.status).toBe(200);
		const collection = (await geojson.json()) as {
			type: string;
			method: string;
			model: { version: number };
			sources: string[];
			features: { properties: { member_names_th: string[]; why_en: string } }[];
		};
		expect(collection.type).toBe('FeatureCollection');
		expect(collection.method).toBe('exact');
		expect(collection.model.version).toBeGreaterThan(0);
		expect(collection.sources.length).toBeGreaterThan(0);
		expect(collection.features.length).toBe(await rows.count());
		expect(collection.features[0]!.properties.member_names_th.join(', ')).toBe(members.trim());
		checked.assertNoPageErrors();
	});

	test('shows the page in English', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('lang') === 'en'),
			page.getByRole('button', { name: 'English' }).click()
		]);
		await page.waitForLoadState('load');
		expect(await page.locator('h1').innerText()).toBe('LAO suitability scores');
		expect(await page.getByTestId('scores-model').innerText()).toContain('version 2');
		await expect
			.poll(() => page.getByTestId('weight-area_km2').isEnabled(), { timeout: 30_000 })
			.toBe(true);
		await page.getByTestId('weight-population').fill('1');
		await expect.poll(() => page.getByTestId('rescore-ms').innerText()).toMatch(/ms$/);
		await screenshot(page, 'scores-what-if-en');
		const candidates = page.getByTestId('candidates');
		await candidates.getByTestId('candidate-row').first().waitFor({ timeout: 60_000 });
		expect(await candidates.getByTestId('candidate-members').first().innerText()).toMatch(
			/ (SAO|Subdistrict Municipality|Town Municipality|City Municipality)\b/
		);
		expect(await candidates.getByTestId('candidate-why').first().innerText()).toMatch(
			/^(Stands out on|No criterion)/
		);
		checked.assertNoPageErrors();
	});
});
