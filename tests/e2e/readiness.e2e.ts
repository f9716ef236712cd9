/**
 * Issue 17 in Chromium on the real pages, under the default readiness rules: the planner sees
 * the submit checklist and is refused until the covered LAOs are asked; the governor (in
 * English) sees the approve checklist, is refused without a reason, approves with one, and the
 * decision's memo records the override; the SWOT shows on the review and public pages; DLA staff
 * see the rule sets page. Setting up the zone goes over HTTP; every workflow step is a click.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	logInThroughForm,
	newCheckedPage,
	openBrowser,
	screenshot,
	showAppOutputOnFailure as reportAppOutput,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	openPage
} from './harness';
import { httpClient, type HttpClient } from './http-client';

const LAOS = ['6400906', '6400907'] as const;
const ZONE_NAME = 'เขตทดสอบความพร้อม';
const OVERRIDE_REASON = 'เร่งด่วนเพื่อให้ทันกรอบงบประมาณ อปท. ทั้งสองแห่งแจ้งเห็นชอบในที่ประชุมแล้ว';
const SWOT = {
	strengths: ['แหล่งน้ำตลอดปี', 'กลุ่มวิสาหกิจชุมชนเข้มแข็ง'],
	weaknesses: ['ถนนเข้าหมู่บ้านชำรุด'],
	opportunities: ['ตลาดผลผลิตอินทรีย์ในเมือง'],
	threats: ['น้ำท่วมในฤดูฝน']
};

let browser: Browser | undefined;
let app: RunningApp | undefined;
let http: HttpClient;
let zoneId: number;
const pages: Record<string, CheckedPage> = {};
const showAppOutputOnFailure = () => reportAppOutput(() => app);

function running(): { app: RunningApp; browser: Browser } {
	if (!app || !browser) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, browser };
}

async function pageOf(username: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
	const { app, browser } = running();
	const key = `${username}@${viewport.width}`;
	if (pages[key]) return pages[key].page;
	const checked = await newCheckedPage(browser, { origin: app.url, viewport });
	pages[key] = checked;
	const page = checked.page;
	await logInThroughForm(page, app.url, username, { to: '/account' });
	return page;
}

const goto = (page: Page, path: string) => openPage(page, running().app.url, path);

describe('readiness rules block submission and approval until met or overridden', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		const planner = await http.logInAs('planner.th40');
		const union = await http.json(
			'POST',
			'/api/zones/union',
			{ provinceCode: 'TH40', dlaCodes: LAOS },
			planner
		);
		expect(union.status, await union.clone().text()).toBe(200);
		const { geometry } = (await union.json()) as { geometry: unknown };
		const created = await http.json(
			'POST',
			'/api/zones',
			{
				provinceCode: 'TH40',
				baseRevisionId: null,
				attributes: {
					name: ZONE_NAME,
					description: 'เขตทดสอบเกณฑ์ความพร้อม',
					objectives: 'ส่งเสริมเกษตรอินทรีย์และการแปรรูปผลผลิตของชุมชน',
					objectiveTags: [],
					partners: [
						{ sector: 'people', name: 'วิสาหกิจชุมชนบ้านฝาง' },
						{ sector: 'academia', name: 'มหาวิทยาลัยขอนแก่น' }
					],
					swot: SWOT
				},
				geometry,
				geometrySource: 'laos'
			},
			planner
		);
		expect(created.status, await created.clone().text()).toBe(201);
		zoneId = ((await created.json()) as { zone: { id: number } }).zone.id;
	}, 240_000);

	afterAll(async () => {
		for (const checked of Object.values(pages)) await checked.close();
		await browser?.close();
		await app?.stop();
	});

	test('the planner sees what is missing, is refused, asks the LAOs, then submits (Thai)', async () => {
		showAppOutputOnFailure();
		const page = await pageOf('planner.th40');
		await goto(page, `/plan/zones/${zoneId}`);
		const checklist = page.getByTestId('readiness-submit');
		await expect.poll(() => checklist.isVisible(), { timeout: 30_000 }).toBe(true);
		const text = await checklist.innerText();
		expect(text).toContain('ยังไม่ได้ขอความเห็นจาก อปท. 2 แห่ง');
		expect(text).toContain('เกณฑ์ตั้งต้นเป็นความเห็นของระบบ');
		expect(text).not.toMatch(/all_laos_asked|network_sectors/);
		expect(await checklist.locator('li[data-met="false"]').count()).toBe(1);
		// The SWOT sent with the zone is in the form.
		expect(await page.getByTestId('swot-strengths').inputValue()).toBe(SWOT.strengths.join('\n'));

		const panel = page.getByTestId('workflow-panel');
		await panel.getByTestId('workflow-submit').click();
		await page.getByTestId('submit-confirm-yes').click();
		await expect
			.poll(() => panel.getByTestId('workflow-error').first().innerText(), { timeout: 30_000 })
			.toContain('ขอความเห็นจาก อปท. ทุกแห่งที่เขตครอบคลุม');
		expect(await panel.getByTestId('workflow-status').innerText()).toBe('ร่าง');
		console.log('screenshot:', await screenshot(page, 'readiness-submit-refused-th'));
		// The refusal is a 400 form answer the page shows, not a browser error.
		pages['planner.th40@1366']!.problems.splice(0);

		await panel.getByTestId('request-responses').click();
		await expect
			.poll(() => checklist.locator('li[data-met="false"]').count(), { timeout: 30_000 })
			.toBe(0);
		await panel.getByTestId('workflow-submit').click();
		await page.getByTestId('submit-confirm-yes').click();
		await expect
			.poll(() => page.getByTestId('workflow-status').innerText(), { timeout: 30_000 })
			.toBe('เสนอพิจารณา');
		pages['planner.th40@1366']!.assertNoPageErrors();
	});

	test('the governor is refused without a reason, approves with one, and the memo records it (English)', async () => {
		showAppOutputOnFailure();
		const page = await pageOf('governor.th40');
		await goto(page, `/review/zones/${zoneId}?lang=en`);
		const checklist = page.getByTestId('readiness-approve');
		expect(await checklist.innerText()).toContain('0 of 2 answered; at least 1 needed');
		expect(await page.getByTestId('swot-view-strengths').innerText()).toContain(SWOT.strengths[1]);
		await page.getByTestId('decision-approve').check();
		await expect
			.poll(() => page.getByTestId('override').isVisible(), { timeout: 10_000 })
			.toBe(true);
		console.log('screenshot:', await screenshot(page, 'readiness-review-en'));

		await page.getByTestId('decision-submit').click();
		await expect
			.poll(() => page.getByTestId('override-error').innerText(), { timeout: 30_000 })
			.toBe('Write why the zone is approved although not every rule is met');
		expect(await page.locator('.decision .error').first().innerText()).toContain(
			'At least 50 % of the LAOs asked have answered: 0 of 2 answered'
		);
		expect(await page.getByTestId('zone-status').innerText()).toBe('Submitted');
		pages['governor.th40@1366']!.problems.splice(0);

		await page.getByTestId('override-reason').fill(OVERRIDE_REASON);
		await page.getByTestId('decision-submit').click();
		await expect
			.poll(() => page.getByTestId('decision-done').innerText(), { timeout: 30_000 })
			.toContain('Approve');
		const href = await page.getByTestId('decision-memo-link').getAttribute('href');
		await page.getByTestId('decision-memo-link').click();
		await page.waitForURL((url) => url.pathname === href);
		const memo = await page.locator('body').innerText();
		expect(memo).toContain('ยังไม่เป็นไปตามเกณฑ์ความพร้อมก่อนอนุมัติ');
		expect(memo).toContain(OVERRIDE_REASON);
		expect(memo).toContain('แหล่งน้ำตลอดปี');
		console.log('screenshot:', await screenshot(page, 'readiness-memo'));
		pages['governor.th40@1366']!.assertNoPageErrors();

		// The override is in the zone's history, with the reason.
		const history = await http.get(`/api/zones/${zoneId}/workflow`, await http.logInAs('dla.demo'));
		const transitions = (await history.json()) as { event: string; readinessOverride: unknown }[];
		expect(transitions.at(-1)).toMatchObject({
			event: 'approve',
			readinessOverride: { reason: OVERRIDE_REASON }
		});
	});

	test('the public zone page shows the SWOT; the rules page is for DLA staff (Thai and English, phone and desktop)', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		const visitor = await newCheckedPage(browser, { origin: app.url });
		try {
			await goto(visitor.page, `/zones/${zoneId}`);
			expect(await visitor.page.getByTestId('swot-view-threats').innerText()).toContain(
				SWOT.threats[0]
			);
			console.log('screenshot:', await screenshot(visitor.page, 'readiness-public-zone-th'));
			visitor.assertNoPageErrors();
		} finally {
			await visitor.close();
		}
		for (const viewport of [
			{ width: 1366, height: 900 },
			{ width: 390, height: 844 }
		]) {
			const page = await pageOf('dla.demo', viewport);
			for (const lang of ['th', 'en']) {
				await goto(page, `/admin/readiness?lang=${lang}`);
				expect(await page.getByTestId('readiness-who').innerText()).toContain(
					lang === 'th' ? 'เจ้าหน้าที่กรมส่งเสริมการปกครองท้องถิ่นเท่านั้น' : 'Only Department'
				);
				console.log(
					'screenshot:',
					await screenshot(page, `readiness-admin-${lang}-${viewport.width}`)
				);
			}
			// Saving a version from the form: it appears in the history with its Buddhist-Era date.
			if (viewport.width === 1366) {
				await goto(page, '/admin/readiness?lang=th');
				await page.locator('input[name="minNetworkSectors"]').fill('3');
				await page.locator('input[name="note"]').fill('เพิ่มเป็นสามภาคี');
				await page.locator('[data-testid="readiness-editor"] button[type="submit"]').click();
				await expect
					.poll(() => page.getByTestId('readiness-saved').innerText(), { timeout: 30_000 })
					.toBe('บันทึกฉบับที่ 1 แล้ว');
				const history = await page.getByTestId('readiness-history').innerText();
				expect(history).toContain('เพิ่มเป็นสามภาคี');
				expect(history).toMatch(/25\d\d/);
			}
			pages[`dla.demo@${viewport.width}`]!.assertNoPageErrors();
		}
	});
});
