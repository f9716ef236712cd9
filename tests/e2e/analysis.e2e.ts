/**
 * The analysis of issue 13 in the browser: DLA staff load the OpenStreetMap pack offered on
 * /admin/indicators and upload a constraint layer on /admin/constraints; /scores shows the model
 * diagnostic (Thai and English, desktop and phone); the map's legend and the planner's workspace
 * switch the layer on and off as an overlay; candidates are named on /scores and the map's
 * panel, and one becomes a draft zone. One app serves every test, in order.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, JSHandle, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import {
	openPage,
	logInThroughForm,
	mapJumpTo,
	mapOf,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp
} from './harness';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let checked: CheckedPage | undefined;

function running(): { app: RunningApp; checked: CheckedPage; page: Page } {
	if (!app || !checked) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, checked, page: checked.page };
}

/** How many features of the test's constraint layer the map drew in its view. */
const floodFeatures = (map: JSHandle<MapLibreMap>) =>
	map.evaluate(
		(map) => map.queryRenderedFeatures({ layers: ['constraint-flood_test-v1-fill'] }).length
	);

/** A square of about 20 × 20 km around Khon Kaen's centre, as GeoJSON. */
const layerFile = path.join(os.tmpdir(), `sedz-e2e-flood-${process.pid}.geojson`);
fs.writeFileSync(
	layerFile,
	JSON.stringify({
		type: 'FeatureCollection',
		features: [
			{
				type: 'Feature',
				properties: { name: 'พื้นที่น้ำท่วมทดสอบ' },
				geometry: {
					type: 'Polygon',
					coordinates: [
						[
							[102.74, 16.35],
							[102.92, 16.35],
							[102.92, 16.53],
							[102.74, 16.53],
							[102.74, 16.35]
						]
					]
				}
			}
		]
	})
);

describe('indicator packs, constraint layers and the model diagnostic', () => {
	beforeAll(async () => {
		[app, browser] = await Promise.all([startApp({ env: { DEMO_MODE: 'true' } }), openBrowser()]);
		await waitUntilReady(app);
		checked = await newCheckedPage(browser, { origin: app.url });
	}, 200_000);
	afterAll(async () => {
		await checked?.close();
		await browser?.close();
		await app?.stop();
		fs.rmSync(layerFile, { force: true });
	});

	test('DLA staff load the OSM pack offered beside the geodata', async () => {
		onTestFailed(() => console.error(app?.output()));
		const { app, checked, page } = running();
		await logInThroughForm(page, app.url, 'dla.demo', { to: '/admin/indicators' });
		const offer = page.getByTestId('osm-pack-offer');
		expect(await offer.innerText()).toContain('osm_tambon_poi_density_2024.csv');
		expect(await offer.innerText()).toContain('ศูนย์หมายถึงยังไม่มีผู้ทำแผนที่ไว้');
		await offer.getByRole('button').click();
		const report = page.getByTestId('indicator-import-report');
		await report.waitFor({ timeout: 300_000 });
		expect(await report.innerText()).toContain('นำเข้าสำเร็จ');
		expect(await page.getByTestId('indicators-rescored').innerText()).toContain('v2');
		// The catalogue names each OSM indicator with its caveat and source line; no offer now.
		expect(await page.getByTestId('osm-caveat').count()).toBe(10);
		expect(await page.getByTestId('osm-caveat').first().innerText()).toContain(
			'© OpenStreetMap contributors (ODbL)'
		);
		await page.goto(`${app.url}/admin/indicators`);
		expect(await page.getByTestId('osm-pack-offer').count()).toBe(0);
		checked.assertNoPageErrors();
	}, 400_000);

	test('/scores shows the model diagnostic, in Thai and English, desktop and phone', async () => {
		const { app, checked, page } = running();
		await page.goto(`${app.url}/scores?province=TH40`);
		const diagnostic = page.getByTestId('model-diagnostic');
		expect(await diagnostic.locator('h2').innerText()).toBe('การตรวจแบบจำลอง');
		// With the pack, version 2 is not mostly area: no warning, r of ln(area) shown.
		expect(await page.getByTestId('diagnostic-balanced').count()).toBe(1);
		expect(await page.getByTestId('diagnostic-warning').count()).toBe(0);
		const lnArea = await page.getByTestId('diagnostic-ln_area').innerText();
		expect(lnArea).toMatch(/ขนาดพื้นที่ \(ลอการิทึม\)\s+0[.,]\d\d/);
		expect(await page.getByTestId('diagnostic-osm-caveat').innerText()).toContain('OpenStreetMap');
		await diagnostic.scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-diagnostic-th', { fullPage: false });
		await page.goto(`${app.url}/scores?province=TH40&lang=en`);
		expect(await diagnostic.locator('h2').innerText()).toBe('Model diagnostic');
		expect(await page.getByTestId('diagnostic-balanced').innerText()).toBe(
			'No single criterion explains more than half of the ranking.'
		);
		expect(await page.getByTestId('diagnostic-osm_local_assets_per_km2').innerText()).toContain(
			'Local assets per km²'
		);
		await diagnostic.scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-diagnostic-en', { fullPage: false });
		await page.setViewportSize({ width: 390, height: 844 });
		await diagnostic.scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-diagnostic-en-phone', { fullPage: false });
		await page.goto(`${app.url}/scores?province=TH40&lang=th`);
		await page.getByTestId('model-diagnostic').scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-diagnostic-th-phone', { fullPage: false });
		await page.setViewportSize({ width: 1366, height: 800 });
		checked.assertNoPageErrors();
	}, 120_000);

	test('DLA staff upload a constraint layer; the map legend switches it on and off', async () => {
		const { app, checked, page } = running();
		await openPage(page, app.url, `/admin/constraints`);
		const form = page.getByTestId('constraint-upload');
		await form.locator('input[name="key"]').fill('flood_test');
		await form.locator('input[name="nameTh"]').fill('พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ)');
		await form.locator('input[name="nameEn"]').fill('Flood-prone land (test)');
		await form.locator('input[name="sourceLine"]').fill('Drawn for the e2e test');
		await form.locator('input[name="licence"]').fill('CC0');
		await form.locator('input[name="file"]').setInputFiles(layerFile);
		await form.locator('button[type="submit"]').click();
		const report = page.getByTestId('constraint-report');
		await report.waitFor({ timeout: 120_000 });
		expect(await report.innerText()).toContain('บันทึกชั้นข้อมูล flood_test รุ่น 1 แล้ว');
		expect(await page.getByTestId('constraint-layers').innerText()).toContain(
			'Drawn for the e2e test'
		);

		for (const [lang, viewport, name] of [
			['th', { width: 1366, height: 800 }, 'พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ)'],
			['en', { width: 1366, height: 800 }, 'Flood-prone land (test)'],
			['th', { width: 390, height: 844 }, 'พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ)'],
			['en', { width: 390, height: 844 }, 'Flood-prone land (test)']
		] as const) {
			await page.setViewportSize(viewport);
			await page.goto(`${app.url}/?lang=${lang}#map=10/16.44/102.83`);
			const map = await mapOf(page, 'public', { timeout: 60_000 });
			const legend = page.getByTestId('map-legend');
			if (!(await legend.evaluate((el) => (el as HTMLDetailsElement).open)))
				await legend.locator('summary').click();
			const toggle = page.getByTestId('constraint-toggle-flood_test');
			await toggle.waitFor({ timeout: 30_000 });
			expect(await page.getByTestId('legend-constraints').innerText()).toContain(name);
			await toggle.check();
			await expect
				.poll(() => map.evaluate((map) => Boolean(map.getLayer('constraint-flood_test-v1-fill'))), {
					timeout: 30_000
				})
				.toBe(true);
			// The overlay's polygon is drawn where the layer is.
			await mapJumpTo(page, 'public', { center: [102.83, 16.44], zoom: 10 });
			await expect.poll(() => floodFeatures(map), { timeout: 30_000 }).toBeGreaterThan(0);
			await screenshot(page, `analysis-constraint-overlay-${lang}-${viewport.width}`, {
				fullPage: false
			});
			await toggle.uncheck();
			await expect
				.poll(() => map.evaluate((map) => Boolean(map.getLayer('constraint-flood_test-v1-fill'))))
				.toBe(false);
		}
		await page.setViewportSize({ width: 1366, height: 800 });
		checked.assertNoPageErrors();
	}, 300_000);

	test('the planner’s workspace switches the constraint layer on and off, as the legend does', async () => {
		const { app } = running();
		const planner = await newCheckedPage(browser!, { origin: app.url });
		const page = planner.page;
		try {
			await logInThroughForm(page, app.url, 'planner.th40', {
				to: '/plan/zones/new?province=TH40'
			});
			for (const [lang, viewport, name] of [
				['th', { width: 1366, height: 800 }, 'พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ)'],
				['en', { width: 1366, height: 800 }, 'Flood-prone land (test)'],
				['th', { width: 390, height: 844 }, 'พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ)'],
				['en', { width: 390, height: 844 }, 'Flood-prone land (test)']
			] as const) {
				await page.setViewportSize(viewport);
				await page.goto(`${app.url}/plan/zones/new?province=TH40&lang=${lang}`);
				const map = await mapOf(page, 'plan', { timeout: 60_000 });
				const panel = page.getByTestId('workspace-constraints');
				const toggle = panel.getByTestId('constraint-toggle-flood_test');
				await toggle.waitFor({ timeout: 30_000 });
				expect(await panel.innerText()).toContain(name);
				expect(await panel.innerText()).toContain('Drawn for the e2e test');
				await toggle.check();
				await expect
					.poll(
						() =>
							map.evaluate((map) =>
								Boolean(
									map.getSource('constraint-flood_test-v1') &&
									map.getLayer('constraint-flood_test-v1-fill')
								)
							),
						{ timeout: 30_000 }
					)
					.toBe(true);
				await mapJumpTo(page, 'plan', { center: [102.83, 16.44], zoom: 10 });
				await expect.poll(() => floodFeatures(map), { timeout: 30_000 }).toBeGreaterThan(0);
				await toggle.scrollIntoViewIfNeeded();
				await screenshot(page, `analysis-workspace-overlay-${lang}-${viewport.width}`, {
					fullPage: false
				});
				await toggle.uncheck();
				await expect
					.poll(() =>
						map.evaluate(
							(map) =>
								Boolean(map.getLayer('constraint-flood_test-v1-fill')) ||
								Boolean(map.getSource('constraint-flood_test-v1'))
						)
					)
					.toBe(false);
			}
			planner.assertNoPageErrors();
		} finally {
			await planner.close();
		}
	}, 300_000);

	test('candidates are named on /scores and on the map, and one becomes a draft zone', async () => {
		const { app } = running();
		const planner = await newCheckedPage(browser!, { origin: app.url });
		const page = planner.page;
		try {
			await logInThroughForm(page, app.url, 'planner.th40', { to: '/scores?province=TH40' });
			// The candidate panel of the public map: names, districts, area and score, and why.
			for (const [lang, viewport] of [
				['th', { width: 1366, height: 800 }],
				['en', { width: 1366, height: 800 }],
				['th', { width: 390, height: 844 }],
				['en', { width: 390, height: 844 }]
			] as const) {
				await page.setViewportSize(viewport);
				await page.goto(`${app.url}/?lang=${lang}#map=9/16.44/102.83`);
				await mapOf(page, 'public', { timeout: 60_000 });
				const panel = page.getByTestId('map-candidates');
				if (!(await panel.evaluate((el) => (el as HTMLDetailsElement).open)))
					await panel.locator('summary').click();
				await panel.getByTestId('map-candidates-province').selectOption('TH40');
				const first = panel.getByTestId('map-candidate').first();
				await first.waitFor({ timeout: 60_000 });
				const text = await first.innerText();
				expect(text).not.toMatch(/\d{7}/);
				expect(text).toMatch(lang === 'th' ? /(อบต\.|ทต\.|ทม\.|ทน\.)/ : /(SAO|Municipality)/);
				expect(text).toMatch(lang === 'th' ? /อ\./ : /District|Mueang/);
				await screenshot(page, `analysis-candidate-panel-${lang}-${viewport.width}`, {
					fullPage: false
				});
			}
			await page.setViewportSize({ width: 1366, height: 800 });

			// /scores: the named list, optimised, in Thai; screenshots in both languages.
			await page.goto(`${app.url}/scores?province=TH40&lang=th`);
			const section = page.getByTestId('candidates');
			const status = section.getByTestId('candidates-optimisation');
			await status.waitFor({ timeout: 60_000 });
			await expect
				.poll(() => status.getAttribute('data-state'), { timeout: 180_000, interval: 1000 })
				.toMatch(/^(optimal|time_limit)$/);
			const rows = section.getByTestId('candidate-row');
			expect(await rows.count()).toBeGreaterThan(0);
			const members = await section.getByTestId('candidate-members').first().innerText();
			expect(members).toMatch(/^(อบต\.|ทต\.|ทม\.|ทน\.)/);
			expect(members).not.toMatch(/\d{7}/);
			await section.scrollIntoViewIfNeeded();
			await screenshot(page, 'analysis-scores-candidates-th', { fullPage: false });
			await page.setViewportSize({ width: 390, height: 844 });
			await section.scrollIntoViewIfNeeded();
			await screenshot(page, 'analysis-scores-candidates-th-390', { fullPage: false });
			await page.setViewportSize({ width: 1366, height: 800 });

			// The first candidate becomes a draft zone made of its LAOs, in the workspace.
			await Promise.all([
				page.waitForURL(/\/plan\/zones\/\d+$/, { timeout: 60_000 }),
				section.getByTestId('create-draft-zone').first().click()
			]);
			await mapOf(page, 'plan', { timeout: 60_000 });
			const zoneId = Number(new URL(page.url()).pathname.split('/').at(-1));
			const zone = (await (await page.request.get(`${app.url}/api/zones/${zoneId}`)).json()) as {
				zone: { status: string; provinceCode: string };
				revision: { geometrySource: string; metrics: { candidate?: { memberDlaCodes: string[] } } };
			};
			expect(zone.zone).toMatchObject({ status: 'draft', provinceCode: 'TH40' });
			expect(zone.revision.geometrySource).toBe('candidate');
			expect(zone.revision.metrics.candidate?.memberDlaCodes.length).toBeGreaterThan(0);
			await screenshot(page, 'analysis-candidate-draft-zone-th', { fullPage: false });

			await page.goto(`${app.url}/scores?province=TH40&lang=en`);
			await section.getByTestId('candidate-row').first().waitFor({ timeout: 60_000 });
			expect(await section.getByTestId('candidate-members').first().innerText()).toMatch(
				/ (SAO|Subdistrict Municipality|Town Municipality|City Municipality)\b/
			);
			await section.scrollIntoViewIfNeeded();
			await screenshot(page, 'analysis-scores-candidates-en', { fullPage: false });
			await page.setViewportSize({ width: 390, height: 844 });
			await section.scrollIntoViewIfNeeded();
			await screenshot(page, 'analysis-scores-candidates-en-390', { fullPage: false });
			planner.assertNoPageErrors();
		} finally {
			await planner.close();
		}
	}, 600_000);

	test('DLA staff make the constraint layer version an exclusion in the model editor', async () => {
		const { app, checked, page } = running();
		await page.setViewportSize({ width: 1366, height: 800 });
		await page.goto(`${app.url}/admin/models?lang=th`);
		const fieldset = page.getByTestId('model-constraints');
		// Each stored version is offered by name, with its version.
		const layer = fieldset.getByTestId('constraint-layer-0');
		expect(await layer.locator('option').allInnerTexts()).toContain(
			'พื้นที่น้ำท่วมซ้ำซาก (ทดสอบ): สัดส่วนพื้นที่ของ อปท. ที่อยู่ในชั้นข้อมูล (รุ่น 1)'
		);
		await layer.selectOption('constraint_flood_test_v1');
		// A share over 100 % is refused, naming the field; nothing is published.
		await fieldset.getByTestId('constraint-max-share-0').fill('150');
		await page.getByTestId('publish-model').click();
		const problems = page.getByTestId('model-problems');
		await problems.waitFor({ timeout: 60_000 });
		// In words: the row and the column as the form labels them; the code only in the details.
		const said = await problems.innerText();
		expect(said).toContain(
			'ข้อจำกัดแถวที่ 1 · สัดส่วนพื้นที่ในชั้นข้อมูลไม่เกิน (ร้อยละ): ต้องเป็นร้อยละตั้งแต่ 0 ถึง 100'
		);
		expect(said).not.toContain('maxSharePercent');
		await fieldset.getByTestId('constraint-max-share-0').fill('50');
		await fieldset.scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-model-constraints-th', { fullPage: false });
		await page.getByTestId('publish-model').click();
		const published = page.getByTestId('model-published');
		await published.waitFor({ timeout: 180_000 });
		expect(await published.innerText()).toMatch(/รุ่น 3 เป็นรุ่นทางการแล้ว/);
		// The form now shows the official model's exclusion: the layer version and 50 %.
		expect(await page.getByTestId('constraint-layer-0').inputValue()).toBe(
			'constraint_flood_test_v1'
		);
		expect(await page.getByTestId('constraint-max-share-0').inputValue()).toBe('50');
		await page.goto(`${app.url}/admin/models?lang=en`);
		await page.getByTestId('model-constraints').scrollIntoViewIfNeeded();
		await screenshot(page, 'analysis-model-constraints-en', { fullPage: false });
		checked.assertNoPageErrors();
	}, 300_000);
});
