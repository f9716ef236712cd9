/**
 * npm run bench:live — in Chromium against the built app (`npm run build` first), from a
 * finished edit of a 2,000-vertex zone to the verdict on the province edge and overlaps with
 * active zones (issue 15: within 300 ms). A Khon Kaen planner saves a zone, imports a circle of
 * 2,000 vertices that crosses into Maha Sarakham and covers that zone, then drags a vertex
 * BENCH_ROUNDS times. The workspace puts `sedz:zone-edit` on the page's performance timeline
 * when an edit finishes, and measures `sedz:zone-verdict` (the first verdict shown, the browser
 * worker's or the server's) and `sedz:zone-server-verdict` (the server's automatic preview)
 * from it; this script reads those entries. Figures, not assertions. BENCH_DATA_DIR starts the
 * app from a copy of an imported data directory instead of importing.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
	logInThroughForm,
	newCheckedPage,
	openBrowser,
	startApp,
	waitUntilReady
} from '../e2e/harness';
import { envCount } from './settings';

const rounds = envCount('BENCH_ROUNDS', 20);
const targetMs = 300;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Page pixel of a longitude/latitude from the view the workspace map shows (Web Mercator). */
async function pixelOf(page: Page, lon: number, lat: number) {
	const map = page.getByTestId('plan-map');
	const [bounds, box] = await Promise.all([map.getAttribute('data-bounds'), map.boundingBox()]);
	const [west, south, east, north] = bounds!.split(',').map(Number) as number[];
	const mercator = (degrees: number) => Math.log(Math.tan(Math.PI / 4 + (degrees * Math.PI) / 360));
	return {
		x: box!.x + ((lon - west!) / (east! - west!)) * box!.width,
		y:
			box!.y +
			((mercator(north!) - mercator(lat)) / (mercator(north!) - mercator(south!))) * box!.height
	};
}

const entries = (page: Page, name: string) =>
	page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);

async function waitForEntry(page: Page, name: string, count: number, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await entries(page, name);
		if (found.length >= count) return found[count - 1]!;
		if (Date.now() > deadline) throw new Error(`no ${name} within ${timeoutMs} ms`);
		await page.waitForTimeout(20);
	}
}

// BENCH_DATA_DIR: an imported data directory (e.g. an e2e template) to start from a copy of,
// instead of a first-start import (minutes on a loaded machine). Removed with the app.
const given = process.env.BENCH_DATA_DIR;
let dataDir: string | undefined;
if (given) {
	dataDir = await mkdtemp(path.join(os.tmpdir(), 'sedz-bench-live-'));
	await cp(given, dataDir, { recursive: true });
}
const app = await startApp({ env: { DEMO_MODE: 'true' }, ...(dataDir && { dataDir }) });
const browser = await openBrowser();
try {
	await waitUntilReady(app);
	const { page } = await newCheckedPage(browser, {
		origin: app.url,
		viewport: { width: 1366, height: 900 }
	});
	await logInThroughForm(page, app.url, 'planner.th40', { to: '/plan', timeout: 60_000 });
	// An active zone for the circle to overlap (saved through the API, as the workspace does).
	const saved = await page.evaluate(async () => {
		const ring = [
			[102.6, 16.3],
			[102.72, 16.3],
			[102.72, 16.4],
			[102.6, 16.4],
			[102.6, 16.3]
		];
		const response = await fetch('/api/zones', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				provinceCode: 'TH40',
				baseRevisionId: null,
				attributes: { name: 'เขตทดสอบความเร็ว' },
				geometry: { type: 'MultiPolygon', coordinates: [[ring]] },
				geometrySource: 'drawn'
			})
		});
		return response.status;
	});
	if (saved !== 201 && saved !== 200) throw new Error(`saving the overlapped zone: HTTP ${saved}`);

	await page.goto(`${app.url}/plan/zones/new?province=TH40`);
	await page.getByTestId('workspace').waitFor();
	await page.getByTestId('covered-laos').or(page.getByTestId('preview-ok')).first().waitFor();
	for (let i = 0; i < 600 && (await page.getByText('กำลังโหลดขอบเขต อปท.').count()) > 0; i++)
		await page.waitForTimeout(100);
	// A circle of 2,000 vertices, 27 km across the middle of Khon Kaen (as workspace.e2e.ts).
	const centre = [102.72, 16.42] as const;
	const radius = 0.25;
	const ring: number[][] = [];
	for (let i = 0; i < 2000; i++) {
		const angle = (2 * Math.PI * i) / 2000;
		ring.push([
			Number((centre[0] + radius * Math.cos(angle)).toFixed(7)),
			Number((centre[1] + radius * 0.96 * Math.sin(angle)).toFixed(7))
		]);
	}
	ring.push(ring[0]!);
	await page.getByTestId('import-file').setInputFiles({
		name: 'circle.geojson',
		mimeType: 'application/geo+json',
		buffer: Buffer.from(JSON.stringify({ type: 'Polygon', coordinates: [ring] }))
	});
	await page
		.getByTestId('problems-auto')
		.locator('[data-rule="zone.overlaps_zone"]')
		.waitFor({ timeout: 60_000 });
	await waitForEntry(page, 'sedz:zone-server-verdict', 1, 60_000);
	for (
		let i = 0;
		i < 100 && (await page.getByTestId('plan-map').getAttribute('data-idle')) !== 'true';
		i++
	)
		await page.waitForTimeout(100);

	// Select the circle, then drag a vertex on its east edge back and forth.
	await page.getByTestId('mode-select').click();
	const inside = await pixelOf(page, centre[0] + radius - 0.02, centre[1]);
	await page.mouse.click(inside.x, inside.y);
	await page.waitForTimeout(300);
	const first: number[] = [];
	const server: number[] = [];
	for (let round = 0; round < rounds + 2; round++) {
		const before = (await entries(page, 'sedz:zone-verdict')).length;
		const serverBefore = (await entries(page, 'sedz:zone-server-verdict')).length;
		const from = await pixelOf(page, ring[0]![0]!, ring[0]![1]!);
		const direction = round % 2 === 0 ? 1 : -1;
		await page.mouse.move(from.x, from.y, { steps: 2 });
		await page.mouse.down();
		for (let step = 1; step <= 5; step++) {
			await page.mouse.move(from.x + direction * step * 3, from.y + direction * step * 2);
			await page.waitForTimeout(20);
		}
		await page.mouse.up();
		const verdict = await waitForEntry(page, 'sedz:zone-verdict', before + 1, 20_000);
		const serverVerdict = await waitForEntry(
			page,
			'sedz:zone-server-verdict',
			serverBefore + 1,
			60_000
		);
		if (round < 2) continue; // warm-up: the first edits compile the checking code
		first.push(verdict);
		server.push(serverVerdict);
	}
	const f = (x: number) => `${x.toFixed(0)} ms`;
	const line = (label: string, values: number[]) =>
		`  ${label}: p50 ${f(percentile(values, 50))}, p95 ${f(percentile(values, 95))}` +
		` (p95 ${(percentile(values, 95) / targetMs).toFixed(2)}× the ${targetMs} ms target)`;
	console.log(
		`2,000-vertex zone over Khon Kaen, ${first.length} vertex drags in headless Chromium ` +
			`(load average ${os
				.loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')}, ${os.cpus().length} cores):`
	);
	console.log(line('edit → first verdict on province edge and overlaps', first));
	console.log(line('edit → the server’s automatic verdict', server));
} finally {
	await browser.close();
	await app.stop();
	if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
