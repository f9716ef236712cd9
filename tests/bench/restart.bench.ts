/**
 * npm run bench:restart — an app restart with the data present (issue 19 item 2), on the built
 * app (`npm run build` first, run as `node server.js`), per engine:
 *   spawn → listening → `/` 200 → first tile 200 → map drawn (headless Chromium: the province
 *   boundaries are painted on the canvas) → every page in `restartPages` 200;
 * BENCH_RESTARTS times each (default 3), with the load average beside every figure (the machine
 * is shared). The embedded engine restarts on a copy of BENCH_PGLITE_DIR (an imported data
 * directory, e.g. the e2e template: it is imported here when not given, which takes minutes);
 * PostgreSQL with BENCH_DATABASE_URL or TEST_DATABASE_URL (imported here when empty). Figures,
 * not assertions: this is not a test.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Browser, Page } from 'playwright-core';
import { openBrowser, startApp, waitUntilReady, watchMaps, type RunningApp } from '../e2e/harness';
import { restartPages, until200 } from './restart-pages';
import { envCount } from './settings';

const restarts = envCount('BENCH_RESTARTS', 3);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
if (!fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');

/** A z12 tambon tile over Khon Kaen: a tile the map needs once zoomed in (from the snapshot). */
const firstTile = '/tiles/tambon/12/3218/1858.pbf';

/** The 1-minute load average, printed beside every figure: the machine is shared. */
const load = () => `load ${os.loadavg()[0]!.toFixed(2)}`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * A browser tab ready before the spawn, as a user's browser is open when the app restarts: with
 * the map watcher (harness) and the page's own marks of when the map was made and its style loaded.
 */
async function openTab(browser: Browser): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	await watchMaps(context);
	await context.addInitScript(() => {
		const marks: Record<string, number> = {};
		Object.defineProperty(window, '__benchMarks', { value: marks });
		window.addEventListener('sedz:map', (event) => {
			marks.made = performance.now();
			(event as CustomEvent<MapLibreMap>).detail.once(
				'load',
				() => (marks.loaded = performance.now())
			);
		});
	});
	return context.newPage();
}

/**
 * Opens `/` in the tab and waits until the province boundaries are painted: ms since `since`.
 * Checked at every animation frame (a timer would wait behind MapLibre's frames, which take
 * 50–200 ms each in software WebGL), so the figure is the frame that drew them.
 */
async function mapDrawn(page: Page, app: RunningApp, since: number) {
	for (;;) {
		const response = await page.goto(`${app.url}/`, { waitUntil: 'commit' }).catch(() => null);
		if (response?.status() === 200) break;
		await sleep(100);
	}
	const drawnAt = await page.waitForFunction(
		() => {
			const maps = (
				window as unknown as { __sedzTestMaps?: Map<string, { map: MapLibreMap; loaded: boolean }> }
			).__sedzTestMaps;
			const entry = maps?.get('public');
			if (!entry?.loaded) return false;
			const map = entry.map;
			if (!map.loaded() || !map.areTilesLoaded()) return false;
			if (!map.queryRenderedFeatures().some((f) => f.sourceLayer === 'province')) return false;
			return performance.now();
		},
		undefined,
		{ timeout: 300_000, polling: 'raf' }
	);
	const drawn = performance.now() - since;
	// The page's clock starts at its navigation: both clocks count from the same epoch.
	const navigated =
		(await page.evaluate(() => performance.timeOrigin)) - (performance.timeOrigin + since);
	console.log(
		`    map drawn, where the time went: ${await waterfall(page, Number(await drawnAt.jsonValue()), navigated)}`
	);
	return drawn;
}

/**
 * Where the browser's time went, from the page's own clock (ms since its navigation began): the
 * HTML, the app's scripts (DOMContentLoaded), MapLibre's module and worker fetched, the map made
 * (`sedz:map`), the map loaded, and drawn. `navigated` is when the navigation that answered 200
 * began, in ms since the spawn.
 */
async function waterfall(page: Page, drawnAt: number, navigated: number): Promise<string> {
	// Plain data out of the page, worked on here: tsx names the page's inner functions with a
	// helper the page does not have.
	const { nav, resources, marks } = await page.evaluate(() => ({
		nav: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).toJSON(),
		resources: performance
			.getEntriesByType('resource')
			.map((r) => (r as PerformanceResourceTiming).toJSON()),
		marks: { ...(window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks }
	}));
	type Timing = { name: string; responseEnd: number };
	const fetched = (file: RegExp) =>
		(resources as Timing[]).find((r) => file.test(r.name))?.responseEnd;
	const mark = (name: string, ms: number | undefined) =>
		ms === undefined ? `${name} –` : `${name} ${(ms / 1000).toFixed(2)}`;
	const marks_ = [
		mark('html', (nav as { responseEnd?: number }).responseEnd),
		mark('scripts run', (nav as { domContentLoadedEventEnd?: number }).domContentLoadedEventEnd),
		mark('maplibre', fetched(/\/maplibre-gl\.[^/]*\.mjs$/)),
		mark('worker', fetched(/\/maplibre-gl-worker\.[^/]*\.mjs$/)),
		mark('map made', marks.made),
		// MapLibre's 'load': the style and the first view's tiles loaded (the tiles are the worker's
		// requests, not in the page's timeline).
		mark('map loaded', marks.loaded),
		mark('drawn', drawnAt)
	];
	return `navigation began ${s(navigated)} after the spawn, then (s) ${marks_.join(', ')}`;
}

async function restartOnce(engine: string, env: Record<string, string>, browser: Browser) {
	const tab = await openTab(browser);
	const spawned = performance.now();
	const app = await startApp({ env, dataDir: env.DATA_DIR, startTimeoutMs: 300_000 });
	try {
		const listening = performance.now() - spawned;
		const milestone = (name: string) => (ms: number) => {
			console.log(`    ${name}: ${s(ms)} (${load()})`);
			return ms;
		};
		const [home, tile, drawn] = await Promise.all([
			until200(app, '/', spawned).then(milestone('/ 200')),
			until200(app, firstTile, spawned).then(milestone('first tile 200')),
			mapDrawn(tab, app, spawned).then(milestone('map drawn'))
		]);
		const pages = await Promise.all(
			restartPages.map((page) => until200(app, page, spawned).then(milestone(`${page} 200`)))
		);
		const every = Math.max(...pages);
		console.log(
			`  ${engine}: listening ${s(listening)}, / 200 ${s(home)}, first tile 200 ${s(tile)}, ` +
				`map drawn ${s(drawn)}, every page 200 ${s(every)} (${load()})`
		);
		return { listening, home, tile, drawn, every };
	} finally {
		await tab.context().close();
		await app.stop();
	}
}

/**
 * An imported embedded data directory with its tile snapshot: a copy of BENCH_PGLITE_DIR started
 * once (which writes the snapshot if the directory has none), or one imported now.
 */
async function importedPGliteDir(scratch: string): Promise<string> {
	const dir = path.join(scratch, 'imported');
	if (process.env.BENCH_PGLITE_DIR)
		await cp(path.resolve(process.env.BENCH_PGLITE_DIR), dir, { recursive: true });
	else
		console.log(
			'Importing the data into a new embedded directory (minutes; BENCH_PGLITE_DIR skips it)'
		);
	const app = await startApp({ dataFrom: 'empty', dataDir: dir, startTimeoutMs: 300_000 });
	try {
		await waitUntilReady(app, 1_800_000);
		// The tile snapshot is written after "ready", in the background.
		while (!fs.existsSync(path.join(dir, 'sedz-tiles.snapshot'))) await sleep(500);
	} finally {
		await app.stop();
	}
	return dir;
}

/** BENCH_NO_SNAPSHOT=1: restart without the tile snapshot, as before issue 19 item 2. */
const withoutSnapshot = process.env.BENCH_NO_SNAPSHOT === '1';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'sedz-bench-restart-'));
const browser = await openBrowser();
try {
	console.log(
		`Restart with the data present, ${restarts} times per engine (targets: map drawn ≤ 3 s, every page ≤ 8 s; ${os.cpus().length} cores, ${load()})`
	);
	for (const engine of engines) {
		let env: Record<string, string>;
		let source: string | undefined;
		if (engine === 'pglite') {
			source = await importedPGliteDir(scratch);
			env = { DATA_DIR: path.join(scratch, 'restart') };
		} else {
			if (!serverUrl) throw new Error('postgres needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
			env = { DATABASE_URL: serverUrl, DATA_DIR: path.join(scratch, 'pg-data') };
			// An empty database imports at the first start: that start is not a restart.
			const first = await startApp({ env, dataDir: env.DATA_DIR, startTimeoutMs: 300_000 });
			await waitUntilReady(first, 1_800_000).finally(() => first.stop());
		}
		const runs: Awaited<ReturnType<typeof restartOnce>>[] = [];
		for (let i = 0; i < restarts; i++) {
			if (source) {
				await rm(env.DATA_DIR!, { recursive: true, force: true });
				await cp(source, env.DATA_DIR!, { recursive: true });
				if (withoutSnapshot) await rm(path.join(env.DATA_DIR!, 'sedz-tiles.snapshot'));
			}
			runs.push(await restartOnce(engine, env, browser));
		}
		const best = (key: keyof (typeof runs)[number]) => s(Math.min(...runs.map((r) => r[key])));
		console.log(
			`  ${engine}${withoutSnapshot ? ' (no tile snapshot)' : ''} best of ${restarts}: / 200 ${best('home')}, first tile ${best('tile')}, map drawn ${best('drawn')}, every page ${best('every')}`
		);
	}
} finally {
	await browser.close();
	await rm(scratch, { recursive: true, force: true });
}
