/**
 * End-to-end harness: runs the built app (`node server.js`: adapter-node's server with the tiles'
 * fast path in front, see server.js) on a free
 * loopback port with its own empty data directory, and drives it with Debian's Chromium
 * through playwright-core (no browser download: `npx playwright install` cannot work here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type Frame,
	type JSHandle,
	type Page
} from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';
import { demoPassword } from './http-client';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Lines of app output kept for failure reports. */
const OUTPUT_LINES_KEPT = 400;

export interface StartAppOptions {
	/** Extra environment for the app; overrides the defaults below. */
	env?: Record<string, string>;
	/** Script to run instead of `server.js` (or E2E_APP_ENTRY), e.g. a stand-in server. */
	entry?: string;
	/** How long to wait for the first HTTP answer, in milliseconds. */
	startTimeoutMs?: number;
	/**
	 * `template` (the default when the run has one): start from a copy of the data directory the
	 * e2e global setup imported once, so each file skips the minute-long first-start import;
	 * `empty`: a fresh directory, for the tests of the first start itself.
	 */
	dataFrom?: 'template' | 'empty';
	/** Use this data directory and keep it on stop (the global setup builds the template so). */
	dataDir?: string;
}

export interface RunningApp {
	/** `http://127.0.0.1:PORT`, no trailing slash. */
	url: string;
	port: number;
	/** The app's fresh data directory (removed by `stop`). */
	dataDir: string;
	/** Milliseconds from spawn to the first HTTP answer. */
	startedAfterMs: number;
	/** The last lines the app wrote to stdout and stderr. */
	output(): string;
	/** Stops the app (SIGTERM, then SIGKILL) and removes its data directory. */
	stop(): Promise<void>;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			if (address === null || typeof address === 'string') {
				server.close();
				reject(new Error('could not read the port of a probe server'));
				return;
			}
			server.close(() => resolve(address.port));
		});
	});
}

/** The imported data directory of this e2e run (tests/e2e/global-setup.ts), if there is one. */
function templateDataDir(): string | undefined {
	try {
		return inject('e2eTemplateDataDir') || undefined;
	} catch {
		// Outside a vitest worker (the benchmark scripts): no template.
		return undefined;
	}
}

const running = new Set<ChildProcess>();
// A crashed or interrupted test run must not leave app servers behind.
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts the built app with an empty DATA_DIR, so it imports the real data by itself, and
 * resolves once its port answers HTTP (any status: 503 during the import counts).
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
	const entry = path.resolve(options.entry ?? process.env.E2E_APP_ENTRY ?? 'server.js');
	if (!existsSync(entry) || !existsSync(path.resolve('build/index.js'))) {
		throw new Error(`${entry} does not exist: run \`npm run build\` before \`npm run test:e2e\``);
	}
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'sedz-e2e-data-')));
	const template = options.dataFrom === 'empty' ? undefined : templateDataDir();
	if (template && !options.dataDir) await cp(template, dataDir, { recursive: true });

	const env: NodeJS.ProcessEnv = { ...process.env };
	// The app must use its own embedded database, never one from the caller's shell.
	delete env.DATABASE_URL;
	delete env.TEST_DATABASE_URL;
	Object.assign(env, {
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: url,
		DATA_DIR: dataDir,
		GEODATA_DIR: path.resolve('../shared/geodata'),
		// As the README asks of production: zone files and attachments exceed adapter-node's 512K.
		BODY_SIZE_LIMIT: '25M',
		// Every province's exact candidates would keep a core busy for minutes under the tests;
		// the pages still optimise the province they open.
		CANDIDATE_OPTIMISER_AT_START: 'false',
		...options.env
	});

	const lines: string[] = [];
	const record = (stream: string) => (chunk: Buffer) => {
		for (const line of chunk.toString('utf8').split('\n')) {
			if (line === '') continue;
			lines.push(`[${stream}] ${line}`);
			if (process.env.E2E_VERBOSE) console.log(`[app ${stream}] ${line}`);
		}
		if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
	};
	const output = () => lines.join('\n');

	const spawnedAt = Date.now();
	const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	child.stdout?.on('data', record('stdout'));
	child.stderr?.on('data', record('stderr'));
	let exit: string | undefined;
	const exited = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exit = signal ? `signal ${signal}` : `exit code ${code}`;
			running.delete(child);
			resolve();
		});
		child.on('error', (error) => {
			exit = `spawn error: ${error.message}`;
			running.delete(child);
			resolve();
		});
	});

	const stop = async () => {
		if (exit === undefined) {
			child.kill('SIGTERM');
			const gone = await Promise.race([exited.then(() => true), sleep(10_000, false)]);
			if (!gone) {
				child.kill('SIGKILL');
				await exited;
			}
		}
		if (!process.env.E2E_KEEP_DATA && !options.dataDir)
			await rm(dataDir, { recursive: true, force: true });
	};

	const timeoutMs = options.startTimeoutMs ?? 60_000;
	const deadline = spawnedAt + timeoutMs;
	for (;;) {
		if (exit !== undefined) {
			await stop();
			throw new Error(`the app exited before answering HTTP (${exit}):\n${output()}`);
		}
		try {
			// Any HTTP answer means the server is up; the body is not wanted.
			const response = await fetch(`${url}/`, {
				redirect: 'manual',
				signal: AbortSignal.timeout(5_000)
			});
			await response.body?.cancel();
			break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`the app did not answer HTTP on ${url} within ${timeoutMs} ms:\n${output()}`);
		}
		await sleep(100);
	}
	return { url, port, dataDir, startedAfterMs: Date.now() - spawnedAt, output, stop };
}

/**
 * Debian's headless Chromium, with the flags this closed network needs. `env` is added to the
 * browser process's environment (e.g. FONTCONFIG_FILE, to render without the system's fonts).
 */
export async function openBrowser(
	options: { env?: Record<string, string> } = {}
): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`${CHROMIUM_PATH} not found: apt-get install chromium (see .ci/run)`);
	}
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		...(options.env && { env: { ...process.env, ...options.env } }),
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			// Without these Chromium keeps trying to reach Google's hosts, which are refused here.
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			// WebGL (MapLibre) in software, as there is no GPU.
			'--use-angle=swiftshader',
			'--enable-unsafe-swiftshader'
		]
	});
}

export interface CheckedPageOptions {
	/** Only requests to this origin count as failed requests (default: every origin). */
	origin?: string;
	/** HTTP statuses of page navigations that are expected (e.g. 503 while importing). */
	allowedNavigationStatuses?: number[];
	viewport?: { width: number; height: number };
	locale?: string;
	/** Device pixels per CSS pixel (default 1), e.g. 2 to test high-density rendering. */
	deviceScaleFactor?: number;
}

export interface CheckedPage {
	page: Page;
	/** Recorded since the last `assertNoPageErrors`: uncaught errors, console errors, failed requests. */
	problems: string[];
	/** Fails listing the problems recorded since the last call, if any. */
	assertNoPageErrors(): void;
	/** Closes the page's browser context. */
	close(): Promise<void>;
}

/**
 * A page in a fresh browser context that records uncaught page errors, console errors and
 * failed requests to the app's origin (network failures and HTTP 4xx/5xx answers).
 */
export async function newCheckedPage(
	browser: Browser,
	options: CheckedPageOptions = {}
): Promise<CheckedPage> {
	const context = await browser.newContext({
		viewport: options.viewport ?? { width: 1280, height: 800 },
		locale: options.locale ?? 'th-TH',
		timezoneId: 'Asia/Bangkok',
		deviceScaleFactor: options.deviceScaleFactor ?? 1
	});
	await watchMaps(context);
	const page = await context.newPage();
	const problems: string[] = [];
	const allowed = new Set(options.allowedNavigationStatuses ?? []);
	const ownOrigin = (url: string) => {
		if (options.origin === undefined) return true;
		try {
			return new URL(url).origin === options.origin;
		} catch {
			return false;
		}
	};

	page.on('pageerror', (error) => {
		problems.push(`page error: ${error.stack ?? error.message}`);
	});
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		const text = message.text();
		// Chromium repeats every HTTP error answer as a console error; those are judged below
		// from the response itself, where expected statuses can be told apart.
		if (/^Failed to load resource: the server responded with a status of \d+/.test(text)) return;
		const where = message.location().url;
		problems.push(`console error: ${text}${where ? ` (${where})` : ''}`);
	});
	page.on('requestfailed', (request) => {
		const failure = request.failure()?.errorText ?? 'unknown error';
		// A reload or navigation cancels requests still in flight; that is not a failure.
		if (failure === 'net::ERR_ABORTED') return;
		if (!ownOrigin(request.url())) return;
		problems.push(`request failed: ${request.method()} ${request.url()}: ${failure}`);
	});
	page.on('response', (response) => {
		const status = response.status();
		if (status < 400 || !ownOrigin(response.url())) return;
		const request = response.request();
		if (request.isNavigationRequest() && allowed.has(status)) return;
		problems.push(`HTTP ${status}: ${request.method()} ${response.url()}`);
	});

	return {
		page,
		problems,
		assertNoPageErrors() {
			// Each call reports what happened since the previous one.
			const seen = problems.splice(0);
			expect(seen, 'uncaught errors, console errors or failed requests in the browser').toEqual([]);
		},
		close: () => context.close()
	};
}

/**
 * Opens `path` on the app at `baseUrl`, expects HTTP 200 and waits until the page is hydrated
 * (the root layout marks <html data-hydrated>): on a busy machine a click or a check before
 * that reaches no handler and the test fails for nothing.
 */
export async function openPage(page: Page, baseUrl: string, path: string): Promise<void> {
	const response = await page.goto(`${baseUrl}${path}`);
	expect(response?.status(), `GET ${path}`).toBe(200);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
}

/**
 * Logs `username` in through the log-in form (the demo password unless given), as a person
 * does: with `to`, from `/login?redirectTo=…` until the browser is on `to`'s path; without,
 * from `/login` until it is on any other page. Then waits until that page is hydrated.
 */
export async function logInThroughForm(
	page: Page,
	baseUrl: string,
	username: string,
	options: { to?: string; password?: string; timeout?: number } = {}
): Promise<void> {
	const { to, password = demoPassword, timeout = 30_000 } = options;
	await page.goto(`${baseUrl}/login${to ? `?redirectTo=${encodeURIComponent(to)}` : ''}`);
	// The form as a person meets it once the page runs: the enhanced sign-in, every time.
	await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout });
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(password);
	const toPath = to?.split(/[?#]/)[0];
	await Promise.all([
		// Until the address is the page's; its hydration is waited for below (a `load` event
		// would also wait for every image and tile the page asks for).
		page.waitForURL((url) => (toPath ? url.pathname === toPath : url.pathname !== '/login'), {
			timeout,
			waitUntil: 'commit'
		}),
		page.locator('main form[method="POST"] button').first().click()
	]);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
}

/**
 * A new checked page (`newCheckedPage`, counting the app's own requests) of `username`, logged
 * in through the form (`logInThroughForm`, `to` as there). The caller closes it.
 */
export async function loggedInPage(
	browser: Browser,
	baseUrl: string,
	username: string,
	options: Omit<CheckedPageOptions, 'origin'> & { to?: string } = {}
): Promise<CheckedPage> {
	const { to, ...pageOptions } = options;
	const checked = await newCheckedPage(browser, { origin: baseUrl, ...pageOptions });
	await logInThroughForm(checked.page, baseUrl, username, { to });
	return checked;
}

/** The names MapMount gives the app's maps (`data-map` on the map's container). */
export type MapName = 'public' | 'plan' | 'comments';

/**
 * Keeps the maps of every page in `context` by name, for `mapOf`: an init script listens for
 * the `sedz:map` event MapMount dispatches when it makes a map (src/lib/map/MapMount.svelte),
 * so the tests measure through the page; the app puts no map on `window`. `newCheckedPage`
 * calls it; a context made otherwise calls it before its first page.
 */
export async function watchMaps(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const maps = new Map<string, { map: MapLibreMap; loaded: boolean }>();
		Object.defineProperty(window, '__sedzTestMaps', { value: maps });
		window.addEventListener('sedz:map', (event) => {
			const map = (event as CustomEvent<MapLibreMap>).detail;
			const name = (event.target as HTMLElement).dataset.map ?? '';
			const entry = { map, loaded: false };
			maps.set(name, entry);
			// MapMount dispatches after adding its own 'load' handler: this one runs once the
			// page's layers are on the map.
			map.once('load', () => {
				entry.loaded = true;
			});
			map.once('remove', () => {
				if (maps.get(name) === entry) maps.delete(name);
			});
		});
	});
}

/**
 * The map named `name` of a page (or of a frame, such as an embedding's iframe) once its style
 * has loaded and the page's own layers are added, as a handle to evaluate on:
 * `(await mapOf(page, 'public')).evaluate((map) => map.getZoom())`, or to pass to
 * `page.waitForFunction`. Ask again after a navigation: a new page has new maps.
 */
export async function mapOf(
	page: Page | Frame,
	name: MapName,
	options: { timeout?: number; polling?: number } = {}
): Promise<JSHandle<MapLibreMap>> {
	const frame = 'mainFrame' in page ? page.mainFrame() : page;
	const handle = await frame.waitForFunction(
		(name) => {
			const maps = (
				window as unknown as { __sedzTestMaps?: Map<string, { map: unknown; loaded: boolean }> }
			).__sedzTestMaps;
			// The init script runs before the page's own: missing means it was never installed.
			if (!maps) throw new Error('no map watcher on this page: call watchMaps(context) first');
			const entry = maps.get(name);
			return entry?.loaded ? entry.map : undefined;
		},
		name,
		{
			timeout: options.timeout ?? 30_000,
			...(options.polling !== undefined && { polling: options.polling })
		}
	);
	return handle as unknown as JSHandle<MapLibreMap>;
}

/**
 * Resolves once the map named `name` has loaded, has `layer` (when given) and has drawn every
 * tile of its current view (MapLibre's 'idle' after a repaint).
 */
export async function mapIdle(
	page: Page,
	name: MapName,
	options: { layer?: string; timeout?: number } = {}
): Promise<void> {
	const map = await mapOf(page, name, { timeout: options.timeout });
	if (options.layer)
		await page.waitForFunction(
			({ map, layer }) => Boolean(map.getLayer(layer)),
			{ map, layer: options.layer },
			{ timeout: options.timeout ?? 30_000 }
		);
	await map.evaluate(
		(map) =>
			new Promise<void>((resolve) => {
				map.once('idle', () => resolve());
				map.triggerRepaint();
			})
	);
}

/** The page pixel (for `page.mouse`) of a longitude and latitude on the map named `name`. */
export async function mapPixel(
	page: Page,
	name: MapName,
	lon: number,
	lat: number
): Promise<{ x: number; y: number }> {
	return (await mapOf(page, name)).evaluate(
		(map, [lon, lat]) => {
			const point = map.project([lon, lat]);
			const box = map.getCanvas().getBoundingClientRect();
			return { x: box.left + point.x, y: box.top + point.y };
		},
		[lon, lat] as const
	);
}

/** Moves the map named `name` to a view at once (MapLibre's `jumpTo`). */
export async function mapJumpTo(
	page: Page,
	name: MapName,
	view: { center: [number, number]; zoom: number }
): Promise<void> {
	await (
		await mapOf(page, name)
	).evaluate((map, view) => {
		map.jumpTo(view);
	}, view);
}

/** Writes a full-page PNG to test-results/screenshots/NAME.png and returns its path. */
export async function screenshot(
	page: Page,
	name: string,
	options: { fullPage?: boolean } = {}
): Promise<string> {
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
	return file;
}

/** On a failing test, prints the last lines the app wrote (call at the start of each test). */
export function showAppOutputOnFailure(app: () => RunningApp | undefined): void {
	onTestFailed(() => {
		console.error(`----- app output (last lines) -----\n${app()?.output() ?? '(not started)'}`);
	});
}

/**
 * Waits until the app's first-start import is done (`/status.json` says ready); fails at once
 * if the import failed, listing the app's output.
 */
export async function waitUntilReady(app: RunningApp, timeoutMs = 150_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			// `?open=1`: waiting for the database, it opens at once (no first-view grace).
			const response = await fetch(`${app.url}/status.json?open=1`, {
				signal: AbortSignal.timeout(10_000)
			});
			const status = (await response.json()) as { state: string };
			if (status.state === 'ready') return;
			if (status.state === 'failed' || status.state === 'no_data') {
				throw new Error(`the app did not become ready (${status.state}):\n${app.output()}`);
			}
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('the app did not')) throw error;
			// A reset connection while a long statement holds the event loop: poll again.
		}
		if (Date.now() > deadline) {
			throw new Error(`the app was not ready within ${timeoutMs} ms:\n${app.output()}`);
		}
		await sleep(500);
	}
}

/** Writes a PNG of one element to test-results/screenshots/NAME.png and returns its path. */
export async function screenshotOf(page: Page, selector: string, name: string): Promise<string> {
	await mkdir(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	await page.locator(selector).screenshot({ path: file });
	return file;
}
