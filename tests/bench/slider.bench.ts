/**
 * npm run bench:slider — in Chromium, from a weight slider's input event on /scores to the map's
 * update call (the what-if scores set as feature state on the LAO layer), and separately to the
 * repaint (MapLibre's next 'idle'; the test browser draws WebGL in software, so this figure says
 * little about a real screen). Runs the built app (`npm run build` first) with a fresh embedded
 * database, like the end-to-end tests. Target: slider → map update < 100 ms. Figures, not
 * assertions.
 */
import type { Page } from 'playwright-core';
import { mapOf, newCheckedPage, openBrowser, startApp, waitUntilReady } from '../e2e/harness';
import { envCount } from './settings';

const moves = envCount('BENCH_ROUNDS', 30);
const province = process.env.BENCH_PROVINCE ?? 'TH40';

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Moves one slider to `value` and resolves with [to the map's update call, to the repaint]. */
async function moveSlider(page: Page, indicator: string, value: number): Promise<[number, number]> {
	return (await mapOf(page, 'public')).evaluate(
		async (map, { indicator, value }) => {
			performance.clearMarks();
			const slider = document.querySelector<HTMLInputElement>(
				`[data-testid="weight-${indicator}"]`
			)!;
			const idle = new Promise<number>((resolve) =>
				map.once('idle', () => resolve(performance.now()))
			);
			slider.value = String(value);
			slider.dispatchEvent(new Event('input', { bubbles: true }));
			const started = performance.getEntriesByName('sedz:weight-input')[0]!.startTime;
			for (const deadline = performance.now() + 10_000; ;) {
				if (performance.now() > deadline)
					throw new Error(
						`no map update within 10 s of setting ${indicator} to ${value}; marks: ` +
							performance
								.getEntriesByType('mark')
								.map((m) => m.name)
								.join(', ')
					);
				const applied = performance.getEntriesByName('sedz:map-scores-applied')[0];
				if (applied) {
					map.triggerRepaint();
					return [applied.startTime - started, (await idle) - started] as [number, number];
				}
				await new Promise((r) => setTimeout(r, 1));
			}
		},
		{ indicator, value }
	);
}

// BENCH_APP_URL measures an app that is already running (e.g. `npm start`) instead of a fresh one.
const app = process.env.BENCH_APP_URL
	? { url: process.env.BENCH_APP_URL, stop: async () => {} }
	: await startApp();
const browser = await openBrowser();
try {
	if ('output' in app) await waitUntilReady(app);
	const { page } = await newCheckedPage(browser, { viewport: { width: 1280, height: 900 } });
	await page.goto(`${app.url}/scores?province=${province}`);
	await mapOf(page, 'public', { timeout: 60_000 });
	await page.waitForSelector('[data-testid="weight-area_km2"]:not([disabled])', {
		timeout: 60_000
	});
	const toUpdate: number[] = [];
	const toRepaint: number[] = [];
	for (let i = 0; i < moves + 3; i++) {
		// Two values away from the official weight (0.4), so every move changes the what-if scores.
		const value = i % 2 === 0 ? 0.75 : 0.25;
		const [update, repaint] = await moveSlider(page, 'area_km2', value);
		if (i < 3) continue; // warm-up: the first moves compile the scoring code
		toUpdate.push(update);
		toRepaint.push(repaint);
	}
	const f = (x: number) => `${x.toFixed(1)} ms`;
	console.log(`/scores?province=${province}, ${moves} slider moves in headless Chromium:`);
	console.log(
		`  slider → map update call: p50 ${f(percentile(toUpdate, 50))}, p95 ${f(percentile(toUpdate, 95))}` +
			` (target < 100 ms: ${(percentile(toUpdate, 95) / 100).toFixed(2)}× of target)`
	);
	console.log(
		`  slider → repaint (software WebGL): p50 ${f(percentile(toRepaint, 50))}, p95 ${f(percentile(toRepaint, 95))}`
	);
} finally {
	await browser.close();
	await app.stop();
}
