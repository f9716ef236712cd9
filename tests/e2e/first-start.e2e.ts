/**
 * First start: an empty data directory makes the app import the real data by itself. Until
 * that is done every page answers 503 with a progress page that reloads itself; then `/` is
 * the map, and `/data` the dataset summary, in Thai by default and in English with ?lang=en.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

/**
 * The import of the real data takes up to about a minute on CI's 2 cores, and cutting its
 * 515,000 vector tiles once (issue 19) about as long again.
 */
const IMPORT_TIMEOUT_MS = Number(process.env.E2E_IMPORT_TIMEOUT_S ?? 300) * 1000;
const THAI_IMPORTING = 'กำลังนำเข้าข้อมูล';
const SURVEY_DEPARTMENT = 'Royal Thai Survey Department';

interface ImportStatus {
	state: 'starting' | 'importing' | 'ready' | 'no_data' | 'failed';
	percent: number;
	phase?: string;
}

let browser: Browser | undefined;
let app: RunningApp | undefined;
let checked: CheckedPage | undefined;
/** Statuses of the checked page's own document loads, in order. */
const documentStatuses: number[] = [];

function running(): { app: RunningApp; checked: CheckedPage; page: Page } {
	if (!app || !checked) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, checked, page: checked.page };
}

/** Prints the app's own output under a failed test, where the cause usually is. */
const showAppOutputOnFailure = () => reportAppOutput(() => app);

/**
 * One poll of /status.json. A kept-alive socket that the server closed as idle while a long
 * database statement held its event loop is reset when reused (ECONNRESET), and on a loaded
 * machine a poll can time out while such a statement runs: either poll is retried, as the page's
 * own poller simply tries again a second later.
 */
async function fetchStatus(baseUrl: string): Promise<{ http: number; body: ImportStatus }> {
	let response: Response | undefined;
	for (let attempt = 1; !response; attempt++) {
		try {
			response = await fetch(`${baseUrl}/status.json`, { signal: AbortSignal.timeout(10_000) });
		} catch (error) {
			// A busy machine can also hold a poll past its timeout while a statement runs.
			const code = (error as { cause?: { code?: string } }).cause?.code;
			const timedOut = (error as Error).name === 'TimeoutError';
			if ((code !== 'ECONNRESET' && !timedOut) || attempt >= 5) throw error;
		}
	}
	const text = await response.text();
	try {
		return { http: response.status, body: JSON.parse(text) as ImportStatus };
	} catch {
		throw new Error(`/status.json answered ${response.status} with no JSON: ${text.slice(0, 300)}`);
	}
}

function expectValidStatus(status: ImportStatus): void {
	expect(['starting', 'importing', 'ready', 'failed']).toContain(status.state);
	expect(Number.isInteger(status.percent), `percent ${status.percent} is an integer`).toBe(true);
	expect(status.percent).toBeGreaterThanOrEqual(0);
	expect(status.percent).toBeLessThanOrEqual(100);
}

async function expectDataSummary(page: Page, lang: 'th' | 'en'): Promise<void> {
	expect(await page.locator('html').getAttribute('lang')).toBe(lang);
	await expect.poll(() => page.locator('h1').count(), { message: 'an h1' }).toBeGreaterThan(0);
	expect((await page.locator('h1').first().innerText()).trim()).not.toBe('');
	const summary = page.getByTestId('dataset-summary');
	expect(await summary.count(), '[data-testid="dataset-summary"]').toBe(1);
	expect(await summary.getByTestId('count-province').innerText()).toContain('77');
	expect(await summary.getByTestId('count-lao').innerText()).toContain('7,849');
	expect(await page.locator('body').innerText()).toContain(SURVEY_DEPARTMENT);
}

/**
 * One GET, asked again once if the connection was reset: Node's fetch reuses a kept-alive
 * socket that the server, its event loop busy with the import, may close at the same moment
 * (ECONNRESET). The test is about the answer's status, not about socket reuse.
 */
async function fetchOnce(url: string): Promise<Response> {
	try {
		return await fetch(url, { redirect: 'manual' });
	} catch (error) {
		if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
		return fetch(url, { redirect: 'manual' });
	}
}

describe('first start with an empty data directory', () => {
	beforeAll(async () => {
		// The browser first, so the page opens the moment the server answers.
		browser = await openBrowser();
		app = await startApp({ dataFrom: 'empty' });
		checked = await newCheckedPage(browser, {
			origin: app.url,
			allowedNavigationStatuses: [503]
		});
		checked.page.on('response', (response) => {
			if (
				response.request().isNavigationRequest() &&
				response.frame() === checked?.page.mainFrame()
			)
				documentStatuses.push(response.status());
		});
	}, 120_000);

	afterAll(async () => {
		await checked?.close();
		await browser?.close();
		await app?.stop();
	});

	test('answers 503 with a self-refreshing progress page while the import runs', async () => {
		showAppOutputOnFailure();
		const { app, page } = running();

		const response = await page.goto(`${app.url}/`, { waitUntil: 'domcontentloaded' });
		if (!response) throw new Error('no response for /');
		if (response.status() === 200) {
			throw new Error(
				`/ answered 200 the first time it was opened; the app first answered HTTP ` +
					`${app.startedAfterMs} ms after it started. The server must listen at once and answer ` +
					'503 with the progress page while the first-start import runs; here the import was ' +
					'over before a page could be opened (or ran before the server listened)'
			);
		}
		const status = await fetchStatus(app.url);
		if (status.body.state === 'failed') {
			throw new Error(`the import failed: ${JSON.stringify(status.body)}`);
		}
		expect(response.status(), 'HTTP status of / during the import').toBe(503);
		expect(response.headers()['retry-after'], 'Retry-After header').toMatch(/^\d+$|GMT$/);

		const progress = page.getByTestId('import-progress');
		expect(await progress.count(), '[data-testid="import-progress"]').toBe(1);
		const percent = await progress.getAttribute('data-percent');
		expect(percent, 'data-percent').toMatch(/^\d{1,3}$/);
		expect(Number(percent)).toBeLessThanOrEqual(100);
		expect(await page.locator('body').innerText()).toContain(THAI_IMPORTING);
		expect(await page.locator('html').getAttribute('lang')).toBe('th');
		await screenshot(page, 'first-start-progress-th');

		// /status.json is what the page polls.
		expect(status.http, 'HTTP status of /status.json').toBe(200);
		expectValidStatus(status.body);

		// Every other page answers the same while the import runs. An import can only move on,
		// so a state still 'importing' after the requests means they were made during it.
		const paths = ['/?lang=en', '/no-such-page'];
		const answers = await Promise.all(
			paths.map(async (path) => {
				const answer = await fetchOnce(`${app.url}${path}`);
				return {
					path,
					status: answer.status,
					retryAfter: answer.headers.get('retry-after'),
					body: await answer.text()
				};
			})
		);
		if ((await fetchStatus(app.url)).body.state === 'importing') {
			for (const answer of answers) {
				expect(answer.status, `HTTP status of ${answer.path} during the import`).toBe(503);
				expect(answer.retryAfter, `Retry-After of ${answer.path}`).not.toBeNull();
				expect(answer.body, `progress element in ${answer.path}`).toContain(
					'data-testid="import-progress"'
				);
			}
		}
	});

	test(
		'reloads itself into the map when the import is done; /data shows the summary',
		async () => {
			showAppOutputOnFailure();
			const { app, checked, page } = running();
			if (documentStatuses.length === 0) {
				// The first test could not even open the page.
				await page.goto(`${app.url}/`, { waitUntil: 'domcontentloaded' });
			}

			const deadline = Date.now() + IMPORT_TIMEOUT_MS;
			const phases: string[] = [];
			let last: ImportStatus | undefined;
			for (;;) {
				// The page must get there by itself: no reload or navigation from here.
				const onHome = await page
					.getByTestId('map-page')
					.count()
					.catch(() => 0); // the page is being replaced
				if (onHome > 0) break;
				last = (await fetchStatus(app.url)).body;
				const seen = `${last.state} ${last.percent}%${last.phase ? ` ${last.phase}` : ''}`;
				if (phases.at(-1) !== seen) phases.push(seen);
				if (last.state === 'failed') {
					throw new Error(`the import failed: ${JSON.stringify(last)}`);
				}
				if (Date.now() > deadline) {
					throw new Error(
						`no map page within ${IMPORT_TIMEOUT_MS / 1000} s. /status.json went through:\n` +
							`  ${phases.slice(-20).join('\n  ')}\npage ${page.url()}, document statuses ` +
							`${documentStatuses.join(', ')}`
					);
				}
				await new Promise((resolve) => setTimeout(resolve, 1_000));
			}
			await page.waitForLoadState('load');
			if (phases.length > 0) console.log(`import progress seen: ${phases.join(' → ')}`);

			expect(documentStatuses.at(-1), 'status of the reloaded document').toBe(200);
			const status = await fetchStatus(app.url);
			expect(status.http).toBe(200);
			expectValidStatus(status.body);
			expect(status.body.state).toBe('ready');

			expect(await page.locator('html').getAttribute('lang')).toBe('th');
			expect(new URL(page.url()).pathname).toBe('/');
			await screenshot(page, 'home-map-th');

			const summary = await page.goto(`${app.url}/data`, { waitUntil: 'load' });
			expect(summary?.status(), 'HTTP status of /data').toBe(200);
			await expectDataSummary(page, 'th');
			await screenshot(page, 'data-th');

			// Thai is the default for a visitor with no preference stored.
			const plain = await fetch(`${app.url}/`);
			expect(plain.status).toBe(200);
			expect(await plain.text()).toMatch(/<html[^>]*\slang="th"/);

			checked.assertNoPageErrors();
		},
		IMPORT_TIMEOUT_MS + 30_000
	);

	test('shows the English UI with ?lang=en', async () => {
		showAppOutputOnFailure();
		const { app, checked, page } = running();

		const response = await page.goto(`${app.url}/data?lang=en`, { waitUntil: 'load' });
		expect(response?.status(), 'HTTP status of /data?lang=en').toBe(200);
		await expectDataSummary(page, 'en');
		await screenshot(page, 'data-en');
		checked.assertNoPageErrors();
	});
});
