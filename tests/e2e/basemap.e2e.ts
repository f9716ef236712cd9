/**
 * The operator's basemap (issue 15): with BASEMAP_TILES set, every map draws those tiles under
 * the boundaries with their attribution. A local tile server here stands in for OpenStreetMap's:
 * it answers every z/x/y with one magenta tile, and the map must show magenta where the app's own
 * sea used to be. (With no basemap, every other e2e file checks that the pages ask no host but the
 * app's own.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
let tiles: Server | undefined;
const tileRequests: string[] = [];
const showAppOutputOnFailure = () => reportAppOutput(() => app);
const attribution = '© Test tiles for the e2e';

describe('a basemap under the boundaries', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		// One 256 × 256 magenta PNG, drawn by the browser itself (no image library needed).
		const maker = await browser.newPage({ viewport: { width: 256, height: 256 } });
		await maker.setContent(
			'<body style="margin:0"><div style="width:256px;height:256px;background:#ff00ff"></div></body>'
		);
		const png = await maker.screenshot({ type: 'png' });
		await maker.close();
		tiles = createServer((request, response) => {
			tileRequests.push(request.url ?? '');
			response.writeHead(200, {
				'Content-Type': 'image/png',
				// MapLibre reads raster tiles with CORS, as it would from tile.openstreetmap.org.
				'Access-Control-Allow-Origin': '*'
			});
			response.end(png);
		});
		await new Promise<void>((resolve) => tiles!.listen(0, '127.0.0.1', resolve));
		const { port } = tiles.address() as AddressInfo;
		app = await startApp({
			env: {
				BASEMAP_TILES: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
				BASEMAP_ATTRIBUTION: attribution
			}
		});
		await waitUntilReady(app);
	}, 200_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		await new Promise((resolve) => tiles?.close(resolve));
	});

	test('the public map draws the configured tiles, with their attribution', async () => {
		showAppOutputOnFailure();
		const checked = await newCheckedPage(browser!, {
			origin: app!.url,
			viewport: { width: 1366, height: 900 }
		});
		const { page } = checked;
		await page.goto(`${app!.url}/?lang=en`, { waitUntil: 'load', timeout: 120_000 });
		await page.waitForFunction(() => document.querySelector('.maplibregl-canvas') !== null, null, {
			timeout: 60_000
		});
		await expect.poll(() => tileRequests.length, { timeout: 60_000 }).toBeGreaterThan(0);
		expect(tileRequests.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
		await expect
			.poll(() => page.locator('.maplibregl-ctrl-attrib').innerText(), { timeout: 30_000 })
			.toContain(attribution);
		// Magenta shows where the sea was painted before: the tiles are drawn, under the app's layers.
		const share = async () => {
			const png = (await page.locator('.maplibregl-canvas').screenshot()).toString('base64');
			return page.evaluate(async (data) => {
				const image = new Image();
				image.src = `data:image/png;base64,${data}`;
				await image.decode();
				const canvas = document.createElement('canvas');
				canvas.width = image.width;
				canvas.height = image.height;
				const context = canvas.getContext('2d')!;
				context.drawImage(image, 0, 0);
				const { data: pixels } = context.getImageData(0, 0, image.width, image.height);
				let magenta = 0;
				for (let i = 0; i < pixels.length; i += 4)
					if (pixels[i]! > 220 && pixels[i + 1]! < 40 && pixels[i + 2]! > 220) magenta++;
				return magenta / (pixels.length / 4);
			}, png);
		};
		await expect.poll(share, { timeout: 60_000 }).toBeGreaterThan(0.2);
		// …and the boundaries over it: the province lines are drawn once every tile is in.
		const provinceLines = await (
			await mapOf(page, 'public')
		).evaluate(
			(map) =>
				new Promise<number>((resolve) => {
					map.once('idle', () =>
						resolve(map.queryRenderedFeatures({ layers: ['province-line'] }).length)
					);
					map.triggerRepaint();
				})
		);
		expect(provinceLines).toBeGreaterThan(70);
		await screenshot(page, 'basemap-en-1366');
		checked.assertNoPageErrors();
		await checked.close();
	});
});
