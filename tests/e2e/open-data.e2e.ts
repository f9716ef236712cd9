/**
 * The open data as a visitor and a web map see it: `/data` lists every layer's downloads with each
 * licence once (Thai and English, wide and phone screens); the public `style.json` draws the
 * tiles in a plain MapLibre page; the main map shows LAOs without a boundary as points.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	mapOf,
	newCheckedPage,
	openBrowser,
	screenshot,
	showAppOutputOnFailure as reportAppOutput,
	startApp,
	waitUntilReady,
	type RunningApp
} from './harness';

let app: RunningApp | undefined;
let browser: Browser | undefined;
const showAppOutputOnFailure = () => reportAppOutput(() => app);

describe('open data in the browser', () => {
	beforeAll(async () => {
		app = await startApp();
		await waitUntilReady(app);
		browser = await openBrowser();
	}, 200_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('/data lists every layer with its downloads, and each licence once', async () => {
		showAppOutputOnFailure();
		for (const [locale, query] of [
			['th', ''],
			['en', '?lang=en']
		] as const) {
			for (const viewport of [
				{ width: 1366, height: 900 },
				{ width: 390, height: 844 }
			]) {
				const checked = await newCheckedPage(browser!, { origin: app!.url, viewport });
				const { page } = checked;
				await page.goto(`${app!.url}/data${query}`, { waitUntil: 'load', timeout: 120_000 });
				const rows = page.locator('[data-testid="open-data"] tbody tr');
				expect(await rows.count()).toBe(10);
				// Where the link leads, not how it is written: the server writes it relative to the
				// page (`./data/…`, SvelteKit's relative paths) and a page drawn in the browser writes
				// it from the root; both lead to the same file.
				const gpkg = await rows
					.first()
					.locator('a[href$=".gpkg"]')
					.evaluate((link) => new URL((link as HTMLAnchorElement).href).pathname);
				expect(gpkg).toBe('/data/download/provinces.gpkg');
				const sources = await page.getByTestId('sources').innerText();
				expect(sources.match(/CC BY-IGO/g)).toHaveLength(1);
				expect(sources).not.toContain('show the source line');
				expect(sources).toContain(locale === 'th' ? 'ต้องระบุแหล่งที่มา' : 'attribution required');
				await screenshot(page, `open-data-${locale}-${viewport.width}`);
				checked.assertNoPageErrors();
				await checked.close();
			}
		}
		const download = await fetch(`${app!.url}/data/download/zones.gpkg`);
		expect(download.headers.get('content-type')).toBe('application/geopackage+sqlite3');
		expect(
			Buffer.from(await download.arrayBuffer())
				.subarray(0, 15)
				.toString()
		).toBe('SQLite format 3');
	}, 240_000);

	test('the public style.json draws the tiles in a plain MapLibre page', async () => {
		showAppOutputOnFailure();
		const checked = await newCheckedPage(browser!, { origin: app!.url });
		const { page } = checked;
		// A page of the app's origin with nothing of the app in it but MapLibre and the style.
		await page.goto(`${app!.url}/tiles/lao.json`);
		const tileJson = JSON.parse(await page.locator('body').innerText()) as { tiles: string[] };
		expect(tileJson.tiles[0]).toBe(`${app!.url}/tiles/lao/{z}/{x}/{y}.pbf`);
		// MapLibre's own ES modules, served under the app's origin so the page stays same-origin.
		const dist = path.dirname(
			createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl.css')
		);
		await page.route(`${app!.url}/__maplibre/**`, (route) =>
			route.fulfill({
				contentType: 'text/javascript',
				body: readFileSync(path.join(dist, path.basename(new URL(route.request().url()).pathname)))
			})
		);
		await page.setContent(`<!doctype html><html><body style="margin:0">
			<div id="map" style="width:800px;height:600px"></div>
			<script type="module">
				import * as maplibregl from '/__maplibre/maplibre-gl.mjs';
				maplibregl.setWorkerUrl('/__maplibre/maplibre-gl-worker.mjs');
				window.drawn = new Promise((resolve, reject) => {
					const map = new maplibregl.Map({
						container: 'map',
						style: '/tiles/style.json',
						center: [102.83, 16.43],
						zoom: 10
					});
					map.on('error', (event) => reject(new Error(String(event.error))));
					map.once('idle', () => {
						const count = (layer) => map.queryRenderedFeatures({ layers: [layer] }).length;
						resolve({
							provinces: count('province-fill'),
							laos: count('lao-fill'),
							tambonLines: count('tambon-line')
						});
					});
				});
			</script></body></html>`);
		await page.waitForFunction(() => 'drawn' in window, undefined, { timeout: 60_000 });
		const drawn = await page.evaluate(
			() => (window as unknown as { drawn: Promise<Record<string, number>> }).drawn
		);
		expect(drawn.provinces).toBeGreaterThan(0);
		expect(drawn.laos).toBeGreaterThan(10);
		expect(drawn.tambonLines).toBeGreaterThan(10);
		await screenshot(page, 'open-data-style-json', { fullPage: false });
		checked.assertNoPageErrors();
		await checked.close();
	}, 120_000);

	test('the map shows an LAO without a boundary as a point, "location only"', async () => {
		showAppOutputOnFailure();
		const items = (await (
			await fetch(`${app!.url}/ogc/collections/lao_offices/items?has_boundary=false&limit=1`)
		).json()) as { features: { geometry: { coordinates: [number, number] } }[] };
		const [lon, lat] = items.features[0]!.geometry.coordinates;
		const checked = await newCheckedPage(browser!, {
			origin: app!.url,
			viewport: { width: 1366, height: 900 }
		});
		const { page } = checked;
		await page.goto(`${app!.url}/#map=11/${lat}/${lon}`, { waitUntil: 'load' });
		const map = await mapOf(page, 'public', { timeout: 60_000 });
		await page.waitForFunction(
			(map) =>
				Boolean(map.getLayer('lao-location-only') && map.isSourceLoaded('lao-location-only')),
			map,
			{ timeout: 60_000 }
		);
		const points = await map.evaluate(
			(map) =>
				new Promise<number>((resolve) => {
					map.once('idle', () =>
						resolve(map.queryRenderedFeatures({ layers: ['lao-location-only'] }).length)
					);
					map.triggerRepaint();
				})
		);
		expect(points).toBeGreaterThan(0);
		expect(await page.getByTestId('legend-location-only').innerText()).toContain('เฉพาะตำแหน่งที่ตั้ง');
		await screenshot(page, 'open-data-location-only-th', { fullPage: false });
		checked.assertNoPageErrors();
		await checked.close();
	}, 120_000);
});
