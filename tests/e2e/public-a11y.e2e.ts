/**
 * The public pages (no login) against the built app in demo mode, as issue 7 asks:
 * - axe-core finds no serious or critical problem on any of them, in Thai and English (the
 *   moderate and minor ones are printed, to be read);
 * - the first view of the map at 390×844 (a phone, 3 device pixels per CSS pixel, cold cache)
 *   stays within its byte budgets: JavaScript, CSS and fonts under 600 KB compressed and within
 *   1.15× a bare MapLibre page's measured in the same run (issue 19), everything it transfers
 *   under 1.5 MB (the breakdown is printed); every byte is counted where it is sent, MapLibre's
 *   worker script included (`wire-bytes.ts`);
 * - an anonymous visitor using the keyboard only finds a place, then the zone list, then a
 *   zone page, and always sees where the focus is.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	mapIdle,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput,
	watchMaps
} from './harness';
import { httpClient } from './http-client';
import { barePagePath, countingProxy, type CountingProxy, type WireRequest } from './wire-bytes';
import { approvedZoneOfLaos, type MadeZone, turnReadinessRulesOff } from './zone-setup';

const KB = 1024;
/** JavaScript, CSS and fonts of the first public view, compressed (issue 7). */
const CODE_BUDGET_BYTES = 600 * KB;
/** Everything the first view transfers at 390×844 (issue 7). */
const TOTAL_BUDGET_BYTES = 1.5 * KB * KB;
/** The first view's JS + CSS + fonts against a bare MapLibre page's, same run (issue 19 item 5). */
const TARGET_RATIO = 1.15;
/**
 * What this build holds to: the target. Measured 417.2 KB ≈ 1.148× (MapLibre 236 + worker 119 KB
 * + its stylesheet trimmed to the controls the app shows, 1.6 KB; Svelte 20, SvelteKit 12, the
 * root layout with the Thai first-view words 9, the map page 11 KB; no font: the device's Noto
 * Sans Thai and Noto Sans are used (`fonts.css`), as on this machine and most Android phones; a
 * device without them fetches the woff2 of each subset it draws, about 39 KB more).
 */
const RATIO_BUDGET = TARGET_RATIO;

/**
 * Opens `path` through the counting proxy in a fresh phone context (an empty cache, as a first
 * visit), waits for the map to settle, and returns every request the page caused.
 */
async function firstView(proxy: CountingProxy, path: string, shot: string) {
	const context = await browser!.newContext({
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 3,
		isMobile: true,
		hasTouch: true,
		locale: 'th-TH',
		timezoneId: 'Asia/Bangkok'
	});
	try {
		await watchMaps(context);
		const page = await context.newPage();
		proxy.take();
		await page.goto(`${proxy.url}${path}`);
		await mapIdle(page, 'public');
		await page.waitForLoadState('networkidle');
		await mapIdle(page, 'public');
		await screenshot(page, shot, { fullPage: false });
		return proxy.take();
	} finally {
		await context.close();
	}
}

let app: RunningApp | undefined;
let browser: Browser | undefined;
let zone: MadeZone | undefined;
/** Whether the text list of zones (`/zones`) is part of this build. */
let zoneListExists = false;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

interface AxeFinding {
	id: string;
	impact: string | null;
	help: string;
	targets: string[];
}

/** axe-core's violations on the page as it is now (its default rule set: WCAG A/AA and more). */
async function axeViolations(page: Page): Promise<AxeFinding[]> {
	// Evaluated through the DevTools protocol, so no content security policy stands in the way.
	await page.evaluate(axe.source);
	return page.evaluate(async () => {
		const result = await window.axe.run(document, { resultTypes: ['violations'] });
		return result.violations.map((violation) => ({
			id: violation.id,
			impact: violation.impact ?? null,
			help: violation.help,
			targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' '))
		}));
	});
}

/** The element with the keyboard focus, described, and whether its focus can be seen. */
async function focused(page: Page) {
	return page.evaluate(() => {
		const element = document.activeElement as HTMLElement | null;
		if (!element || element === document.body) return null;
		const style = getComputedStyle(element);
		const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
		const ringed = style.boxShadow !== 'none';
		return {
			tag: element.tagName.toLowerCase(),
			id: element.id,
			testId: element.dataset.testid ?? '',
			href: element instanceof HTMLAnchorElement ? new URL(element.href).pathname : '',
			text: (element.innerText ?? '').trim().slice(0, 60),
			focusVisible: element.matches(':focus-visible'),
			outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
			visible: outlined || ringed
		};
	});
}

type Focused = NonNullable<Awaited<ReturnType<typeof focused>>>;

/**
 * Presses Tab (or Shift+Tab) until the focused element matches; fails after `limit` presses.
 * Returns what has the focus then.
 */
async function tabTo(
	page: Page,
	matches: (element: Focused) => boolean,
	what: string,
	options: { backwards?: boolean; limit?: number } = {}
): Promise<Focused> {
	const seen: string[] = [];
	for (let i = 0; i < (options.limit ?? 80); i++) {
		await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
		const now = await focused(page);
		if (now && matches(now)) return now;
		seen.push(now ? `${now.tag}#${now.id}[${now.href}] ${now.text}` : '(body)');
	}
	throw new Error(`${what} not reached with the keyboard; the focus went to:\n${seen.join('\n')}`);
}

function expectFocusVisible(element: Focused, what: string) {
	expect(element.focusVisible, `${what} matches :focus-visible`).toBe(true);
	expect(element.visible, `${what} shows its focus (outline ${element.outline})`).toBe(true);
}

describe('public pages: accessibility, budgets, keyboard', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		browser = await openBrowser();
		const http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{
				planner: await http.logInAs('planner.th40'),
				governor: await http.logInAs('governor.th40')
			},
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด' }
		);
		const list = await http.get('/zones');
		await list.body?.cancel();
		zoneListExists = list.status === 200;
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('axe-core: no serious or critical problem on the public pages, Thai and English', async () => {
		showAppOutputOnFailure();
		const paths = [
			'/',
			`/zones/${zone!.id}`,
			...(zoneListExists ? ['/zones'] : []),
			'/scores',
			'/data',
			'/progress',
			'/coordination/register',
			'/privacy',
			'/login'
		];
		// The OGC landing page counts when it answers a browser with HTML.
		const ogc = await fetch(`${running().url}/ogc`, { headers: { accept: 'text/html' } });
		await ogc.body?.cancel();
		if (ogc.headers.get('content-type')?.startsWith('text/html')) paths.push('/ogc');
		console.log(
			`axe: pages checked: ${paths.join(', ')}${zoneListExists ? '' : ' (no /zones yet)'}`
		);

		const serious: string[] = [];
		for (const locale of ['th', 'en'] as const) {
			const checked = await newCheckedPage(browser!, { origin: running().url });
			const { page } = checked;
			for (const path of paths) {
				const response = await page.goto(`${running().url}${path}?lang=${locale}`);
				expect(response?.status(), path).toBe(200);
				await page.waitForLoadState('networkidle');
				if (path === '/') await mapIdle(page, 'public');
				else if (path.startsWith('/zones/')) await mapIdle(page, 'plan');
				expect(await page.locator('html').getAttribute('lang'), path).toBe(locale);
				const violations = await axeViolations(page);
				for (const v of violations) {
					const line = `${locale} ${path}: [${v.impact}] ${v.id} — ${v.help}\n    ${v.targets.join('\n    ')}`;
					if (v.impact === 'serious' || v.impact === 'critical') serious.push(line);
					else console.log(`axe (not failing): ${line}`);
				}
			}
			checked.assertNoPageErrors();
			await checked.close();
		}
		expect(serious, 'serious or critical axe-core violations').toEqual([]);
	});

	test('budgets: the first view of the map at 390×844 on a phone, cold cache, beside bare MapLibre', async () => {
		showAppOutputOnFailure();
		// Every byte the page causes, workers included, counted where it is sent (wire-bytes.ts).
		const proxy = await countingProxy(running().url);
		try {
			const app = await firstView(proxy, '/', 'budget-first-view-390');
			const bare = await firstView(proxy, barePagePath, 'budget-bare-maplibre-390');
			const code = (r: WireRequest) => ['script', 'stylesheet', 'font'].includes(r.type);
			const sum = (list: WireRequest[]) => list.reduce((total, r) => total + r.bytes, 0);
			const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
			const codeBytes = sum(app.filter(code));
			const bareCodeBytes = sum(bare.filter(code));
			const totalBytes = sum(app);
			const byType = new Map<string, { count: number; bytes: number }>();
			for (const r of app) {
				const entry = byType.get(r.type) ?? { count: 0, bytes: 0 };
				entry.count += 1;
				entry.bytes += r.bytes;
				byType.set(r.type, entry);
			}
			const top = [...app].sort((a, b) => b.bytes - a.bytes).slice(0, 12);
			console.log(
				[
					`budget: first view of / at 390×844 ×3, cold cache: ${app.length} requests (workers included)`,
					`  JS + CSS + fonts: ${kb(codeBytes)} = ${(codeBytes / bareCodeBytes).toFixed(2)}× bare MapLibre's ${kb(bareCodeBytes)} (target ≤ ${TARGET_RATIO}×; budget ${kb(CODE_BUDGET_BYTES)})`,
					`  everything:       ${kb(totalBytes)} (budget ${kb(TOTAL_BUDGET_BYTES)})`,
					'  by type:',
					...[...byType].map(
						([type, e]) => `    ${type.padEnd(11)} ${String(e.count).padStart(3)}  ${kb(e.bytes)}`
					),
					'  the 12 largest:',
					...top.map(
						(r) =>
							`    ${kb(r.bytes).padStart(9)}  ${r.type.padEnd(10)} ${r.encoding.padEnd(4)} ${r.path}`
					),
					`  bare MapLibre: ${bare
						.filter(code)
						.map((r) => `${r.path} ${kb(r.bytes)}`)
						.join(', ')}`
				].join('\n')
			);
			// The map's tiles were asked for and arrived (they are part of the first view), and
			// MapLibre's worker script was counted, on both pages.
			expect(app.some((r) => r.type === 'tile')).toBe(true);
			expect(bare.some((r) => r.type === 'tile')).toBe(true);
			expect(app.some((r) => /maplibre-gl-worker.*\.mjs$/.test(r.path))).toBe(true);
			expect(bare.some((r) => r.path.endsWith('maplibre-gl-worker.mjs'))).toBe(true);
			// Scripts and styles come compressed (adapter-node serves the precompressed files).
			const uncompressed = app.filter(
				(r) => ['script', 'stylesheet'].includes(r.type) && r.bytes > 1 * KB && r.encoding === ''
			);
			expect(uncompressed.map((r) => r.path)).toEqual([]);
			// The memo's font (Sarabun) is for printed memos only; fonts go out as woff2 only.
			expect(app.filter((r) => /sarabun/i.test(r.path)).map((r) => r.path)).toEqual([]);
			expect(app.filter((r) => r.type === 'font' && !r.path.endsWith('.woff2'))).toEqual([]);
			expect(codeBytes).toBeLessThan(CODE_BUDGET_BYTES);
			expect(codeBytes / bareCodeBytes).toBeLessThanOrEqual(RATIO_BUDGET);
			expect(totalBytes).toBeLessThan(TOTAL_BUDGET_BYTES);
		} finally {
			await proxy.close();
		}
	});

	test('keyboard only: skip link, search, a result, the zone list, a zone page', async () => {
		showAppOutputOnFailure();
		const checked = await newCheckedPage(browser!, { origin: running().url });
		const { page } = checked;
		await page.goto(`${running().url}/?lang=th`);
		await mapIdle(page, 'public');

		// The first Tab lands on the skip link, which shows itself and its focus.
		const skip = await tabTo(page, (e) => e.testId === 'skip-link', 'the skip link', {
			limit: 1
		});
		expect(skip.text).toBe('ข้ามไปยังเนื้อหาหลัก');
		expectFocusVisible(skip, 'the skip link');
		expect(
			await page.getByTestId('skip-link').evaluate((a) => a.getBoundingClientRect().top >= 0)
		).toBe(true);
		await page.keyboard.press('Enter');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

		// From the main content, on to the place search; type a province's name, choose it.
		const search = await tabTo(page, (e) => e.id === 'place-search', 'the search box', {
			limit: 20
		});
		expectFocusVisible(search, 'the search box');
		await page.keyboard.type('ขอนแก่น');
		await expect
			.poll(() => page.locator('#place-search-results [role="option"]').count(), {
				timeout: 10_000
			})
			.toBeGreaterThan(0);
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await expect
			.poll(
				() =>
					page
						.getByTestId('place-name')
						.innerText()
						.catch(() => ''),
				{ timeout: 15_000 }
			)
			.toBe('ขอนแก่น');
		// The panel's heading takes the focus, for screen readers.
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('place-panel-title');
		await screenshot(page, 'keyboard-place-th', { fullPage: false });

		// The zone list: its link is somewhere on the page (forwards, else backwards).
		expect(zoneListExists, 'the text list of zones /zones exists').toBe(true);
		const isZoneList = (e: Focused) => e.tag === 'a' && e.href === '/zones';
		let listLink: Focused;
		try {
			listLink = await tabTo(page, isZoneList, 'the zone list link', { limit: 60 });
		} catch {
			listLink = await tabTo(page, isZoneList, 'the zone list link', {
				backwards: true,
				limit: 120
			});
		}
		expectFocusVisible(listLink, 'the zone list link');
		await Promise.all([
			page.waitForURL((url) => url.pathname === '/zones'),
			page.keyboard.press('Enter')
		]);

		// In the list, the approved zone's link; Enter opens its page.
		const zoneLink = await tabTo(
			page,
			(e) => e.tag === 'a' && e.href === `/zones/${zone!.id}`,
			'the zone page link',
			{ limit: 80 }
		);
		expectFocusVisible(zoneLink, 'the zone page link');
		await screenshot(page, 'keyboard-zone-list-th', { fullPage: false });
		await Promise.all([
			page.waitForURL((url) => url.pathname === `/zones/${zone!.id}`),
			page.keyboard.press('Enter')
		]);
		expect(await page.getByTestId('zone-name').innerText()).toBe('เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด');
		checked.assertNoPageErrors();
		await checked.close();
	});
});

declare global {
	interface Window {
		axe: typeof axe;
	}
}
