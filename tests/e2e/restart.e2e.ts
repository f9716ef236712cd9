/**
 * Issue 12, defect 3: the embedded database must come back after a crash, and a start that
 * cannot succeed must end the process (non-zero) so that a supervisor starts it again. The full
 * 50-trial kill -9 run is `npm run test:crash` (tests/crash/crash.ts); these are its cheap cases.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { tileSnapshotVersion } from '../../src/lib/server/tiles/tile-snapshot';
import {
	freePort,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp
} from './harness';

const entry = path.resolve(process.env.E2E_APP_ENTRY ?? 'server.js');
/** Opening the embedded database takes seconds on an idle machine, minutes on a loaded one. */
const slowMs = 600_000;
let scratch: string;
let dataDir: string;
const running: RunningApp[] = [];

beforeAll(async () => {
	scratch = await mkdtemp(path.join(tmpdir(), 'sedz-e2e-restart-'));
	dataDir = path.join(scratch, 'data');
	await cp(inject('e2eTemplateDataDir'), dataDir, { recursive: true });
});
afterAll(async () => {
	for (const app of running) await app.stop();
	await rm(scratch, { recursive: true, force: true });
});

/** Runs the built app until it exits by itself: its exit code and output. */
async function runToExit(
	env: Record<string, string>,
	timeoutMs = slowMs
): Promise<{ code: number | null; output: string }> {
	const port = await freePort();
	const child = spawn(process.execPath, [entry], {
		env: {
			...process.env,
			DATABASE_URL: '',
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: `http://127.0.0.1:${port}`,
			GEODATA_DIR: path.resolve('../shared/geodata'),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	clearTimeout(timer);
	return { code, output };
}

async function holderPid(): Promise<number> {
	return Number((await readFile(path.join(dataDir, 'sedz.lock'), 'utf8')).split('\n')[0]);
}

describe('the embedded database after a crash', () => {
	it(
		'starts over the pid file an older version left, naming a live process (pid 1)',
		async () => {
			await writeFile(path.join(dataDir, 'sedz.lock'), '1\n');
			const app = await startApp({ dataDir });
			running.push(app);
			await waitUntilReady(app, slowMs);
			// This app's own pid, not the stale one (a NaN, a missing file, fails).
			expect(await holderPid()).toBeGreaterThan(1);
		},
		slowMs
	);

	it(
		'refuses a second server on the same data, naming the holder, and exits 1',
		async () => {
			const holder = await holderPid();
			const second = await runToExit({ DATA_DIR: dataDir });
			expect(second.code).toBe(1);
			expect(second.output).toContain(`in use by another process (pid ${holder}, `);
			expect(second.output).toContain('exiting with code 1 so that a supervisor restarts the app');
			// The first one never noticed.
			const response = await fetch(`${running[0]!.url}/status.json`);
			expect(await response.json()).toMatchObject({ state: 'ready' });
		},
		slowMs
	);

	it(
		'comes back at once after kill -9, with the same data',
		async () => {
			const before = (await (await fetch(`${running[0]!.url}/api/zones`)).json()) as unknown;
			process.kill(await holderPid(), 'SIGKILL');
			const app = await startApp({ dataDir });
			running.push(app);
			await waitUntilReady(app, slowMs);
			expect(await (await fetch(`${app.url}/api/zones`)).json()).toEqual(before);
		},
		slowMs
	);

	it(
		'exits 1, saying why, when start-up fails for another reason',
		async () => {
			// A data directory that cannot be made: a file stands where it should be.
			const notADirectory = path.join(scratch, 'a-file');
			await writeFile(notADirectory, '');
			const failed = await runToExit({ DATA_DIR: path.join(notADirectory, 'data') });
			expect(failed.code).toBe(1);
			expect(failed.output).toMatch(/Start-up failed; exiting with code 1.*ENOTDIR/s);
		},
		slowMs
	);
});

/**
 * Issue 19 item 2: a restart of the embedded database answers the map at once. PGlite takes
 * seconds to open; meanwhile `/` is the map shell (200, never the 503 progress page) and the
 * tiles come from the tile snapshot the previous run wrote, with the ETags the database gives
 * once open; the page then loads what needs the database by itself.
 */
describe('a restart with the data present', () => {
	const snapshotDataDir = () => path.join(scratch, 'snapshot-data');
	/** A z5 province tile over Khon Kaen (held in memory) and a z13 tambon one (read from the file). */
	const shallowTile = '/tiles/province/5/25/14.pbf';
	const deepTile = '/tiles/tambon/13/6435/3716.pbf';

	it(
		'answers / and the tiles from the first HTTP answer on, then every page once open',
		async () => {
			await cp(inject('e2eTemplateDataDir'), snapshotDataDir(), { recursive: true });
			// A run that becomes ready writes the snapshot, in the background, after "ready".
			const first = await startApp({ dataDir: snapshotDataDir() });
			running.push(first);
			await waitUntilReady(first, slowMs);
			// Whole and of this release's layout (a data directory of an older one is rewritten).
			const snapshotFile = path.join(snapshotDataDir(), 'sedz-tiles.snapshot');
			while ((await tileSnapshotVersion(snapshotFile)) === undefined) await sleep(200);
			const readyTile = await fetch(`${first.url}${shallowTile}`);
			const readyBody = Buffer.from(await readyTile.arrayBuffer());
			const readyDeep = await fetch(`${first.url}${deepTile}`);
			const readyDeepBody = Buffer.from(await readyDeep.arrayBuffer());
			await first.stop();

			const app = await startApp({ dataDir: snapshotDataDir(), startTimeoutMs: slowMs });
			running.push(app);
			const home = await fetch(`${app.url}/`);
			const homeHtml = await home.text();
			const stateThen = (await (await fetch(`${app.url}/status.json`)).json()) as {
				state: string;
			};
			const [tile, deep] = await Promise.all([
				fetch(`${app.url}${shallowTile}`),
				fetch(`${app.url}${deepTile}`)
			]);
			// Still opening (PGlite takes seconds): the map shell, not the progress page.
			expect(stateThen.state).toBe('starting');
			expect(home.status).toBe(200);
			expect(home.headers.get('cache-control')).toBe('no-store');
			expect(homeHtml).toContain('data-testid="map-opening"');
			expect(tile.status).toBe(200);
			expect(tile.headers.get('etag')).toBe(readyTile.headers.get('etag'));
			expect(Buffer.from(await tile.arrayBuffer()).equals(readyBody)).toBe(true);
			// The snapshot holds every zoom served: a street-level tile too, the same bytes.
			expect(deep.status).toBe(200);
			expect(deep.headers.get('etag')).toBe(readyDeep.headers.get('etag'));
			expect(Buffer.from(await deep.arrayBuffer()).equals(readyDeepBody)).toBe(true);
			await waitUntilReady(app, slowMs);

			const browser = await openBrowser();
			try {
				const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
				await page.goto(`${app.url}/`);
				await page.getByTestId('approved-zones').waitFor();
				expect(await page.getByTestId('map-opening').count()).toBe(0);
			} finally {
				await browser.close();
			}
		},
		slowMs
	);

	it(
		'shows the map while opening, then the zone lists without a reload',
		async () => {
			for (const app of running.splice(0)) await app.stop();
			const app = await startApp({ dataDir: snapshotDataDir(), startTimeoutMs: slowMs });
			running.push(app);
			const browser = await openBrowser();
			try {
				const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
				const response = await page.goto(`${app.url}/?lang=en`);
				expect(response?.status()).toBe(200);
				const opening = page.getByTestId('map-opening');
				if ((await opening.count()) > 0) {
					expect(await opening.textContent()).toContain('Opening the database');
					await screenshot(page, 'restart-map-while-opening-en-390', { fullPage: false });
				}
				// The page asks /status.json and loads its data once the database is open.
				await page.getByTestId('approved-zones').waitFor({ timeout: slowMs });
				expect(await opening.count()).toBe(0);
				expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(
					1
				);
			} finally {
				await browser.close();
			}
		},
		slowMs
	);
});
