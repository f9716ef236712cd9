/**
 * The zone plan page and the monthly report form in Chromium (issue 16 items 1–2), against the
 * built app in demo mode: Khon Kaen's planner drafts a plan with a target and an activity (a
 * target without a baseline date is refused, the field named in Thai beside it), submits it;
 * the governor approves it on the same page; อบต.'s officer files the month's report, the
 * provincial office returns it with a reason, the officer corrects and resubmits, the office
 * accepts. Two browsers filing the same month at once: the second sees both versions and
 * overwrites nothing. Screenshots in Thai and English at 1366 and 390×844.
 *
 * A report is due the month after the zone's approval. The app makes the previous month's
 * reports at start and hourly; to have one due for a zone approved today, the test stops the
 * app, runs the same schedule (`runProgressReportSchedule`) for a "now" in January on the app's
 * data directory — as the app would on 5 January — and starts the app again on it.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openPGlite } from '../../src/lib/server/db/database';
import { runProgressReportSchedule } from '../../src/lib/server/plans/progress-report.service';
import {
	loggedInPage,
	openBrowser,
	openPage,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient } from './http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff, type MadeZone } from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let dataDir: string;
let zone: MadeZone;
const pages: CheckedPage[] = [];
/** The month the schedule makes due (the zone was approved in it), and its due date. */
let period: string;
let dueDate: string;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function logIn(
	username: string,
	path: string,
	viewport = { width: 1366, height: 900 }
): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, { to: path, viewport });
	pages.push(checked);
	return checked;
}

/** Forgets the refused form post the step expected (its 400 or 409), keeping anything else. */
function forgetRefusal(checked: CheckedPage) {
	const kept = checked.problems.filter((p) => !/^HTTP 40[09]: POST /.test(p));
	checked.problems.splice(0, checked.problems.length, ...kept);
}

const goto = (page: Page, to: string) => openPage(page, running().url, to);
const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

/**
 * Clicks a form's submit button and waits until its POST is answered: the notice of an earlier
 * save may still be on the page, so polling for it alone can run ahead of the save.
 */
async function submitAndWait(page: Page, testId: string): Promise<void> {
	await Promise.all([
		page.waitForResponse((response) => response.request().method() === 'POST', {
			timeout: 60_000
		}),
		page.getByTestId(testId).click()
	]);
}
const planPath = () => `/plan/zones/${zone.id}/plan`;
const reportPath = () => `/plan/zones/${zone.id}/reports/${period}`;

/** The page shows no field code, rule id or server English. */
async function expectOnlyWords(page: Page) {
	const text = await page.locator('main').innerText();
	for (const code of [
		'targets.',
		'activities.',
		'baselineDate',
		'input.invalid',
		'report.',
		'plan.'
	])
		expect(text, `the page shows "${code}"`).not.toContain(code);
}

/** Screenshots in Thai and English, desktop and phone; the phone never scrolls sideways. */
async function screenshotsOf(username: string, to: string, name: string) {
	for (const [size, viewport] of [
		['1366', { width: 1366, height: 900 }],
		['390', { width: 390, height: 844 }]
	] as const) {
		for (const lang of ['th', 'en']) {
			const checked = await logIn(username, to, viewport);
			await goto(checked.page, `${to}?lang=${lang}`);
			await expectOnlyWords(checked.page);
			if (size === '390') {
				const overflow = await checked.page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${name} ${lang} scrolls sideways at 390`).toBeLessThanOrEqual(0);
			}
			await screenshot(checked.page, `${name}-${lang}-${size}`);
			checked.assertNoPageErrors();
			await checked.close();
		}
	}
}

describe('the plan page and the monthly report form', () => {
	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-e2e-plan-pages-'));
		const template = inject('e2eTemplateDataDir');
		if (template) await cp(template, dataDir, { recursive: true });
		app = await startApp({ env: { DEMO_MODE: 'true' }, dataDir });
		await waitUntilReady(app);
		const http = httpClient(app.url);
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{
				planner: await http.logInAs('planner.th40'),
				governor: await http.logInAs('governor.th40')
			},
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบแผนปฏิบัติการ' }
		);
		await app.stop();
		// The schedule as the app runs it on 5 January: December's reports, due on the 3rd.
		const database = await openPGlite(dataDir);
		try {
			({ period, dueDate } = await runProgressReportSchedule(database.db, {
				now: new Date('2027-01-05T03:00:00Z')
			}));
		} finally {
			await database.close();
		}
		app = await startApp({ env: { DEMO_MODE: 'true' }, dataDir });
		await waitUntilReady(app);
		browser = await openBrowser();
	}, 300_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
	});

	test('the planner drafts a plan; a target without a baseline date is refused by name; a save over another is refused in words', async () => {
		showAppOutputOnFailure();
		expect(period).toBe('2026-12');
		const planner = await logIn('planner.th40', planPath());
		const { page } = planner;
		await expect.poll(() => page.getByTestId('plan-status').innerText()).toContain('ยังไม่มี');
		// Target 1: the plan's own indicator, no baseline date.
		await byId(page, 'target.0.indicator').selectOption('__plan');
		await byId(page, 'target.0.nameTh').fill('ครัวเรือนที่มีรายได้เพิ่มขึ้น');
		await byId(page, 'target.0.unit').fill('ครัวเรือน');
		await byId(page, 'target.0.baselineValue').fill('120');
		await byId(page, 'target.0.targetValue').fill('300');
		await byId(page, 'date-target.0.targetDate').fill('30/9/2570');
		await byId(page, 'target.0.source').fill('สำรวจโดย อบต. ตุลาคม 2569');
		// Activity 1: two sectors, the LAO responsible, 1,250,000 baht of its own budget.
		await byId(page, 'activity.0.name').fill('ธนาคารน้ำใต้ดิน');
		await page.locator('input[name="activity.0.sectors"][value="government"]').check();
		await page.locator('input[name="activity.0.sectors"][value="people"]').check();
		await byId(page, 'activity.0.responsible').selectOption('lao:6400906');
		await byId(page, 'activity.0.budget.lao').fill('1250000');
		await byId(page, 'activity.0.budget.lao').blur();
		expect(await byId(page, 'activity.0.budget.lao').inputValue()).toBe('1,250,000');
		await byId(page, 'date-activity.0.startDate').fill('1/11/2569');
		await byId(page, 'date-activity.0.endDate').fill('31/3/2570');
		await submitAndWait(page, 'plan-save');
		await expect
			.poll(() => page.getByTestId('form-problems').innerText())
			.toContain('เป้าหมายที่ 1 · วันที่ของค่าฐาน: ต้องระบุวันที่');
		// Beside the field too, and nothing typed is lost.
		const beside = page.getByTestId('target-row').first().getByTestId('field-problem');
		expect(await beside.allInnerTexts()).toEqual(['วันที่ของค่าฐาน: ต้องระบุวันที่']);
		expect(await byId(page, 'target.0.source').inputValue()).toBe('สำรวจโดย อบต. ตุลาคม 2569');
		expect(await byId(page, 'activity.0.name').inputValue()).toBe('ธนาคารน้ำใต้ดิน');
		await expectOnlyWords(page);
		await screenshot(page, 'plan-refused-th-1366');
		forgetRefusal(planner);

		await byId(page, 'date-target.0.baselineDate').fill('1/10/2569');
		await submitAndWait(page, 'plan-save');
		await expect.poll(() => page.getByTestId('plan-saved').isVisible()).toBe(true);
		await expect.poll(() => page.getByTestId('plan-status').innerText()).toContain('ร่าง');
		// The form starts again from the saved copy: one target, one activity, and a spare row each.
		await expect.poll(() => page.getByTestId('target-row').count()).toBe(2);
		expect(await byId(page, 'target.0.baselineValue').inputValue()).toBe('120');
		expect(await byId(page, 'date-target.0.baselineDate').inputValue()).toBe('1/10/2569');
		planner.assertNoPageErrors();

		// DLA staff open the same draft; the planner saves first; DLA's save is refused in words,
		// with what they typed still in the form, and saved over the latest only when asked again.
		const dla = await logIn('dla.demo', planPath());
		await page.locator('#note').fill('แก้ที่มาของตัวเลข');
		await submitAndWait(page, 'plan-save');
		await expect.poll(() => page.getByTestId('plan-saved').isVisible()).toBe(true);
		await byId(dla.page, 'target.0.source').fill('ทะเบียนครัวเรือน อบต. 2569');
		await submitAndWait(dla.page, 'plan-save');
		await expect
			.poll(() => dla.page.getByTestId('plan-conflict').innerText())
			.toContain('มีผู้บันทึกแผนนี้หลังจากที่คุณเปิดหน้า');
		expect(await byId(dla.page, 'target.0.source').inputValue()).toBe('ทะเบียนครัวเรือน อบต. 2569');
		await expectOnlyWords(dla.page);
		forgetRefusal(dla);
		await submitAndWait(dla.page, 'plan-save');
		await expect.poll(() => dla.page.getByTestId('plan-saved').isVisible()).toBe(true);
		dla.assertNoPageErrors();

		await goto(page, planPath());
		expect(await byId(page, 'target.0.source').inputValue()).toBe('ทะเบียนครัวเรือน อบต. 2569');
		await page.getByTestId('plan-submit').click();
		await expect.poll(() => page.getByTestId('plan-status').innerText()).toContain('เสนอพิจารณา');
		planner.assertNoPageErrors();
	});

	test('the governor approves the plan on the same page', async () => {
		showAppOutputOnFailure();
		const governor = await logIn('governor.th40', planPath());
		const { page } = governor;
		await expect.poll(() => page.getByTestId('plan-decide').isVisible()).toBe(true);
		await page.getByTestId('plan-approve').click();
		await expect.poll(() => page.getByTestId('plan-status').innerText()).toContain('อนุมัติ');
		const main = await page.locator('main').innerText();
		expect(main).toContain('แผนที่ใช้อยู่');
		expect(main).toContain('ครัวเรือนที่มีรายได้เพิ่มขึ้น');
		expect(main).toContain('1,250,000');
		// The zone's reports, with the month in Thai and the Buddhist Era.
		const row = page.locator(`[data-testid="report-list"] tr[data-period="${period}"]`);
		expect(await row.innerText()).toContain('ธันวาคม 2569');
		expect(await row.innerText()).toContain('3 ม.ค. 2570');
		expect(dueDate).toBe('2027-01-03');
		governor.assertNoPageErrors();
	});

	test('two filers at once: the second sees both versions and overwrites nothing', async () => {
		showAppOutputOnFailure();
		const officer = await logIn('lao.6400906', reportPath());
		const planner = await logIn('planner.th40', reportPath());
		await byId(officer.page, 'target.0.value').fill('140');
		await byId(planner.page, 'target.0.value').fill('999');
		await submitAndWait(officer.page, 'report-save');
		await expect.poll(() => officer.page.getByTestId('report-done').isVisible()).toBe(true);
		await submitAndWait(planner.page, 'report-save');
		const conflict = planner.page.getByTestId('report-conflict');
		await expect.poll(() => conflict.isVisible()).toBe(true);
		expect(await conflict.getByTestId('theirs-target').first().innerText()).toBe('140');
		expect(await conflict.innerText()).toContain('999');
		await expectOnlyWords(planner.page);
		await screenshot(planner.page, 'report-conflict-th-1366');
		// Nothing was overwritten: the officer's figure stands.
		await goto(officer.page, reportPath());
		expect(await byId(officer.page, 'target.0.value').inputValue()).toBe('140');
		officer.assertNoPageErrors();
		forgetRefusal(planner);
		planner.assertNoPageErrors();
	});

	test('the officer files; the office returns it with a reason; corrected, it is accepted', async () => {
		showAppOutputOnFailure();
		const officer = await logIn('lao.6400906', reportPath());
		const { page } = officer;
		// Above the activity's budget without a note: the note is asked for by name.
		await byId(page, 'activity.0.status').selectOption('in_progress');
		await byId(page, 'activity.0.disbursed').fill('2,000,000');
		await byId(page, 'activity.0.people').fill('35');
		await byId(page, 'problems').fill('ฝนตกหนักทำให้งานขุดล่าช้า');
		await page.getByTestId('report-submit').click();
		await expect
			.poll(() => page.getByTestId('form-problems').innerText())
			.toContain('กิจกรรมที่ 1 · หมายเหตุ: เบิกจ่าย 2,000,000 บาท เกินงบประมาณที่เหลือ 1,250,000 บาท');
		forgetRefusal(officer);
		await byId(page, 'activity.0.disbursed').fill('20,000');
		await page.getByTestId('report-submit').click();
		await expect.poll(() => page.getByTestId('report-status').innerText()).toContain('ส่งแล้ว');
		officer.assertNoPageErrors();

		const office = await logIn('planner.th40', reportPath());
		await expect.poll(() => office.page.getByTestId('report-review').isVisible()).toBe(true);
		await office.page.locator('#reason').fill('ตัวเลขครัวเรือนไม่ตรงกับแบบสำรวจ กรุณาตรวจสอบ');
		await office.page.getByTestId('report-return').click();
		await expect
			.poll(() => office.page.getByTestId('report-status').innerText())
			.toContain('ส่งกลับแก้ไข');

		await goto(page, reportPath());
		expect(await page.getByTestId('return-reason').innerText()).toContain(
			'ตัวเลขครัวเรือนไม่ตรงกับแบบสำรวจ'
		);
		await byId(page, 'target.0.value').fill('160');
		await page.getByTestId('report-submit').click();
		await expect.poll(() => page.getByTestId('report-status').innerText()).toContain('ส่งแล้ว');
		officer.assertNoPageErrors();

		await goto(office.page, reportPath());
		await office.page.getByTestId('report-accept').click();
		await expect
			.poll(() => office.page.getByTestId('report-status').innerText())
			.toContain('รับรองแล้ว');
		office.assertNoPageErrors();
		await goto(office.page, planPath());
		expect(
			await office.page
				.locator(`[data-testid="report-list"] tr[data-period="${period}"]`)
				.innerText()
		).toContain('รับรองแล้ว');
	});

	test('the zone page links to the plan; screenshots in Thai and English, desktop and phone', async () => {
		showAppOutputOnFailure();
		const planner = await logIn('planner.th40', `/plan/zones/${zone.id}`);
		await expect.poll(() => planner.page.getByTestId('zone-plan-link').isVisible()).toBe(true);
		await planner.close();
		await screenshotsOf('planner.th40', planPath(), 'plan-page');
		await screenshotsOf('lao.6400906', reportPath(), 'report-form');
	});
});
