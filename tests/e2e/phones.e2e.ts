/**
 * Phones first-class, Thai order and the small things (issue 15, items 6, 9 and 10), against the
 * built app in demo mode:
 * - no page scrolls sideways at 360, 390 and 414 px, for the public and each role, every page
 *   they can open (`document.scrollingElement.scrollWidth <= innerWidth`);
 * - the header folds its links behind a menu button under 700 px (aria-expanded, keyboard,
 *   Escape), the approved-zones panel starts folded on a phone, the workspace's modes stay on
 *   the map;
 * - province lists in Thai (Intl.Collator('th')) and English order;
 * - compression (brotli, gzip) of pages, JSON and tiles with their ETags and 304s kept; the
 *   footer's open-data link to a page for people; the favicon; /acting without planners.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
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
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	workflowEvent,
	turnReadinessRulesOff
} from './zone-setup';

const PHONE_WIDTHS = [360, 390, 414] as const;

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const cookies: Record<string, string> = {};
const opened: CheckedPage[] = [];

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function pageAs(
	username: string | null,
	options: { width?: number; height?: number; locale?: string } = {}
): Promise<CheckedPage> {
	const checked = await newCheckedPage(browser!, {
		origin: running().url,
		viewport: { width: options.width ?? 360, height: options.height ?? 800 },
		locale: options.locale ?? 'th-TH'
	});
	opened.push(checked);
	// Two cores shared with other work: a cold page may take long to answer.
	checked.page.setDefaultNavigationTimeout(120_000);
	const context = checked.page.context();
	if (username) {
		const [name, value] = cookies[username]!.split('=') as [string, string];
		await context.addCookies([{ name, value, url: running().url }]);
	}
	if (options.locale?.startsWith('en'))
		await context.addCookies([{ name: 'lang', value: 'en', url: running().url }]);
	return checked;
}

/** Loads `path` and lets it settle (the map's first tiles, the panels' data). */
async function open(page: Page, path: string) {
	const response = await page.goto(`${running().url}${path}`);
	expect(response?.status(), `GET ${path}`).toBeLessThan(400);
	await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => {
		// A map keeps asking for tiles as it settles; what is drawn by now is what is measured.
	});
	await page.waitForTimeout(300);
}

/** How far the page scrolls sideways at the current width, and the elements that stick out. */
async function sidewaysOverflow(page: Page) {
	return page.evaluate(() => {
		const scroller = document.scrollingElement!;
		const width = window.innerWidth;
		const culprits: string[] = [];
		if (scroller.scrollWidth > width) {
			for (const element of document.querySelectorAll<HTMLElement>('body *')) {
				const box = element.getBoundingClientRect();
				if (box.right <= width + 0.5 || box.width === 0) continue;
				// Only the outermost offender of each branch.
				const parent = element.parentElement?.getBoundingClientRect();
				if (parent && parent.right > width + 0.5) continue;
				culprits.push(
					`${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.split(' ').join('.')}` : ''}${element.dataset.testid ? `[${element.dataset.testid}]` : ''} right=${Math.round(box.right)}`
				);
			}
		}
		return { scrollWidth: scroller.scrollWidth, width, culprits: culprits.slice(0, 6) };
	});
}

/** Every page of `paths` at each phone width: the offenders, if any. */
async function overflowsOf(checked: CheckedPage, paths: string[], who: string) {
	const { page } = checked;
	const offenders: string[] = [];
	for (const path of paths) {
		await page.setViewportSize({ width: PHONE_WIDTHS[0], height: 800 });
		await open(page, path);
		for (const width of PHONE_WIDTHS) {
			await page.setViewportSize({ width, height: 800 });
			await page.waitForTimeout(150);
			const found = await sidewaysOverflow(page);
			if (found.scrollWidth > found.width) {
				offenders.push(
					`${who} ${path} at ${width} px: ${found.scrollWidth} px wide (${found.culprits.join(', ')})`
				);
				await screenshot(page, `overflow-${who}-${path.replace(/\W+/g, '_')}-${width}`);
			}
		}
	}
	checked.assertNoPageErrors();
	return offenders;
}

describe('phones, Thai order and the small things', () => {
	let approvedId: number;
	let approveTransitionId: number;
	let submittedId: number;
	let recordId: number;

	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		for (const who of [
			'planner.th40',
			'governor.th40',
			'lao.6400906',
			'dla.demo',
			'planner.th30',
			'governor.th30',
			'district.th4001'
		])
			cookies[who] = await http.logInAs(who);
		const approved = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400907'], name: 'เขตบ้านฝางพอเพียง' }
		);
		approvedId = approved.id;
		approveTransitionId = approved.approveTransitionId;
		// A zone the LAO officer is asked about, then submitted: the review and consultation pages.
		const submitted = await draftZoneOfLaos(http, cookies['planner.th40']!, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด ตำบลดูนสาด อำเภอกระนวน จังหวัดขอนแก่น'
		});
		submittedId = submitted.id;
		const asked = await http.json(
			'POST',
			`/api/zones/${submitted.id}/consultation`,
			{ revisionId: submitted.revisionId },
			cookies['planner.th40']
		);
		expect(asked.status, await asked.clone().text()).toBe(200);
		await workflowEvent(http, cookies['planner.th40']!, submitted, 'submit');
		// A coordination record from DLA to the province.
		const posted = await http.postForm(
			'/coordination/new',
			{
				kind: 'directive',
				subject: 'ให้ท้องถิ่นจังหวัดสนับสนุนการจัดทำเขตพัฒนาเศรษฐกิจพอเพียง',
				documentNumber: 'มท ๐๘๐๑.๒/ว ๕๒',
				documentDate: '3/1/2565',
				dueDate: '1/11/2569',
				body: 'จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อไป',
				recipients: 'provincial_office:TH40'
			},
			cookies['dla.demo']
		);
		const location = posted.headers.get('location') ?? '';
		expect(location, await posted.text()).toMatch(/\/coordination\/records\/\d+$/);
		recordId = Number(location.split('/').pop());
		browser = await openBrowser();
		// Seven log-ins, two zones and a record: several minutes when the machine is loaded.
	}, 480_000);

	afterAll(async () => {
		for (const p of opened) await p.close().catch(() => {});
		await browser?.close();
		await app?.stop();
	});

	/** The pages each role can open, with the zones and the record made above. */
	function pagesByRole(): [string | null, string[]][] {
		const zonePages = [
			`/zones/${approvedId}`,
			`/zones/${approvedId}/decisions/${approveTransitionId}/memo`
		];
		return [
			[
				null,
				[
					'/',
					'/?province=TH40',
					'/scores',
					'/data',
					'/zones',
					`/zones/${approvedId}`,
					'/coordination/register',
					'/login',
					'/privacy',
					`/dashboard/zones/${approvedId}`
				]
			],
			[
				'planner.th40',
				[
					'/plan',
					'/plan/zones/new?province=TH40',
					`/plan/zones/${submittedId}`,
					`/plan/zones/${approvedId}`,
					`/plan/zones/${approvedId}/history`,
					'/coordination',
					'/coordination/new',
					// Report schedules are managed by DLA staff and planners, not governors.
					'/coordination/schedules',
					`/coordination/records/${recordId}`,
					'/review/comments',
					'/partners',
					'/account',
					`/plan/zones/${approvedId}/plan`,
					'/dashboard/provinces/TH40',
					...zonePages
				]
			],
			[
				'governor.th40',
				[
					'/review',
					`/review/zones/${submittedId}`,
					'/acting',
					'/offices/emblem',
					'/coordination',
					'/coordination/overdue',
					`/coordination/records/${recordId}`,
					'/account',
					...zonePages
				]
			],
			[
				'lao.6400906',
				['/consultations', `/consultations/zones/${submittedId}`, '/coordination', '/account']
			],
			['district.th4001', ['/district', '/coordination', `/zones/${approvedId}`, '/account']],
			[
				'dla.demo',
				[
					'/admin/users',
					'/admin/audit',
					'/admin/indicators',
					'/admin/models',
					'/admin/notices',
					'/admin/memo-preview',
					'/admin/constraints',
					'/admin/readiness',
					'/partners',
					'/review/comments',
					'/acting?province=TH40',
					'/review',
					'/coordination',
					'/coordination/overdue',
					'/coordination/schedules',
					`/coordination/records/${recordId}`,
					'/offices/emblem',
					'/plan?province=TH40',
					'/dashboard',
					'/dashboard/provinces/TH40',
					`/dashboard/zones/${approvedId}`
				]
			]
		];
	}

	for (const who of [
		null,
		'planner.th40',
		'governor.th40',
		'lao.6400906',
		'dla.demo',
		'district.th4001'
	]) {
		test(
			`no page scrolls sideways at 360–414 px: ${who ?? 'the public'}`,
			{ timeout: 900_000 },
			async () => {
				showAppOutputOnFailure();
				const paths = pagesByRole().find(([role]) => role === who)![1];
				const checked = await pageAs(who);
				const offenders = await overflowsOf(checked, paths, who ?? 'public');
				await checked.close();
				expect(offenders).toEqual([]);
			}
		);
	}

	test('the header folds behind a menu button on a phone, opened by mouse or keyboard', async () => {
		showAppOutputOnFailure();
		for (const locale of ['th-TH', 'en-GB']) {
			const lang = locale.slice(0, 2);
			const checked = await pageAs('planner.th40', { width: 390, height: 844, locale });
			const { page } = checked;
			await open(page, '/plan');
			const button = page.getByTestId('menu-button');
			const menu = page.getByTestId('site-menu');
			expect(await button.isVisible()).toBe(true);
			expect(await button.getAttribute('aria-expanded')).toBe('false');
			expect(await button.getAttribute('aria-controls')).toBe('site-menu');
			expect(await menu.isVisible()).toBe(false);
			// One line: the brand and the button, not a quarter of the screen.
			const header = await page.locator('header').boundingBox();
			expect(header!.height).toBeLessThan(80);
			await screenshot(page, `header-phone-closed-${lang}`, { fullPage: false });

			await button.click();
			expect(await button.getAttribute('aria-expanded')).toBe('true');
			expect(await page.getByTestId('nav-plan').isVisible()).toBe(true);
			expect(await page.getByTestId('nav-user').isVisible()).toBe(true);
			await screenshot(page, `header-phone-open-${lang}`, { fullPage: false });
			// Escape closes it and gives the focus back to the button.
			await page.getByTestId('nav-plan').focus();
			await page.keyboard.press('Escape');
			expect(await button.getAttribute('aria-expanded')).toBe('false');
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-menu-button');
			// The keyboard opens it too.
			await page.keyboard.press('Enter');
			expect(await button.getAttribute('aria-expanded')).toBe('true');
			expect(await page.getByTestId('nav-plan').isVisible()).toBe(true);
			// Following a link closes it.
			await Promise.all([
				page.waitForURL(/\/coordination$/),
				page.getByTestId('nav-coordination').click()
			]);
			await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');

			// On a wide screen: no button, the links in the header.
			await page.setViewportSize({ width: 1366, height: 800 });
			expect(await button.isVisible()).toBe(false);
			expect(await page.getByTestId('nav-plan').isVisible()).toBe(true);
			await screenshot(page, `header-wide-${lang}`, { fullPage: false });
			checked.assertNoPageErrors();
			await checked.close();
		}
	});

	test('phones: the approved-zones panel starts folded; the workspace modes stay on the map', async () => {
		showAppOutputOnFailure();
		const phone = await pageAs(null, { width: 390, height: 844 });
		await open(phone.page, '/?province=TH40');
		expect(await phone.page.getByTestId('approved-zones').getAttribute('open')).toBeNull();
		await screenshot(phone.page, 'map-phone-panel-folded-th', { fullPage: false });
		const wide = await pageAs(null, { width: 1366, height: 800 });
		await open(wide.page, '/?province=TH40');
		expect(await wide.page.getByTestId('approved-zones').getAttribute('open')).not.toBeNull();

		for (const locale of ['th-TH', 'en-GB']) {
			const checked = await pageAs('planner.th40', { width: 360, height: 800, locale });
			const { page } = checked;
			await open(page, '/plan/zones/new?province=TH40');
			await page.getByTestId('toolbar').waitFor();
			const map = (await page.locator('.map-wrap').boundingBox())!;
			for (const item of await page.getByTestId('toolbar').locator('button, label').all()) {
				if (!(await item.isVisible())) continue;
				const box = (await item.boundingBox())!;
				expect(
					box.x + box.width,
					`${await item.innerText()} ends inside the map (${map.x + map.width})`
				).toBeLessThanOrEqual(map.x + map.width + 0.5);
			}
			await screenshot(page, `workspace-phone-toolbar-${locale.slice(0, 2)}`, { fullPage: false });
			checked.assertNoPageErrors();
			await checked.close();
		}
		phone.assertNoPageErrors();
		wide.assertNoPageErrors();
	});

	test('province lists in Thai order in Thai, in English order in English', async () => {
		showAppOutputOnFailure();
		const optionTexts = (html: string, selectId: string) => {
			const select = new RegExp(`<select[^>]*id="${selectId}"[^>]*>([\\s\\S]*?)</select>`).exec(
				html
			);
			expect(select, `#${selectId} on the page`).not.toBeNull();
			return [...select![1]!.matchAll(/<option value="TH\d\d"[^>]*>([^<]*)</g)].map((m) =>
				m[1]!.replace(/\s*\([^)]*\)\s*$/, '').trim()
			);
		};
		const thai = optionTexts(await (await http.get('/scores')).text(), 'province-select');
		expect(thai.length).toBeGreaterThan(70);
		expect(thai).toEqual([...thai].sort(new Intl.Collator('th').compare));
		// The four names with a leading vowel are among the ช and พ/ม names, not last.
		const at = (name: string) => thai.indexOf(name);
		for (const name of ['เชียงราย', 'เชียงใหม่', 'แพร่', 'แม่ฮ่องสอน'])
			expect(at(name)).toBeGreaterThan(-1);
		expect(at('เชียงราย')).toBeLessThan(at('นครราชสีมา'));
		expect(at('เชียงใหม่')).toBeLessThan(at('นครราชสีมา'));
		expect(at('แพร่')).toBeLessThan(at('ยโสธร'));
		expect(at('แม่ฮ่องสอน')).toBeLessThan(at('ยโสธร'));
		expect(at('แม่ฮ่องสอน')).toBeGreaterThan(at('มหาสารคาม'));

		const english = optionTexts(
			await (await http.get('/scores', 'lang=en')).text(),
			'province-select'
		);
		expect(english).toEqual([...english].sort(new Intl.Collator('en').compare));
		expect(english.indexOf('Chiang Mai')).toBeLessThan(english.indexOf('Chiang Rai'));

		// In the browser too: the map's candidate province select, in Thai.
		const checked = await pageAs(null, { width: 1366, height: 800 });
		await open(checked.page, '/#place=lao/6400906');
		// The panel's contents come when it is first opened.
		await checked.page.getByTestId('map-candidates').locator('summary').click();
		const select = checked.page.getByTestId('map-candidates-province');
		await select.waitFor({ state: 'attached', timeout: 60_000 });
		const names = await select.evaluate((el: HTMLSelectElement) =>
			[...el.options].filter((o) => o.value.startsWith('TH')).map((o) => o.text.trim())
		);
		expect(names.length).toBeGreaterThan(10);
		expect(names).toEqual([...names].sort(new Intl.Collator('th').compare));
		checked.assertNoPageErrors();
	});

	test('pages, JSON and tiles are compressed, with their ETags and 304s kept', async () => {
		showAppOutputOnFailure();
		const get = (path: string, headers: Record<string, string>) =>
			fetch(`${running().url}${path}`, { headers, redirect: 'manual' });

		const page = await get('/data', { 'accept-encoding': 'br, gzip' });
		expect(page.headers.get('content-encoding')).toBe('br');
		expect(page.headers.get('vary')).toMatch(/accept-encoding/i);
		expect(await page.text()).toContain('<html');

		const search = await get('/api/search?q=%E0%B8%82%E0%B8%AD%E0%B8%99', {
			'accept-encoding': 'gzip'
		});
		expect(search.status).toBe(200);
		expect(search.headers.get('content-type')).toMatch(/json/);
		expect(search.headers.get('content-encoding')).toBe('gzip');
		await search.json();

		// A tile over Khon Kaen (the first of these with over 1 KB): compressed either way, the
		// same ETag, 304 on revalidation.
		let tilePath = '';
		let etag: string | null = null;
		let plainBytes = new Uint8Array();
		for (const candidate of [
			'/tiles/province/6/50/29.pbf',
			'/tiles/district/8/201/116.pbf',
			'/tiles/tambon/10/804/465.pbf',
			'/tiles/lao/10/804/465.pbf'
		]) {
			const plainTile = await get(candidate, { 'accept-encoding': 'identity' });
			expect(plainTile.status, candidate).toBe(200);
			const bytes = new Uint8Array(await plainTile.arrayBuffer());
			if (bytes.length > 1024) {
				[tilePath, etag, plainBytes] = [candidate, plainTile.headers.get('etag'), bytes];
				break;
			}
		}
		expect(tilePath, 'a tile of over 1 KB').not.toBe('');
		expect(etag).toBeTruthy();
		// Tiles are stored gzip-compressed once per import (issue 19) and sent as stored to every
		// client that takes gzip (every browser), plain to one that does not.
		for (const [accepted, sent] of [
			['br, gzip', 'gzip'],
			['gzip', 'gzip'],
			['br', null]
		] as const) {
			const tile = await get(tilePath, { 'accept-encoding': accepted });
			expect(tile.headers.get('content-encoding'), accepted).toBe(sent);
			expect(tile.headers.get('etag')).toBe(etag);
			// fetch decodes it: the same tile as sent plain.
			expect(new Uint8Array(await tile.arrayBuffer())).toEqual(plainBytes);
			const again = await get(tilePath, { 'accept-encoding': accepted, 'if-none-match': etag! });
			expect(again.status).toBe(304);
			await again.body?.cancel();
		}
	});

	test('the footer leads to the open data page, which links the OGC service; the favicon', async () => {
		showAppOutputOnFailure();
		const checked = await pageAs(null, { width: 1366, height: 800 });
		const { page } = checked;
		await open(page, '/privacy');
		await Promise.all([page.waitForURL(/\/data$/), page.getByTestId('footer-open-data').click()]);
		expect(await page.getByTestId('open-data-ogc').getAttribute('href')).toBe('/ogc');
		await page.getByTestId('open-data-links').scrollIntoViewIfNeeded();
		await screenshot(page, 'data-open-data-th');
		const icons = await page
			.locator('link[rel="icon"], link[rel="apple-touch-icon"]')
			.evaluateAll((links) => links.map((l) => new URL((l as HTMLLinkElement).href).pathname));
		expect(icons).toEqual(
			expect.arrayContaining(['/favicon.svg', '/favicon.png', '/apple-touch-icon.png'])
		);
		for (const [path, type] of [
			['/favicon.svg', 'image/svg+xml'],
			['/favicon.png', 'image/png'],
			['/apple-touch-icon.png', 'image/png']
		]) {
			const icon = await fetch(`${running().url}${path}`);
			expect(icon.status, path).toBe(200);
			expect(icon.headers.get('content-type')).toContain(type);
			await icon.body?.cancel();
		}
		checked.assertNoPageErrors();
	});

	test('/acting offers governors and DLA staff, never a planner', async () => {
		showAppOutputOnFailure();
		const html = await (await http.get('/acting?province=TH40', cookies['dla.demo'])).text();
		const select = /<select[^>]*id="actingUserId"[^>]*>([\s\S]*?)<\/select>/.exec(html);
		expect(select).not.toBeNull();
		const options = [...select![1]!.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) =>
			m[2]!.trim()
		);
		expect(options.some((o) => o.startsWith('ผู้ว่าราชการจังหวัดนครราชสีมา (สาธิต)'))).toBe(true);
		expect(options.filter((o) => /ผู้วางแผน|planner/i.test(o))).toEqual([]);
	});
});
