/**
 * The progress dashboards and the public progress of a zone (issue 16 items 4–5), in Chromium
 * against the built app: DLA staff read the national dashboard, a governor their province's and
 * is refused another's, the public reads an approved zone's plan and progress without names;
 * every chart has its table (with a caption) and a CSV download with a byte order mark.
 * Screenshots in Thai and English, desktop and phone, go to test-results/screenshots.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	newCheckedPage,
	openBrowser,
	openPage,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, type MadeZone, turnReadinessRulesOff } from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser;
let http: HttpClient;
let zone: MadeZone;
const cookies: Record<string, string> = {};
const showAppOutputOnFailure = () => reportAppOutput(() => app);
/** The demo accounts' names: none may appear on a public page's progress section. */
const demoNames = [
	'ผู้วางแผน จังหวัดขอนแก่น (สาธิต)',
	'ผู้ว่าราชการจังหวัดขอนแก่น (สาธิต)',
	'เจ้าหน้าที่ อบต.ดูนสาด (สาธิต)'
];

const plan = {
	note: 'แผนทดสอบแดชบอร์ด',
	targets: [
		{
			indicator: { kind: 'plan', nameTh: 'ครัวเรือนที่มีรายได้เพิ่มขึ้น', unit: 'ครัวเรือน' },
			baselineValue: 120,
			baselineDate: '2026-10-01',
			targetValue: 300,
			targetDate: '2027-09-30',
			source: 'สำรวจโดย อบต. ตุลาคม 2569'
		}
	],
	activities: [
		{
			name: 'ธนาคารน้ำใต้ดิน',
			sectors: ['government', 'people'],
			responsible: { kind: 'lao', dlaCode: '6400906' },
			budgetBaht: { lao: 100000, province: 50000, central: 0, partner: 0 },
			startDate: '2026-11-01',
			endDate: '2027-03-31',
			status: 'in_progress'
		}
	]
};

/** axe-core's violations on the page as it is now (its default rule set: WCAG A/AA and more). */
async function axeViolations(page: Page) {
	await page.evaluate(axe.source);
	return page.evaluate(async () => {
		const run = (window as unknown as { axe: typeof axe }).axe;
		const result = await run.run(document, { resultTypes: ['violations'] });
		return result.violations.map((v) => ({
			id: v.id,
			help: v.help,
			targets: v.nodes.slice(0, 5).map((node) => node.target.join(' '))
		}));
	});
}

/** The answer's bytes start with the UTF-8 byte order mark (`text()` would drop it); its text. */
async function csvWithBom(response: Response): Promise<string> {
	const bytes = new Uint8Array(await response.arrayBuffer());
	expect([...bytes.subarray(0, 3)], 'the byte order mark').toEqual([0xef, 0xbb, 0xbf]);
	return new TextDecoder().decode(bytes.subarray(3));
}

async function pageAs(who: string | null, options: { lang?: 'th' | 'en'; phone?: boolean } = {}) {
	const checked = await newCheckedPage(browser, {
		origin: app!.url,
		allowedNavigationStatuses: [403],
		...(options.phone && { viewport: { width: 390, height: 844 } }),
		...(!options.phone && { viewport: { width: 1366, height: 900 } })
	});
	const cookieList = [];
	if (who) {
		const [name, value] = cookies[who]!.split('=') as [string, string];
		cookieList.push({ name, value, url: app!.url });
	}
	if (options.lang) cookieList.push({ name: 'lang', value: options.lang, url: app!.url });
	if (cookieList.length > 0) await checked.page.context().addCookies(cookieList);
	return checked;
}

describe('progress dashboards in the browser', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		for (const who of ['dla.demo', 'planner.th40', 'governor.th40'])
			cookies[who] = await http.logInAs(who);
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบแดชบอร์ด' }
		);
		const saved = await http.json(
			'POST',
			`/api/zones/${zone.id}/plan`,
			plan,
			cookies['planner.th40']
		);
		expect(saved.status, await saved.clone().text()).toBe(200);
		const revisionId = ((await saved.json()) as { workingCopy: { id: number } }).workingCopy.id;
		for (const [who, event] of [
			['planner.th40', 'submit'],
			['governor.th40', 'approve']
		] as const) {
			const step = await http.json(
				'POST',
				`/api/zones/${zone.id}/plan/workflow`,
				{ event, revisionId },
				cookies[who]
			);
			expect(step.status, await step.text()).toBe(200);
		}
		browser = await openBrowser();
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('DLA staff read the national dashboard: charts with tables, CSV with BOM, A4 print', async () => {
		showAppOutputOnFailure();
		const { page, assertNoPageErrors, close } = await pageAs('dla.demo', { lang: 'th' });
		await openPage(page, app!.url, '/dashboard');
		await expect.poll(() => page.locator('h1').textContent()).toContain('ทั้งประเทศ');
		const row = page.locator('[data-testid="table-zones"] tr[data-group="TH40"]');
		await expect.poll(() => row.count()).toBe(1);
		for (const chart of ['zones', 'timeliness', 'budget', 'targets']) {
			const caption = page.locator(`[data-testid="table-${chart}"] caption`);
			expect(await caption.textContent()).toMatch(/^ตารางข้อมูล/);
			expect(await page.locator(`[data-testid="chart-${chart}"] svg`).count()).toBeLessThanOrEqual(
				1
			);
		}
		// The zone's plan spreads 150,000 baht over five months: the planned column shows baht;
		// a month with no report reads "no data", never 0.
		expect(await page.locator('[data-testid="table-budget"]').textContent()).toContain('ไม่มีข้อมูล');
		expect(await axeViolations(page)).toEqual([]);
		await screenshot(page, 'dashboard-national-th-1366');
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('[data-testid="printed-on"]').isVisible()).toBe(true);
		expect(await page.locator('[data-testid="printed-on"]').textContent()).toMatch(/25[6-9][0-9]/);
		expect(await page.locator('[data-testid="print"]').isVisible()).toBe(false);
		const pdf = await page.pdf({ format: 'A4' });
		expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
		await page.emulateMedia({ media: 'screen' });

		const href = await page.locator('[data-testid="csv-zones"]').getAttribute('href');
		const csv = await http.get(href!, cookies['dla.demo']);
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const text = await csvWithBom(csv);
		expect(text.split('\r\n')[0]).toMatch(/^จังหวัด,ร่าง,/);
		expect(text).toMatch(/ขอนแก่น,\d+,\d+,[1-9]/);
		assertNoPageErrors();
		await close();

		const english = await pageAs('dla.demo', { lang: 'en' });
		await openPage(english.page, app!.url, '/dashboard');
		await expect.poll(() => english.page.locator('h1').textContent()).toContain('whole country');
		await screenshot(english.page, 'dashboard-national-en-1366');
		await english.close();
		const phone = await pageAs('dla.demo', { lang: 'th', phone: true });
		await openPage(phone.page, app!.url, '/dashboard');
		await screenshot(phone.page, 'dashboard-national-th-390');
		await phone.close();
	});

	test('a governor reads their province and is refused another and the national page', async () => {
		showAppOutputOnFailure();
		const { page, close } = await pageAs('governor.th40', { lang: 'th' });
		await openPage(page, app!.url, '/dashboard/provinces/TH40');
		const row = page.locator(`[data-testid="table-zones"] tr[data-group="${zone.id}"]`);
		await expect.poll(() => row.textContent()).toContain('เขตทดสอบแดชบอร์ด');
		expect(await page.locator('[data-testid="nav-dashboard"]').getAttribute('href')).toBe(
			'/dashboard/provinces/TH40'
		);
		await screenshot(page, 'dashboard-province-th-1366');
		for (const path of ['/dashboard/provinces/TH30', '/dashboard']) {
			const answer = await page.goto(`${app!.url}${path}`);
			expect(answer?.status(), path).toBe(403);
		}
		await close();
		for (const path of [
			'/dashboard/provinces/TH30/export.csv?chart=zones',
			'/dashboard/export.csv?chart=zones'
		])
			expect((await http.get(path, cookies['governor.th40'])).status, path).toBe(403);
		const own = await http.get(
			'/dashboard/provinces/TH40/export.csv?chart=targets',
			cookies['governor.th40']
		);
		expect(own.status).toBe(200);
		expect((await csvWithBom(own)).split('\r\n')[0]).toMatch(/^เขต,/);
		// The public is sent to log in; a chart that does not exist is refused by name.
		expect((await http.get('/dashboard')).status).toBe(303);
		expect((await http.get('/dashboard/export.csv?chart=x', cookies['dla.demo'])).status).toBe(400);
		const english = await pageAs('governor.th40', { lang: 'en', phone: true });
		await openPage(english.page, app!.url, '/dashboard/provinces/TH40');
		await screenshot(english.page, 'dashboard-province-en-390');
		await english.close();
	});

	test('the public sees the approved zone’s plan and progress, with no personal names', async () => {
		showAppOutputOnFailure();
		const { page, assertNoPageErrors, close } = await pageAs(null, { lang: 'th' });
		await openPage(page, app!.url, `/zones/${zone.id}`);
		const section = page.locator('[data-testid="zone-progress"]');
		await expect.poll(() => section.textContent()).toContain('ธนาคารน้ำใต้ดิน');
		const text = (await section.textContent())!;
		expect(text).toContain('ครัวเรือนที่มีรายได้เพิ่มขึ้น');
		expect(text).toContain('150,000');
		expect(text).toContain('ไม่มีข้อมูล');
		for (const name of demoNames) expect(text).not.toContain(name);
		expect(await section.locator('[data-testid="table-timeline"] caption').count()).toBe(1);
		await section.scrollIntoViewIfNeeded();
		expect(await axeViolations(page)).toEqual([]);
		await screenshot(page, 'zone-progress-public-th-1366');
		const href = await section.locator('[data-testid="csv-timeline"]').getAttribute('href');
		const csv = await http.get(href!);
		expect(csv.status).toBe(200);
		const body = await csvWithBom(csv);
		expect(body).toContain('ธนาคารน้ำใต้ดิน');
		for (const name of demoNames) expect(body).not.toContain(name);
		assertNoPageErrors();
		await close();

		const dashboard = await pageAs(null, { lang: 'en', phone: true });
		await openPage(dashboard.page, app!.url, `/dashboard/zones/${zone.id}`);
		await expect.poll(() => dashboard.page.locator('h1').textContent()).toContain('Progress of');
		await screenshot(dashboard.page, 'dashboard-zone-en-390');
		await dashboard.close();
		const zoneTh = await pageAs('planner.th40', { lang: 'th' });
		await openPage(zoneTh.page, app!.url, `/dashboard/zones/${zone.id}`);
		await screenshot(zoneTh.page, 'dashboard-zone-th-1366');
		await zoneTh.close();
	});
});
