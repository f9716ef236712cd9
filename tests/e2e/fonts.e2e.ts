/**
 * The bundled fonts on everything (issue 15, item 5), in a Chromium that has NO Thai font of its
 * own: its fontconfig sees only DejaVu (Latin), so any Thai letter not drawn with the app's
 * bundled Noto Sans Thai or Sarabun would print as an empty box (□).
 *
 * How a missing glyph is detected: Chromium's DevTools protocol tells, for each text node, which
 * fonts drew it (`CSS.getPlatformFontsForNode`, the "Rendered fonts" of the inspector) and
 * whether each is a web font. Every Thai text checked here must be drawn by web fonts only; a
 * system font in the list means some letters fell back to a font without Thai, i.e. boxes. A
 * control span styled with the system's sans-serif proves the check sees that. A closed
 * `<select>` draws its text where the protocol does not report it, so it is compared with a
 * tofu reference instead: its picture must differ from the same select forced onto the
 * system's font.
 */
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	openPage,
	newCheckedPage,
	openBrowser,
	screenshot,
	showAppOutputOnFailure as reportAppOutput,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff } from './zone-setup';

const LATIN_ONLY_FONTS = '/usr/share/fonts/truetype/dejavu';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const cookies: Record<string, string> = {};
const pages: CheckedPage[] = [];

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A fontconfig that knows only the Latin DejaVu fonts: a machine without any Thai font. */
async function latinOnlyFontconfig(): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'sedz-fonts-'));
	await mkdir(path.join(dir, 'fonts'));
	await mkdir(path.join(dir, 'cache'));
	for (const file of await readdir(LATIN_ONLY_FONTS)) {
		if (file.endsWith('.ttf'))
			await symlink(path.join(LATIN_ONLY_FONTS, file), path.join(dir, 'fonts', file));
	}
	const config = path.join(dir, 'fonts.conf');
	await writeFile(
		config,
		`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
	<dir>${path.join(dir, 'fonts')}</dir>
	<cachedir>${path.join(dir, 'cache')}</cachedir>
	<alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>
	<alias><family>serif</family><prefer><family>DejaVu Serif</family></prefer></alias>
	<alias><family>monospace</family><prefer><family>DejaVu Sans Mono</family></prefer></alias>
</fontconfig>
`
	);
	return config;
}

async function pageAs(username: string | null, locale = 'th-TH'): Promise<CheckedPage> {
	const checked = await newCheckedPage(browser!, {
		origin: running().url,
		locale,
		allowedNavigationStatuses: [503]
	});
	pages.push(checked);
	checked.page.setDefaultNavigationTimeout(120_000);
	if (username) {
		const [name, value] = cookies[username]!.split('=') as [string, string];
		await checked.page.context().addCookies([{ name, value, url: running().url }]);
	}
	return checked;
}

interface RenderedText {
	text: string;
	fonts: { familyName: string; isCustomFont: boolean; glyphCount: number }[];
}

/**
 * The fonts that drew each Thai text node under `selector` (the element itself included), as
 * Chromium reports them. Waits for the page's fonts first.
 */
async function renderedThai(page: Page, selector: string): Promise<RenderedText[]> {
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
	const cdp: CDPSession = await page.context().newCDPSession(page);
	try {
		await cdp.send('DOM.enable');
		await cdp.send('CSS.enable');
		const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
		const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
			nodeId: root.nodeId,
			selector
		});
		expect(nodeIds.length, `${selector} is on the page`).toBeGreaterThan(0);
		const found: RenderedText[] = [];
		// Every element under the matches whose own text has Thai.
		const { nodeIds: all } = await cdp.send('DOM.querySelectorAll', {
			nodeId: root.nodeId,
			selector: `${selector}, ${selector
				.split(',')
				.map((s) => `${s.trim()} *`)
				.join(', ')}`
		});
		for (const nodeId of all) {
			const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1 });
			const text = (node.children ?? [])
				.filter((child) => child.nodeType === 3)
				.map((child) => child.nodeValue)
				.join('')
				.trim();
			if (!/[\u0E00-\u0E7F]/.test(text)) continue;
			const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
			// Hidden text (a folded panel) is drawn by no font: nothing to judge.
			if (fonts.length === 0) continue;
			found.push({ text, fonts });
		}
		return found;
	} finally {
		await cdp.detach();
	}
}

/** Fails listing every Thai text under `selector` that a system font (so: boxes) drew. */
async function expectBundledFontsOnly(page: Page, selector: string, what: string) {
	const rendered = await renderedThai(page, selector);
	expect(rendered.length, `${what}: some Thai text is drawn`).toBeGreaterThan(0);
	// A system font may draw the Latin of mixed text (monospace usernames); the Thai letters
	// must all be drawn by the bundled fonts: as many glyphs from them as Thai characters.
	const fallbacks = rendered.filter((r) => {
		if (r.fonts.every((f) => f.isCustomFont)) return false;
		const thaiCharacters = [...r.text].filter((c) => /[\u0E00-\u0E7F]/.test(c)).length;
		const bundledGlyphs = r.fonts
			.filter((f) => f.isCustomFont)
			.reduce((sum, f) => sum + f.glyphCount, 0);
		return bundledGlyphs < thaiCharacters;
	});
	expect(
		fallbacks.map((r) => `"${r.text.slice(0, 40)}" drawn with ${JSON.stringify(r.fonts)}`),
		`${what}: Thai drawn with a system font (□ on a machine without Thai fonts)`
	).toEqual([]);
}

/** A closed select's picture differs from the same select on the system's (Thai-less) font. */
async function expectSelectNotTofu(page: Page, selector: string, what: string) {
	const select = page.locator(selector).first();
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
	expect(
		await select.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text ?? '')
	).toMatch(/[\u0E00-\u0E7F]/);
	const styled = await select.screenshot();
	await select.evaluate((el: HTMLElement) => (el.style.fontFamily = 'sans-serif'));
	const tofu = await select.screenshot();
	await select.evaluate((el: HTMLElement) => (el.style.fontFamily = ''));
	expect(
		styled.equals(tofu),
		`${what}: the select draws its Thai as the system font does (□)`
	).toBe(false);
}

describe('bundled fonts in a Chromium without Thai fonts', () => {
	let zoneId: number;
	let transitionId: number;

	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		for (const who of ['planner.th40', 'governor.th40', 'dla.demo'])
			cookies[who] = await http.logInAs(who);
		const zone = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400907'], name: 'เขตบ้านฝางพอเพียง' }
		);
		zoneId = zone.id;
		transitionId = zone.approveTransitionId;
		browser = await openBrowser({ env: { FONTCONFIG_FILE: await latinOnlyFontconfig() } });
	});

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => {});
		await browser?.close();
		await app?.stop();
	});

	test('the check itself: Thai in the system font is caught (this Chromium has no Thai font)', async () => {
		showAppOutputOnFailure();
		const { page } = await pageAs(null);
		await page.goto(`${running().url}/privacy`);
		await page.evaluate(() => {
			const probe = document.createElement('span');
			probe.id = 'tofu-probe';
			probe.style.fontFamily = 'sans-serif';
			probe.textContent = 'ภาษาไทย';
			document.body.append(probe);
		});
		const rendered = await renderedThai(page, '#tofu-probe');
		expect(rendered).toHaveLength(1);
		expect(rendered[0]!.fonts.every((f) => !f.isCustomFont)).toBe(true);
		await expect(expectBundledFontsOnly(page, '#tofu-probe', 'probe')).rejects.toThrow(
			/system font/
		);
	});

	test('buttons, inputs and selects inherit the bundled font (log-in, scores)', async () => {
		showAppOutputOnFailure();
		const checked = await pageAs(null);
		const { page } = checked;
		await openPage(page, running().url, `/login`);
		await page.locator('input[name="username"]').fill('สมชาย');
		await expectBundledFontsOnly(page, 'main button, header', 'log-in page buttons and header');
		// An input's typed text lives in its shadow tree; checked through its picture instead.
		const input = page.locator('input[name="username"]');
		const typed = await input.screenshot();
		await input.evaluate((el: HTMLElement) => (el.style.fontFamily = 'sans-serif'));
		expect(typed.equals(await input.screenshot()), 'the input draws Thai as the system font').toBe(
			false
		);
		await input.evaluate((el: HTMLElement) => (el.style.fontFamily = ''));
		await screenshot(page, 'fonts-no-thai-login');

		await page.goto(`${running().url}/scores?province=TH40`);
		await expectSelectNotTofu(page, '[data-testid="province-select"]', 'scores province select');
		await expectBundledFontsOnly(page, '[data-testid="scores-table"] tbody', 'scores table');
		checked.assertNoPageErrors();
	});

	test('every button, select, input and textarea computes the bundled Thai font family', async () => {
		showAppOutputOnFailure();
		// The family comes from src/lib/ui/tokens.css (issue 14, item 6): browsers give form
		// controls their own font (Arial) unless told to inherit.
		const checked = await pageAs('planner.th40');
		const { page } = checked;
		for (const path of ['/login', '/scores?province=TH40', '/coordination/register', '/plan']) {
			await page.goto(`${running().url}${path}`);
			const families = await page.evaluate(() =>
				[...document.querySelectorAll('button, select, input:not([type=hidden]), textarea')].map(
					(el) => `${el.tagName.toLowerCase()}: ${getComputedStyle(el).fontFamily}`
				)
			);
			expect(families.length, `${path} has form controls`).toBeGreaterThan(0);
			for (const family of families)
				expect(family, `${path}: ${family}`).toMatch(/^\w+: "Noto Sans Thai", Sarabun,/);
		}
		checked.assertNoPageErrors();
	});

	test('the map: its attribution, the candidate province select and the score chart', async () => {
		showAppOutputOnFailure();
		const checked = await pageAs(null);
		const { page } = checked;
		await page.goto(`${running().url}/#place=lao/6400906`);
		await page.waitForSelector('.maplibregl-ctrl-attrib', { timeout: 60_000 });
		await expectBundledFontsOnly(page, '.maplibregl-ctrl-attrib', 'map attribution');
		await page.waitForSelector('[data-testid="score-breakdown"] svg text', { timeout: 60_000 });
		await expectBundledFontsOnly(page, '[data-testid="score-breakdown"] svg', 'score chart');
		const candidates = page.locator('[data-testid="map-candidates-province"]');
		if ((await candidates.count()) > 0 && (await candidates.isVisible())) {
			await candidates.selectOption('TH40');
			await expectSelectNotTofu(
				page,
				'[data-testid="map-candidates-province"]',
				'map candidate province select'
			);
		}
		await screenshot(page, 'fonts-no-thai-map', { fullPage: false });
		checked.assertNoPageErrors();
	});

	test("the memo's map: its scale label in Sarabun", async () => {
		showAppOutputOnFailure();
		const checked = await pageAs('governor.th40');
		const { page } = checked;
		await page.goto(`${running().url}/zones/${zoneId}/decisions/${transitionId}/memo`);
		await page.waitForSelector('[data-testid="memo-map"] svg text');
		await expectBundledFontsOnly(page, '[data-testid="memo-map"] svg text', 'memo map scale');
		const fonts = (await renderedThai(page, '[data-testid="memo-map"] svg text'))[0]!.fonts;
		expect(fonts.map((f) => f.familyName).join(' ')).toMatch(/Sarabun/);
		await expectBundledFontsOnly(page, '[data-testid="official-memo"]', 'memo text');
		checked.assertNoPageErrors();
	});

	test('monospace text with Thai (a zone history) keeps the bundled Thai font', async () => {
		showAppOutputOnFailure();
		const checked = await pageAs('planner.th40');
		const { page } = checked;
		// A hydration that does not match the server's page re-renders it (and drops the probe).
		const hydrationWarnings: string[] = [];
		page.on('console', (message) => {
			if (/hydrat/i.test(message.text())) hydrationWarnings.push(message.text());
		});
		await page.goto(`${running().url}/plan/zones/${zoneId}/history`);
		// The probe goes into the hydrated page: hydration, which may finish after the load
		// event on a loaded machine, owns <main> until then. The page fetches its diff once
		// hydrated, so the network falls idle after it.
		await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
		expect(hydrationWarnings).toEqual([]);
		await page.evaluate(() => {
			// A code element as the pages print them (usernames, keys), here with Thai in it.
			const code = document.createElement('code');
			code.id = 'mono-probe';
			code.textContent = 'ผู้ใช้ planner.th40';
			document.querySelector('main')!.append(code);
		});
		await expectBundledFontsOnly(page, '#mono-probe', 'monospace text');
		await expectBundledFontsOnly(page, 'main', 'zone history page');
		checked.assertNoPageErrors();
	});
});

describe('the first-start progress page without Thai fonts', () => {
	let starting: RunningApp | undefined;
	let fontBrowser: Browser | undefined;

	afterAll(async () => {
		await fontBrowser?.close();
		await starting?.stop();
	});

	test('loads the bundled font while every page answers 503', { timeout: 300_000 }, async () => {
		reportAppOutput(() => starting);
		// An empty database that will not import: the progress page stays.
		starting = await startApp({ dataFrom: 'empty', env: { AUTO_IMPORT: 'false' } });
		fontBrowser = await openBrowser({ env: { FONTCONFIG_FILE: await latinOnlyFontconfig() } });
		const checked = await newCheckedPage(fontBrowser, {
			origin: starting.url,
			allowedNavigationStatuses: [503]
		});
		// The embedded database is being created meanwhile: on a loaded machine the first answer
		// can take a while.
		const response = await checked.page.goto(`${starting.url}/`, {
			waitUntil: 'domcontentloaded',
			timeout: 120_000
		});
		expect(response?.status()).toBe(503);
		await expectBundledFontsOnly(checked.page, 'main', 'progress page');
		await screenshot(checked.page, 'fonts-no-thai-progress');
		checked.assertNoPageErrors();
		await checked.close();
	});
});
