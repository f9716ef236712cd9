/**
 * The coordination register in Chromium against the built app in demo mode: DLA sends a
 * directive to Khon Kaen's provincial office with a due date already past, the overdue
 * dashboard shows it, the province acknowledges and reports it done, the dashboard updates;
 * the provincial office sets up the monthly report of its LAOs and อบต.ดูนสาด files its report
 * with a PDF attached. Plain HTTP checks what the public and another province may see, the
 * CSV export and the timeline endpoint. Screenshots of the inbox, the register and a record
 * page in Thai and English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	loggedInPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput,
	openPage
} from './harness';
import { httpClient } from './http-client';

let app: RunningApp | undefined;
let browser: Browser | undefined;
const pages: CheckedPage[] = [];

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A fresh browser context logged in as a demo account, landing on `path`. */
async function logIn(username: string, path: string, locale = 'th-TH'): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, { to: path, locale });
	pages.push(checked);
	return checked;
}

const goto = (page: Page, path: string) => openPage(page, running().url, path);

/** The overdue count the DLA dashboard shows for a province (0 when it has no row). */
async function overdueCountFor(page: Page, provinceCode: string): Promise<number> {
	await goto(page, '/coordination/overdue');
	const cell = page.locator(
		`[data-testid="overdue-by-province"] tr[data-province="${provinceCode}"] td.n`
	);
	if ((await cell.count()) === 0) return 0;
	return Number((await cell.innerText()).replace(/[^0-9]/g, ''));
}

let directiveId: number;

describe('coordination register', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		browser = await openBrowser();
	}, 240_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
	});

	test('DLA sends a directive to a province; the overdue dashboard shows it', async () => {
		showAppOutputOnFailure();
		const dla = await logIn('dla.demo', '/coordination/new');
		const { page } = dla;
		await page.locator('#kind').selectOption('directive');
		await page.locator('#subject').fill('ให้ท้องถิ่นจังหวัดสนับสนุนผู้ว่าราชการจังหวัดเรื่องเขตพัฒนาเศรษฐกิจพอเพียง');
		await page.locator('#documentNumber').fill('มท ๐๘๐๑.๒/ว ๕๒');
		await page.locator('#date-documentDate').fill('๓/๑/๒๕๖๕');
		// The picker reads the Buddhist Era date back in words.
		await expect.poll(() => page.locator('#date-documentDate-reads').innerText()).toContain('2565');
		// Due on 1 November 2026 (BE 2569): already past, so overdue at once.
		await page.locator('#date-dueDate').fill('1/11/2569');
		await page.locator('#body').fill('จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อไป');
		await page.locator('#recipients').selectOption(['provincial_office:TH40']);
		await Promise.all([
			page.waitForURL(/\/coordination\/records\/\d+$/, { timeout: 30_000 }),
			page.getByTestId('record-submit').click()
		]);
		directiveId = Number(new URL(page.url()).pathname.split('/').pop());
		await expect.poll(() => page.getByTestId('record-kind').innerText()).toBe('ข้อสั่งการ');
		expect(await page.getByTestId('record-document-number').innerText()).toBe('มท ๐๘๐๑.๒/ว ๕๒');
		// The register writes dates as every page does (Arabic digits, Buddhist Era); Thai digits
		// are kept for the printed documents.
		expect(await page.getByTestId('record-document-date').innerText()).toBe('3 ม.ค. 2565');
		expect(await overdueCountFor(page, 'TH40')).toBe(1);
		dla.assertNoPageErrors();
	});

	test('the province acknowledges, then reports done; the dashboard updates', async () => {
		showAppOutputOnFailure();
		const office = await logIn('planner.th40', '/coordination');
		const { page } = office;
		expect(await page.getByTestId('inbox-unread').innerText()).toContain('1');
		const row = page.locator(`[data-testid="inbox-overdue"] tr[data-record-id="${directiveId}"]`);
		expect(await row.count()).toBe(1);
		await screenshot(page, 'coordination-inbox-th');
		await row.locator('a').first().click();
		await page.waitForURL(new RegExp(`/coordination/records/${directiveId}$`));
		await page.getByTestId('acknowledge').click();
		await expect.poll(() => page.getByTestId('my-state').innerText()).toContain('รับทราบแล้ว');
		await screenshot(page, 'coordination-record-th');
		// Acknowledged is not done: still overdue for DLA.
		const dla = pages[0]!.page;
		expect(await overdueCountFor(dla, 'TH40')).toBe(1);
		await page.getByTestId('mark-done').click();
		// A reply with its file is a form post and an upload: on a busy machine more than a second.
		await expect
			.poll(() => page.getByTestId('my-state').innerText(), { timeout: 20_000 })
			.toContain('ดำเนินการแล้ว');
		expect(await page.getByTestId('recipients').innerText()).toContain('ดำเนินการแล้ว');
		expect(await overdueCountFor(dla, 'TH40')).toBe(0);
		// Read now: the inbox counts nothing unread.
		await goto(page, '/coordination');
		expect(await page.getByTestId('inbox-unread').innerText()).toContain('0');
		office.assertNoPageErrors();
		pages[0]!.assertNoPageErrors();
	});

	test('the provincial office asks its LAOs for a monthly report; an LAO files it with a PDF', async () => {
		showAppOutputOnFailure();
		const office = pages[1]!;
		await goto(office.page, '/coordination/schedules');
		await office.page.locator('#subject').fill('รายงานความก้าวหน้าเขตพัฒนาเศรษฐกิจพอเพียงประจำเดือน');
		await office.page.locator('#dayOfMonth').fill('3');
		await office.page.getByTestId('schedule-submit').click();
		await expect
			.poll(() => office.page.getByTestId('schedules').innerText())
			.toContain('รายงานความก้าวหน้า');
		office.assertNoPageErrors();

		const lao = await logIn('lao.6400906', '/coordination');
		const { page } = lao;
		const request = page.locator('[data-testid="inbox-asked"] tr', { hasText: 'รายงานความก้าวหน้า' });
		expect(await request.count()).toBe(1);
		await request.locator('a').first().click();
		await page.waitForURL(/\/coordination\/records\/\d+$/);
		await page.locator('#reply-subject').fill('รายงานความก้าวหน้า อบต.ดูนสาด');
		await page.locator('#reply-files').setInputFiles({
			name: 'รายงาน.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
		});
		await page.getByTestId('reply-submit').click();
		// A form post with an upload: on a busy machine more than the default second.
		await expect
			.poll(() => page.getByTestId('my-state').innerText(), { timeout: 20_000 })
			.toContain('ดำเนินการแล้ว');
		expect(await page.getByTestId('replies').innerText()).toContain('รายงานความก้าวหน้า อบต.ดูนสาด');
		lao.assertNoPageErrors();
	});

	test('an HTML file named .pdf is refused, naming the field', async () => {
		showAppOutputOnFailure();
		const { page } = pages[0]!;
		await goto(page, '/coordination/new');
		await page.locator('#subject').fill('ทดสอบไฟล์แนบ');
		await page.locator('#recipients').selectOption(['provincial_office:TH30']);
		await page.locator('#attachments').setInputFiles({
			name: 'not-really.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from('<html><script>alert(1)</script></html>')
		});
		await page.getByTestId('record-submit').click();
		await expect.poll(() => page.getByTestId('form-problems').innerText()).toContain('เอกสารแนบ:');
		expect(page.url()).toMatch(/\/coordination\/new$/);
		// The 400 of the refused form post is expected here.
		pages[0]!.problems.splice(0);
	});

	test('the public, another province and the CSV export see only what they may', async () => {
		showAppOutputOnFailure();
		const http = httpClient(running().url);
		const publicRecord = await http.get(`/coordination/records/${directiveId}`);
		expect(publicRecord.status).toBe(404);
		const inbox = await http.get('/coordination');
		expect(inbox.status).toBe(303);
		expect(inbox.headers.get('location')).toContain('/login');
		const otherProvince = await http.logInAs('governor.th30');
		expect((await http.get(`/coordination/records/${directiveId}`, otherProvince)).status).toBe(
			404
		);
		const governor = await http.logInAs('governor.th40');
		expect((await http.get(`/coordination/records/${directiveId}`, governor)).status).toBe(200);

		const dla = await http.logInAs('dla.demo');
		const csv = await http.get('/coordination/register/export.csv?kind=directive', dla);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('มท ๐๘๐๑.๒/ว ๕๒');
		expect(text).not.toContain('demo');

		const timeline = await http.get('/api/coordination/timeline?lao=6400906', dla);
		const body = (await timeline.json()) as { entries: { kind: string }[] };
		expect(body.entries.map((e) => e.kind)).toContain('report');
		const anonymous = await http.get('/api/coordination/timeline?lao=6400906');
		expect(((await anonymous.json()) as { entries: unknown[] }).entries).toEqual([]);
		expect((await http.get('/api/coordination/timeline?zone=abc')).status).toBe(400);
	});

	test('screenshots: inbox, register and record page in Thai and English', async () => {
		showAppOutputOnFailure();
		const { page } = pages[1]!;
		await goto(page, '/coordination/register?lang=th');
		expect(await page.getByTestId('register-table').locator('tbody tr').count()).toBeGreaterThan(0);
		await screenshot(page, 'coordination-register-th');
		await goto(page, '/coordination?lang=en');
		expect(await page.locator('h1').innerText()).toContain('Inbox of');
		await screenshot(page, 'coordination-inbox-en');
		await goto(page, '/coordination/register');
		expect(await page.locator('h1').innerText()).toBe('Coordination register');
		await screenshot(page, 'coordination-register-en');
		await goto(page, `/coordination/records/${directiveId}`);
		expect(await page.getByTestId('record-kind').innerText()).toBe('Directive');
		await screenshot(page, 'coordination-record-en');
		await goto(page, '/privacy?lang=th');
		expect(await page.locator('h1').innerText()).toBe('ประกาศความเป็นส่วนตัว');
		pages[1]!.assertNoPageErrors();
	});
});
