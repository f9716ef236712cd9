/**
 * Thai map labels are drawn by the browser (src/lib/map/label-images.ts), because MapLibre's own
 * glyph renderer misplaces Thai vowel and tone marks (maplibre/maplibre-gl-js#2384). This test
 * puts hard labels on the real map page through the real label pipeline (a GeoJSON source and a
 * symbol layer whose `icon-image` is resolved by the page's missing-image resolver) and compares
 * each, pixel by pixel, with the browser's own rendering of the same text in the same font: a
 * DOM element, shaped by the browser's HTML text engine.
 *
 * Measure: the ink (dark pixels) of both renderings, cropped to their ink boxes and aligned at
 * the best offset within ±3 device pixels; their intersection over union must be at least
 * {@link MIN_IOU}. Why 0.95: both come from the same font and the same shaper, so the only
 * allowed differences are anti-aliasing and a sub-pixel shift of the whole image (MapLibre may
 * place an icon at a fractional pixel and sample it linearly), which move a few edge pixels
 * across the ink threshold. On Chromium with SwiftShader the match is exact (IoU 1.000). The
 * threshold must also reject a wrong rendering: a control draws each character on its own,
 * without shaping (as a glyph-atlas renderer does, so marks are not stacked or moved), and every
 * word's control must score below the threshold (measured: 0.54 to 0.88).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import {
	mapIdle,
	mapOf,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp
} from './harness';

const MIN_IOU = 0.95;
const DEVICE_SCALE = 2;
/**
 * Tone marks over vowels above (น้ำ, ปั้น), marks above and below one consonant (ผู้ใหญ่), a long
 * name. (กุ้ง was one: with the device's Noto Sans Thai Bold, which the labels now use where the
 * device has it, its tone mark sits where an unshaped drawing puts it, so its control could not
 * fail.)
 */
const HARD_LABELS = ['น้ำ', 'ผู้ใหญ่', 'ปั้น', 'นิคมสร้างตนเองลำโดมน้อย'];
/** The province label style of src/lib/map/label-images.ts. */
const STYLE = { font: '700 14px "Noto Sans Thai"', color: '#173d2a' };

let browser: Browser | undefined;
let app: RunningApp | undefined;
let checked: CheckedPage | undefined;

function running(): { app: RunningApp; checked: CheckedPage; page: Page } {
	if (!app || !checked) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, checked, page: checked.page };
}

interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Intersection over union of the ink of two PNGs, at the best alignment (see above). */
async function inkIou(page: Page, a: Buffer, b: Buffer): Promise<number> {
	return page.evaluate(
		async ([pngA, pngB]) => {
			async function ink(base64: string) {
				const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
				const bitmap = await createImageBitmap(blob);
				const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
				const context = canvas.getContext('2d')!;
				context.drawImage(bitmap, 0, 0);
				const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
				let minX = width;
				let minY = height;
				let maxX = -1;
				let maxY = -1;
				const mask = new Uint8Array(width * height);
				for (let i = 0; i < width * height; i++) {
					const luminance =
						0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
					if (luminance < 150) {
						mask[i] = 1;
						const x = i % width;
						const y = Math.floor(i / width);
						minX = Math.min(minX, x);
						maxX = Math.max(maxX, x);
						minY = Math.min(minY, y);
						maxY = Math.max(maxY, y);
					}
				}
				return { mask, width, minX, minY, maxX, maxY };
			}
			const [inkA, inkB] = await Promise.all([ink(pngA), ink(pngB)]);
			if (inkA.maxX < 0 || inkB.maxX < 0) return 0;
			const at = (m: typeof inkA, x: number, y: number) =>
				x < m.minX || x > m.maxX || y < m.minY || y > m.maxY ? 0 : m.mask[y * m.width + x]!;
			let best = 0;
			for (let dy = -3; dy <= 3; dy++) {
				for (let dx = -3; dx <= 3; dx++) {
					let both = 0;
					let either = 0;
					const w = Math.max(inkA.maxX - inkA.minX, inkB.maxX - inkB.minX) + 8;
					const h = Math.max(inkA.maxY - inkA.minY, inkB.maxY - inkB.minY) + 8;
					for (let y = -4; y < h; y++) {
						for (let x = -4; x < w; x++) {
							const p = at(inkA, inkA.minX + x, inkA.minY + y);
							const q = at(inkB, inkB.minX + x + dx, inkB.minY + y + dy);
							both += p & q;
							either += p | q;
						}
					}
					best = Math.max(best, either === 0 ? 0 : both / either);
				}
			}
			return best;
		},
		[a.toString('base64'), b.toString('base64')] as const
	);
}

describe('Thai map labels', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		app = await startApp();
		await waitUntilReady(app);
		checked = await newCheckedPage(browser, {
			origin: app.url,
			deviceScaleFactor: DEVICE_SCALE,
			viewport: { width: 1100, height: 720 }
		});
	}, 200_000);

	afterAll(async () => {
		await checked?.close();
		await browser?.close();
		await app?.stop();
	});

	test('match the browser’s own shaping of the same text', async () => {
		onTestFailed(() => console.error(app?.output()));
		const { app, checked, page } = running();
		await page.goto(`${app.url}/#map=6/15/101`, { waitUntil: 'load' });
		const map = await mapOf(page, 'public');

		// A white map with only the test labels; the legend and search box hidden.
		const mapPoints: { text: string; x: number; y: number }[] = await map.evaluate((map, texts) => {
			for (const layer of map.getStyle().layers)
				map.setLayoutProperty(layer.id, 'visibility', 'none');
			map.setLayoutProperty('sea', 'visibility', 'visible');
			map.setPaintProperty('sea', 'background-color', '#ffffff');
			const box = map.getContainer().getBoundingClientRect();
			const points = texts.map((text, i) => {
				const x = box.width * 0.62;
				const y = box.height * (0.15 + 0.2 * i);
				const lngLat = map.unproject([x, y]);
				return { text, x: box.left + x, y: box.top + y, lngLat: [lngLat.lng, lngLat.lat] };
			});
			map.addSource('label-test', {
				type: 'geojson',
				data: {
					type: 'FeatureCollection',
					features: points.map((p) => ({
						type: 'Feature',
						properties: { name: p.text },
						geometry: { type: 'Point', coordinates: p.lngLat }
					}))
				}
			});
			map.addLayer({
				id: 'label-test',
				type: 'symbol',
				source: 'label-test',
				layout: {
					// The same expression form as the map's own label layers.
					'icon-image': ['concat', 'label:province:', ['get', 'name']],
					'icon-allow-overlap': true,
					'icon-ignore-placement': true
				}
			});
			return points.map(({ text, x, y }) => ({ text, x, y }));
		}, HARD_LABELS);
		await page.addStyleTag({
			content: '[data-testid="map-legend"], [role="search"] { visibility: hidden; }'
		});
		await mapIdle(page, 'public');
		const drawn = await map.evaluate(
			(map) => map.queryRenderedFeatures({ layers: ['label-test'] }).length
		);
		expect(drawn, 'test labels drawn').toBe(HARD_LABELS.length);

		// The references: DOM text in the same font, and the unshaped control (one character at
		// a time on a canvas, each at the previous one's advance, like a glyph-atlas renderer).
		const references: { text: string; dom: Box; control: Box }[] = await page.evaluate(
			({ texts, style }) => {
				const out = [];
				for (const [i, text] of texts.entries()) {
					const span = document.createElement('span');
					span.textContent = text;
					Object.assign(span.style, {
						position: 'fixed',
						left: '40px',
						top: `${80 + i * 110}px`,
						font: style.font,
						color: style.color,
						background: '#ffffff',
						padding: '10px 14px',
						whiteSpace: 'nowrap',
						zIndex: '50'
					});
					document.body.append(span);
					const dom = span.getBoundingClientRect();

					const canvas = document.createElement('canvas');
					const ratio = window.devicePixelRatio;
					canvas.width = Math.ceil((dom.width + 20) * ratio);
					canvas.height = Math.ceil(dom.height * ratio);
					Object.assign(canvas.style, {
						position: 'fixed',
						left: '40px',
						top: `${80 + i * 110 + 50}px`,
						width: `${dom.width + 20}px`,
						height: `${dom.height}px`,
						background: '#ffffff',
						zIndex: '50'
					});
					const context = canvas.getContext('2d')!;
					context.scale(ratio, ratio);
					context.font = style.font;
					context.fillStyle = style.color;
					let x = 14;
					for (const char of text) {
						context.fillText(char, x, dom.height / 2 + 5);
						x += context.measureText(char).width;
					}
					document.body.append(canvas);
					const control = canvas.getBoundingClientRect();
					out.push({
						text,
						dom: { x: dom.x, y: dom.y, width: dom.width, height: dom.height },
						control: { x: control.x, y: control.y, width: control.width, height: control.height }
					});
				}
				return out;
			},
			{ texts: HARD_LABELS, style: STYLE }
		);
		await screenshot(page, 'labels-hard-th');

		const scores: string[] = [];
		for (const [i, reference] of references.entries()) {
			const point = mapPoints[i]!;
			const width = reference.dom.width + 24;
			const height = reference.dom.height + 12;
			const onMap = await page.screenshot({
				clip: { x: point.x - width / 2, y: point.y - height / 2, width, height }
			});
			const dom = await page.screenshot({ clip: reference.dom });
			const control = await page.screenshot({ clip: reference.control });
			const iou = await inkIou(page, onMap, dom);
			const controlIou = await inkIou(page, control, dom);
			scores.push(
				`${reference.text}: map ${iou.toFixed(3)}, unshaped control ${controlIou.toFixed(3)}`
			);
			expect(
				iou,
				`ink IoU of the map label ${reference.text} with the DOM text`
			).toBeGreaterThanOrEqual(MIN_IOU);
			expect(controlIou, `the unshaped control of ${reference.text} must fail`).toBeLessThan(
				MIN_IOU
			);
		}
		console.log(`label ink IoU (threshold ${MIN_IOU}):\n  ${scores.join('\n  ')}`);
		checked.assertNoPageErrors();
	});
});
