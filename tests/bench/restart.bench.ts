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
import type { Browser } from 'playwright-core';
import {
	mapOf,
	openBrowser,
	startApp,
	waitUntilReady,
	watchMaps,
	type RunningApp
} from '../e2e/harness';

const restarts = Number(process.env.BENCH_RESTARTS ?? 3);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
if (!fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');

/** Pages an official or the public opens first; "every page ready" is all of them at 200. */
const restartPages = ['/', '/zones', '/data', '/ogc/collections', '/api/zones', '/scores'];
/** A z12 tambon tile over Khon Kaen: a tile the map needs once zoomed in (from the snapshot). */
const firstTile = '/tiles/tambon/12/3218/1858.pbf';

/** The 1-minute load average, printed beside every figure: the machine is shared. */
const load = () => `load ${os.loadavg()[0]!.toFixed(2)}`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function until200(app: RunningApp, page: string, since: number, timeoutMs = 300_000) {
	let status = 0;
	for (;;) {
		// A page's first answer may take long on a loaded machine: a late 200 still counts.
		status = await fetch(`${app.url}${page}`, { signal: AbortSignal.timeout(120_000) })
			.then(async (r) => (await r.arrayBuffer(), r.status))
			.catch(() => 0);
		if (status === 200) return performance.now() - since;
		if (performance.now() - since > timeoutMs)
			throw new Error(`${page}: no 200 in ${timeoutMs} ms (last answer ${status || 'none'})`);
		await sleep(25);
	}
}

/** Opens `/` in Chromium and waits until the province boundaries are painted: ms since `since`. */
async function mapDrawn(browser: Browser, app: RunningApp, since: number) {
	const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
	try {
		await watchMaps(context);
		const page = await context.newPage();
		for (;;) {
			const response = await page.goto(`${app.url}/`).catch(() => null);
			if (response?.status() === 200) break;
			await sleep(100);
		}
		await page.waitForFunction(
			(map) => {
				if (!map.loaded() || !map.areTilesLoaded()) return false;
				return map.queryRenderedFeatures().some((f) => f.sourceLayer === 'province');
			},
			await mapOf(page, 'public', { timeout: 300_000, polling: 50 }),
			{ timeout: 300_000, polling: 50 }
		);
		return performance.now() - since;
	} finally {
		await context.close();
	}
}

async function restartOnce(engine: string, env: Record<string, string>, browser: Browser) {
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
			mapDrawn(browser, app, spawned).then(milestone('map drawn'))
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
