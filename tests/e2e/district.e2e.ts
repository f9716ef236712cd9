/**
 * Issue 17, items 4 and 5, in Chromium against the built app in demo mode.
 *
 * The district local administration office (ท้องถิ่นอำเภอเมืองขอนแก่น, `district.th4001`): it
 * signs in, lands on its district's page, sees the approved zone covering อบต.บ้านหว้า (one of
 * its LAOs) and not a draft there, and acknowledges the letter Khon Kaen's provincial office
 * addressed to it; in Thai and English, at 1366 wide and on a 390×844 phone.
 *
 * The partner directory: the planner adds a university to Khon Kaen's directory on its page,
 * then in the zone form picks it from the directory and adds a community group inline; the
 * saved revision keeps each partner's id, name and sector, the directory holds each once, and
 * the approved zone's public page lists them by sector.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	loggedInPage,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput,
	openPage
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	workflowEvent,
	turnReadinessRulesOff
} from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const pages: CheckedPage[] = [];
const cookies: Record<string, string> = {};

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A fresh browser context logged in as a demo account from `/login` with no target. */
async function logIn(
	username: string,
	options: { locale?: string; viewport?: { width: number; height: number } } = {}
): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, {
		locale: options.locale ?? 'th-TH',
		viewport: options.viewport ?? { width: 1366, height: 900 }
	});
	pages.push(checked);
	return checked;
}

const goto = (page: Page, path: string) => openPage(page, running().url, path);

beforeAll(async () => {
	app = await startApp({ env: { DEMO_MODE: 'true' } });
	await waitUntilReady(app);
	browser = await openBrowser();
	http = httpClient(app.url);
	for (const who of ['planner.th40', 'governor.th40', 'district.th4001', 'planner.th30'])
		cookies[who] = await http.logInAs(who);
}, 240_000);

afterAll(async () => {
	for (const p of pages) await p.close().catch(() => undefined);
	await browser?.close();
	await app?.stop();
});

describe('the district local administration office', () => {
	let zoneId: number;
	let draftId: number;
	let letterId: number;

	test('the province addresses a letter to the district office from the register form', async () => {
		showAppOutputOnFailure();
		// Not about the readiness rules (tests/e2e/readiness.e2e.ts is): every rule off.
		await turnReadinessRulesOff(http);
		const approved = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400119'], name: 'เขตพัฒนาบ้านหว้า (ทดสอบ)' }
		);
		zoneId = approved.id;
		draftId = (
			await draftZoneOfLaos(http, cookies['planner.th40']!, {
				provinceCode: 'TH40',
				dlaCodes: ['6400117'],
				name: 'ร่างเขตดอนช้าง (ทดสอบ)'
			})
		).id;

		const office = await logIn('planner.th40');
		const { page } = office;
		await goto(page, '/coordination/new');
		await page.locator('#kind').selectOption('letter');
		await page.locator('#subject').fill('ขอให้ท้องถิ่นอำเภอแจ้ง อปท. ในอำเภอเรื่องเขตพัฒนาบ้านหว้า');
		await page.locator('#recipients').selectOption(['district_office:TH4001']);
		await Promise.all([
			page.waitForURL(/\/coordination\/records\/\d+$/, { timeout: 30_000 }),
			page.getByTestId('record-submit').click()
		]);
		letterId = Number(new URL(page.url()).pathname.split('/').pop());
		expect(await page.locator('article').innerText()).toContain('ท้องถิ่นอำเภอเมืองขอนแก่น');
		office.assertNoPageErrors();
	});

	test('signs in, lands on its district, sees the zone in force and not the draft', async () => {
		showAppOutputOnFailure();
		const district = await logIn('district.th4001');
		const { page } = district;
		expect(new URL(page.url()).pathname).toBe('/district');
		expect(await page.getByTestId('district-title').innerText()).toBe('ท้องถิ่นอำเภอเมืองขอนแก่น');
		const zones = page.getByTestId('district-zone');
		expect(await zones.count()).toBe(1);
		expect(await zones.first().getAttribute('data-zone-id')).toBe(String(zoneId));
		expect(await zones.first().innerText()).toContain('เขตพัฒนาบ้านหว้า (ทดสอบ)');
		expect(await zones.first().innerText()).toContain('อบต.บ้านหว้า');
		expect(await page.getByTestId('district-laos').innerText()).toContain('ทน.ขอนแก่น');
		expect(await page.locator('main').innerText()).not.toContain('ร่างเขตดอนช้าง');
		await screenshot(page, 'district-th');
		// The zone opens on its public page; the draft is a 404, as for the public.
		await page.getByTestId('district-zone').first().locator('a').click();
		await page.waitForURL(new RegExp(`/zones/${zoneId}$`));
		expect((await http.get(`/api/zones/${draftId}`, cookies['district.th4001'])).status).toBe(404);
		district.assertNoPageErrors();
	});

	test('acknowledges the letter addressed to the district office', async () => {
		showAppOutputOnFailure();
		const district = await logIn('district.th4001');
		const { page } = district;
		await goto(page, '/coordination');
		const row = page.locator(`[data-testid="inbox-asked"] tr[data-record-id="${letterId}"]`);
		expect(await row.count()).toBe(1);
		await row.locator('a').first().click();
		await page.waitForURL(new RegExp(`/coordination/records/${letterId}$`));
		await page.getByTestId('acknowledge').click();
		await expect.poll(() => page.getByTestId('my-state').innerText()).toContain('รับทราบแล้ว');
		await screenshot(page, 'district-acknowledged-th');
		district.assertNoPageErrors();
		// Another province's planner does not see it.
		expect(
			(await http.get(`/coordination/records/${letterId}`, cookies['planner.th30'])).status
		).toBe(404);
	});

	test('reads in English, and on a phone', async () => {
		showAppOutputOnFailure();
		const english = await logIn('district.th4001', { locale: 'en-GB' });
		await goto(english.page, '/district?lang=en');
		expect(await english.page.getByTestId('district-title').innerText()).toBe(
			'Mueang Khon Kaen District Local Administration Office'
		);
		expect(await english.page.getByTestId('district-zone').first().innerText()).toContain(
			'Ban Wa SAO'
		);
		await screenshot(english.page, 'district-en');
		english.assertNoPageErrors();
		for (const [lang, locale] of [
			['th', 'th-TH'],
			['en', 'en-GB']
		] as const) {
			const phone = await logIn('district.th4001', { locale });
			await phone.page.setViewportSize({ width: 390, height: 844 });
			await goto(phone.page, `/district?lang=${lang}`);
			const overflow = await phone.page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);
			await screenshot(phone.page, `district-phone-${lang}`);
			phone.assertNoPageErrors();
		}
	});

	test('the page is the district office’s alone', async () => {
		const statuses = {
			district: (await http.get('/district', cookies['district.th4001'])).status,
			planner: (await http.get('/district', cookies['planner.th40'])).status,
			public: (await http.get('/district')).status
		};
		expect(statuses).toEqual({ district: 200, planner: 403, public: 303 });
	});
});

describe('the network-sector directory', () => {
	test('the planner adds to the directory, then picks from it in the zone form', async () => {
		showAppOutputOnFailure();
		const planner = await logIn('planner.th40');
		const { page } = planner;
		await goto(page, '/partners');
		const add = page.getByTestId('partner-add');
		await add.locator('select[name="sector"]').selectOption('academia');
		await add.locator('input[name="name"]').fill('มหาวิทยาลัยขอนแก่น');
		await add.locator('button[type="submit"]').click();
		await expect
			.poll(() => page.getByTestId('partners-academia').innerText())
			.toContain('มหาวิทยาลัยขอนแก่น');
		// The same name again is refused by name.
		await add.locator('select[name="sector"]').selectOption('government');
		await add.locator('input[name="name"]').fill('มหาวิทยาลัยขอนแก่น');
		await add.locator('button[type="submit"]').click();
		await expect
			.poll(() => add.locator('[role="alert"]').innerText())
			.toContain('มี มหาวิทยาลัยขอนแก่น ในทะเบียนของจังหวัดนี้แล้ว');
		await screenshot(page, 'partners-th');

		const zone = await draftZoneOfLaos(http, cookies['planner.th40']!, {
			provinceCode: 'TH40',
			dlaCodes: ['6400116'],
			name: 'เขตดอนหัน (ทดสอบภาคี)'
		});
		await goto(page, `/plan/zones/${zone.id}`);
		const picker = page.getByTestId('partner-picker');
		await expect
			.poll(() => picker.locator('option').count(), { timeout: 20_000 })
			.toBeGreaterThan(1);
		await picker.selectOption({ label: 'มหาวิทยาลัยขอนแก่น' });
		await page.getByTestId('new-partner-toggle').click();
		await page.getByTestId('new-partner-sector').selectOption('people');
		await page.getByTestId('new-partner-name').fill('กลุ่มวิสาหกิจชุมชนดอนหัน');
		await page.getByTestId('add-partner').click();
		// The draft's own free-text partner, the one picked and the one added: three (a count of
		// two only held for the moment between the pick and the add's answer).
		await expect
			.poll(() => page.getByTestId('zone-partner').allInnerTexts())
			.toEqual([
				expect.stringContaining('วิสาหกิจชุมชนทดสอบ'),
				expect.stringContaining('มหาวิทยาลัยขอนแก่น'),
				expect.stringContaining('กลุ่มวิสาหกิจชุมชนดอนหัน')
			]);
		await screenshot(page, 'zone-partners-picked-th');
		await page.getByTestId('save').click();
		await expect
			.poll(() => page.getByTestId('revision-number').innerText(), { timeout: 20_000 })
			.toBe('ฉบับที่ 2');
		planner.assertNoPageErrors();

		const directory = (await (
			await http.get('/api/partners?province=TH40', cookies['planner.th40'])
		).json()) as { partners: { id: number; name: string; sector: string }[] };
		const byName = (name: string) => directory.partners.filter((p) => p.name === name);
		expect(byName('มหาวิทยาลัยขอนแก่น')).toHaveLength(1);
		expect(byName('กลุ่มวิสาหกิจชุมชนดอนหัน')).toMatchObject([{ sector: 'people' }]);
		const saved = (await (
			await http.get(`/api/zones/${zone.id}`, cookies['planner.th40'])
		).json()) as {
			revision: { id: number; partners: unknown[] };
		};
		// The draft's first revision named a group as free text (zone-setup's body): it was found
		// or added in the directory by name, and the form kept it.
		expect(saved.revision.partners).toEqual([
			{
				partnerId: byName('วิสาหกิจชุมชนทดสอบ')[0]!.id,
				sector: 'people',
				name: 'วิสาหกิจชุมชนทดสอบ'
			},
			{ partnerId: byName('มหาวิทยาลัยขอนแก่น')[0]!.id, sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' },
			{
				partnerId: byName('กลุ่มวิสาหกิจชุมชนดอนหัน')[0]!.id,
				sector: 'people',
				name: 'กลุ่มวิสาหกิจชุมชนดอนหัน'
			}
		]);

		// Approved, the public zone page lists them by sector.
		const current = { ...zone, revisionId: saved.revision.id };
		await workflowEvent(http, cookies['planner.th40']!, current, 'submit');
		await workflowEvent(http, cookies['governor.th40']!, current, 'approve');
		const visitor = await newCheckedPage(browser!, { origin: running().url });
		pages.push(visitor);
		await goto(visitor.page, `/zones/${zone.id}`);
		const text = await visitor.page.locator('main').innerText();
		expect(text).toContain('ภาควิชาการ');
		expect(text).toContain('มหาวิทยาลัยขอนแก่น');
		expect(text).toContain('ภาคประชาชน');
		expect(text).toContain('กลุ่มวิสาหกิจชุมชนดอนหัน');
		visitor.assertNoPageErrors();
	});

	test('the directory page in English, and who may keep it', async () => {
		showAppOutputOnFailure();
		const english = await logIn('planner.th40', { locale: 'en-GB' });
		await goto(english.page, '/partners?lang=en');
		expect(await english.page.getByTestId('partners-scope').innerText()).toContain('Khon Kaen');
		await screenshot(english.page, 'partners-en');
		english.assertNoPageErrors();
		const post = (cookie?: string) =>
			http.json(
				'POST',
				'/api/partners',
				{ provinceCode: 'TH40', name: 'วัดศรีจันทร์', sector: 'religion' },
				cookie
			);
		const statuses = {
			public: (await post()).status,
			district: (await post(cookies['district.th4001'])).status,
			otherProvince: (await post(cookies['planner.th30'])).status,
			governor: (await post(cookies['governor.th40'])).status,
			planner: (await post(cookies['planner.th40'])).status,
			again: (await post(cookies['planner.th40'])).status
		};
		expect(statuses).toEqual({
			public: 403,
			district: 403,
			otherProvince: 403,
			governor: 403,
			planner: 201,
			again: 409
		});
		expect((await http.get('/partners', cookies['district.th4001'])).status).toBe(403);
	});

	test("DLA staff address any province's district offices; a meeting's attendees come from the directory", async () => {
		showAppOutputOnFailure();
		const dla = await logIn('dla.demo');
		await goto(dla.page, '/coordination/new');
		// Every province's district offices, grouped by province.
		const districtOptions = dla.page.locator('#recipients option[value^="district_office:"]');
		expect(await districtOptions.count()).toBeGreaterThan(900);
		expect(
			await dla.page.locator('#recipients option[value="district_office:TH3001"]').count()
		).toBe(1);
		dla.assertNoPageErrors();

		// The planner's meeting: the directory's academia entry (added above) is offered beside
		// the academia list, and a click writes it there, once.
		const planner = await logIn('planner.th40');
		const { page } = planner;
		await goto(page, '/coordination/new');
		await page.locator('#kind').selectOption('meeting');
		const offered = page
			.getByTestId('attendee-directory-academia')
			.getByRole('button', { name: '+ มหาวิทยาลัยขอนแก่น' });
		await offered.click();
		expect(await page.locator('#attendees_academia').inputValue()).toBe('มหาวิทยาลัยขอนแก่น');
		expect(await offered.isDisabled()).toBe(true);
		await screenshot(page, 'meeting-form-directory-th');
		await page.locator('#subject').fill('ประชุมภาคีเครือข่ายเขตพัฒนาบ้านหว้า');
		await page.locator('#meetingPlace').fill('ห้องประชุมศาลากลางจังหวัดขอนแก่น');
		await page.locator('#recipients').selectOption(['district_office:TH4001']);
		await Promise.all([
			page.waitForURL(/\/coordination\/records\/\d+$/, { timeout: 30_000 }),
			page.getByTestId('record-submit').click()
		]);
		expect(await page.locator('article').innerText()).toContain('มหาวิทยาลัยขอนแก่น');
		await screenshot(page, 'meeting-directory-th');
		planner.assertNoPageErrors();
	});
});
