/**
 * Officials' words and their landing pages (issue 15, items 3 and 8), against the built app in
 * demo mode, in Thai and English, on a desktop and a 390×844 phone:
 * - each role logging in through the form lands on its work page;
 * - a zone's history lists its changes with Thai (or English) field and state names, km² with 2
 *   decimals, and no field names, ids or formulas outside the "technical details" disclosure;
 * - the review and public zone pages give the area's source in words, the formula folded away,
 *   and the LAO and population source lines in Thai on Thai pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	openPage,
	logInThroughForm,
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
import { approvedZoneOfLaos, workflowEvent, turnReadinessRulesOff } from './zone-setup';

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

const views = [
	{ locale: 'th-TH', lang: 'th', width: 1366, height: 900 },
	{ locale: 'en-GB', lang: 'en', width: 1366, height: 900 },
	{ locale: 'th-TH', lang: 'th', width: 390, height: 844 },
	{ locale: 'en-GB', lang: 'en', width: 390, height: 844 }
] as const;

async function pageAs(
	username: string | null,
	view: { locale: string; lang: string; width: number; height: number }
): Promise<CheckedPage> {
	const checked = await newCheckedPage(browser!, {
		origin: running().url,
		viewport: { width: view.width, height: view.height },
		locale: view.locale
	});
	opened.push(checked);
	checked.page.setDefaultNavigationTimeout(120_000);
	const context = checked.page.context();
	if (username) {
		const [name, value] = cookies[username]!.split('=') as [string, string];
		await context.addCookies([{ name, value, url: running().url }]);
	}
	if (view.lang === 'en')
		await context.addCookies([{ name: 'lang', value: 'en', url: running().url }]);
	return checked;
}

/** The text a reader sees (closed disclosures and hidden elements left out). */
const visibleText = (page: Page, selector: string) => page.locator(selector).innerText();

describe("officials' words and landing pages", () => {
	let zoneId: number;

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
			{
				provinceCode: 'TH40',
				dlaCodes: ['6400907'],
				name: 'เขตพัฒนาเศรษฐกิจพอเพียงบ้านฝาง'
			}
		);
		zoneId = zone.id;
		// A second revision, so the history has a change of name and area to show.
		const revised = await workflowEvent(http, cookies['planner.th40']!, zone, 'revise');
		expect(revised.transition.id).toBeGreaterThan(0);
		browser = await openBrowser();
	});

	afterAll(async () => {
		for (const p of opened) await p.close().catch(() => {});
		await browser?.close();
		await app?.stop();
	});

	test('each role logs in through the form and lands on its work page', async () => {
		showAppOutputOnFailure();
		const landings: [string, RegExp][] = [
			['planner.th40', /\/plan$/],
			['governor.th40', /\/review$/],
			['lao.6400906', /\/consultations$/],
			['dla.demo', /\/coordination$/]
		];
		for (const [username, landing] of landings) {
			const checked = await pageAs(null, views[0]);
			const { page } = checked;
			await logInThroughForm(page, running().url, username);
			await page.waitForURL(landing);
			expect(new URL(page.url()).pathname, username).toMatch(landing);
			checked.assertNoPageErrors();
			await checked.close();
		}
		// A page asked for still wins: the log-in link of a protected page returns there.
		const checked = await pageAs(null, views[0]);
		const { page } = checked;
		await logInThroughForm(page, running().url, 'planner.th40', { to: '/account' });
		checked.assertNoPageErrors();
	});

	test("a zone's history in officials' words, the ids folded under technical details", async () => {
		showAppOutputOnFailure();
		for (const view of views) {
			const checked = await pageAs('planner.th40', view);
			const { page } = checked;
			await page.goto(`${running().url}/plan/zones/${zoneId}/history`);
			const trail = page.getByTestId('zone-audit-trail');
			await trail.waitFor();
			const text = await visibleText(page, '[data-testid="zone-audit-trail"]');
			// No stored field names, state codes, ids or nulls where officials read.
			for (const raw of [
				'areaKm2',
				'revisionId',
				'currentRevisionId',
				'transitionId',
				'geometrySource',
				'submitted →',
				'→ approved',
				'null'
			])
				expect(text, `${view.lang}: ${raw}`).not.toContain(raw);
			// Who acted: the person's name and position, never the username (issue 15, item 3).
			expect(text).toContain('ผู้วางแผน จังหวัดขอนแก่น (สาธิต)');
			expect(text).toContain('ผู้ว่าราชการจังหวัดขอนแก่น (สาธิต) (ผู้ว่าราชการจังหวัดขอนแก่น)');
			expect(text).not.toContain('planner.th40');
			expect(text).not.toContain('governor.th40');
			if (view.lang === 'th') {
				expect(text).toContain('สถานะ');
				expect(text).toContain('เสนอพิจารณา');
				expect(text).toContain('อนุมัติ');
				expect(text).toContain('พื้นที่ (ตร.กม.)');
			} else {
				expect(text).toContain('State');
				expect(text).toMatch(/Submitted\s*→?\s*Approved/);
				expect(text).toContain('Area (km²)');
			}
			// Every area shown has exactly 2 decimals.
			const areas = await trail
				.locator('dt[data-key="areaKm2"] + dd')
				.evaluateAll((dds) => dds.map((dd) => (dd as HTMLElement).innerText));
			expect(areas.length).toBeGreaterThan(0);
			for (const area of areas) expect(area).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
			// The ids are there for support staff, behind the disclosure.
			const technical = trail.getByTestId('audit-technical').first();
			expect(await technical.getAttribute('open')).toBeNull();
			await technical.locator('summary').click();
			expect(await technical.innerText()).toMatch(/revisionId|transitionId/);
			await screenshot(page, `history-words-${view.lang}-${view.width}`);
			checked.assertNoPageErrors();
			await checked.close();
		}
	});

	// Eight page loads with maps: slow when the machine is loaded.
	test(
		'review and public zone pages: source lines in words, the formula folded away',
		{
			timeout: 600_000
		},
		async () => {
			showAppOutputOnFailure();
			for (const view of views) {
				for (const [who, path, section] of [
					['governor.th40', `/review/zones/${zoneId}`, '[data-testid="figures"]'],
					[null, `/zones/${zoneId}`, '[data-testid="figures"]']
				] as const) {
					const checked = await pageAs(who, view);
					const { page } = checked;
					await page.goto(`${running().url}${path}`);
					await page.locator(section).waitFor();
					const text = await visibleText(page, section);
					expect(text, `${path} ${view.lang}`).not.toMatch(/ST_Area|geography|1e6/);
					if (view.lang === 'th') {
						expect(text).toContain('ทรงรี WGS 84');
						expect(text).toContain('ราชกิจจานุเบกษา');
						expect(text).not.toContain('Royal Gazette');
						expect(text).not.toContain('Population:');
					} else {
						expect(text).toContain('WGS 84 ellipsoid');
						expect(text).toContain('Royal Gazette');
						expect(text).not.toContain('ทะเบียนราษฎร');
						// The LAO's English name from the registry, not its Thai one.
						if (who) {
							const laos = await visibleText(page, '[data-testid="covered-laos"]');
							expect(laos).toContain('Ban Fang');
							expect(laos).not.toContain('บ้านฝาง');
						}
					}
					const formula = page.getByTestId('area-formula').first();
					await formula.locator('summary').click();
					expect(await formula.innerText()).toContain('ST_Area');
					await screenshot(
						page,
						`figures-words-${who ? 'review' : 'public'}-${view.lang}-${view.width}`
					);
					checked.assertNoPageErrors();
					await checked.close();
				}
			}
		}
	);

	test('the coordination form names a refused field in words; the record page keeps one digit style', async () => {
		showAppOutputOnFailure();
		for (const view of views) {
			const checked = await pageAs('dla.demo', view);
			const { page } = checked;
			await openPage(page, running().url, `/coordination/new`);
			// The browser's own checks are bypassed so the server's refusal is seen.
			await page.locator('main form').evaluate((f) => f.setAttribute('novalidate', ''));
			await page.locator('#subject').fill('ทดสอบข้อความแจ้งข้อผิดพลาด');
			await page.locator('#date-dueDate').fill('31/2/2569');
			await page.locator('#recipientLaos').fill('64009');
			await page.getByTestId('record-submit').click();
			const problems = page.getByTestId('form-problems');
			await problems.waitFor();
			const text = await problems.innerText();
			expect(await problems.locator('code').count()).toBe(0);
			// The code's field names and the server's English (zod's messages) never show.
			for (const raw of ['dueDate', 'recipientLaos', 'day/month/BE year', 'not a DLA code'])
				expect(text, `${view.lang}: ${raw}`).not.toContain(raw);
			expect(text).toContain(
				view.lang === 'th'
					? 'กำหนดส่ง/ดำเนินการภายใน: ไม่ใช่วันที่'
					: 'Due by: not a date: type day/month/Buddhist Era year'
			);
			await screenshot(page, `coordination-form-problems-${view.lang}-${view.width}`);

			await openPage(page, running().url, `/coordination/new`);
			await page.locator('#kind').selectOption('letter');
			await page.locator('#subject').fill('หนังสือทดสอบรูปแบบตัวเลข');
			await page.locator('#date-documentDate').fill('4/12/2569');
			await page.locator('#date-dueDate').fill('15/12/2569');
			await page.locator('#recipients').selectOption(['provincial_office:TH40']);
			await Promise.all([
				page.waitForURL(/\/coordination\/records\/\d+$/, { timeout: 30_000 }),
				page.getByTestId('record-submit').click()
			]);
			// One digit style on the page: the dates as every page writes them, no Thai digits.
			const dates = [
				await page.getByTestId('record-document-date').innerText(),
				await page.getByTestId('record-due').innerText()
			];
			for (const date of dates) {
				expect(date).not.toMatch(/[๐-๙]/);
				expect(date).toMatch(view.lang === 'th' ? /2569/ : /2026/);
			}
			checked.assertNoPageErrors();
			await checked.close();
		}
	});

	test('the map attribution and the open data page’s sources in the page’s language', async () => {
		showAppOutputOnFailure();
		for (const view of views.slice(0, 2)) {
			const checked = await pageAs(null, view);
			const { page } = checked;
			await page.goto(`${running().url}/zones/${zoneId}`);
			const attribution = page.locator('.maplibregl-ctrl-attrib-inner').first();
			await attribution.waitFor({ state: 'attached', timeout: 60_000 });
			await expect.poll(() => attribution.textContent()).toMatch(/\S/);
			const text = (await attribution.textContent()) ?? '';
			await page.goto(`${running().url}/data`);
			const sources = await page.locator('main').innerText();
			if (view.lang === 'th') {
				expect(text).toContain('ขอบเขตการปกครอง: กรมแผนที่ทหาร');
				expect(text).not.toMatch(/Boundaries:|LAO registry:/);
				expect(sources).toContain('ทะเบียน อปท.: ข้อมูลเปิดของกรมส่งเสริมการปกครองท้องถิ่น');
			} else {
				expect(text).toContain('Boundaries: Royal Thai Survey Department');
				expect(text).toContain('LAO registry: Department of Local Administration open data');
				expect(text).not.toMatch(/\p{Script=Thai}/u);
				expect(sources).toContain('LAO registry: Department of Local Administration open data');
			}
			checked.assertNoPageErrors();
			await checked.close();
		}
	});
});
