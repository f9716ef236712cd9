/**
 * Email notices against the built app in demo mode, with SMTP pointed at a real SMTP server
 * started here (smtp-server on loopback): a user sets their address on /account (a bad one is
 * refused under the field), DLA staff set another on /admin/users, DLA sends a directive to
 * Khon Kaen's provincial office and governor, and both receive one email; the outbox page
 * counts them sent. Screenshots of the three pages in Thai and English.
 */
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	openPage,
	loggedInPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let smtp: SMTPServer | undefined;
const received: { to: string[]; raw: string }[] = [];
const pages: CheckedPage[] = [];

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function logIn(username: string, path: string): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, {
		to: path,
		locale: 'th-TH'
	});
	pages.push(checked);
	return checked;
}

describe('email notices', () => {
	beforeAll(async () => {
		smtp = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (chunk: Buffer) => chunks.push(chunk));
				stream.on('end', () => {
					received.push({
						to: session.envelope.rcptTo.map((r) => r.address),
						raw: Buffer.concat(chunks).toString('utf8')
					});
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
		const port = (smtp.server.address() as { port: number }).port;
		app = await startApp({
			env: {
				DEMO_MODE: 'true',
				SMTP_URL: `smtp://127.0.0.1:${port}`,
				SMTP_FROM: 'SEDZ <sedz@example.go.th>'
			}
		});
		await waitUntilReady(app);
		browser = await openBrowser();
	}, 240_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
		await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
	});

	test('a user sets their own address on /account; a bad one is refused under the field', async () => {
		showAppOutputOnFailure();
		const office = await logIn('planner.th40', '/account');
		const { page } = office;
		const form = page.getByTestId('account-email');
		// The browser's own check is bypassed so the server's is seen.
		await form.evaluate((f) => f.setAttribute('novalidate', ''));
		await page.locator('#email').fill('not an address');
		await form.locator('button').click();
		await expect.poll(() => form.locator('.field-error').innerText()).toContain('ที่อยู่อีเมลต้องมีรูปแบบ');
		await page.locator('#email').fill('Planner.TH40@Example.go.th');
		await form.locator('button').click();
		await expect.poll(() => page.locator('p.done').first().innerText()).toBe('บันทึกอีเมลแล้ว');
		await page.reload();
		expect(await page.locator('#email').inputValue()).toBe('planner.th40@example.go.th');
		await screenshot(page, 'notices-account-th');
		await page.goto(`${running().url}/account?lang=en`);
		expect(await form.locator('label').innerText()).toBe('Email (for notices only)');
		await screenshot(page, 'notices-account-en');
		office.assertNoPageErrors();
	});

	test('DLA staff set an address on /admin/users; a bad one is refused naming the field', async () => {
		showAppOutputOnFailure();
		const dla = await logIn('dla.demo', '/admin/users');
		const { page } = dla;
		const create = page.getByTestId('create-user');
		await create.evaluate((f) => f.setAttribute('novalidate', ''));
		await create.locator('input[name="username"]').fill('notice.test');
		await create.locator('input[name="displayName"]').fill('ทดสอบอีเมล');
		await create.locator('select[name="role"]').selectOption('planner');
		await create.locator('select[name="provinceCode"]').selectOption('TH40');
		await create.locator('input[name="email"]').fill('no-at-sign');
		await create.locator('input[name="password"]').fill('ทดสอบรหัสผ่านที่ยาวพอสมควร');
		await create.locator('button').click();
		await expect
			.poll(() => create.locator('label:has(input[name="email"]) .field-error').innerText())
			.toContain('ที่อยู่อีเมลต้องมีรูปแบบ');

		const row = page.locator('tr.edit-row', { hasText: 'governor.th40' });
		await row.locator('summary').click();
		await row.locator('input[name="email"]').fill('governor.th40@example.go.th');
		await row.locator('form[action="?/update"] button').click();
		await expect.poll(() => page.locator('p.done').first().innerText()).toContain('governor.th40');
		await page.reload();
		const again = page.locator('tr.edit-row', { hasText: 'governor.th40' });
		await again.locator('summary').click();
		expect(await again.locator('input[name="email"]').inputValue()).toBe(
			'governor.th40@example.go.th'
		);
		await screenshot(page, 'notices-admin-users-th');
		await page.goto(`${running().url}/admin/users?lang=en`);
		await page.locator('tr.edit-row', { hasText: 'governor.th40' }).locator('summary').click();
		await screenshot(page, 'notices-admin-users-en');
		dla.assertNoPageErrors();
	});

	test('a directive to the province emails its planner and governor once; the outbox shows them sent', async () => {
		showAppOutputOnFailure();
		const dla = pages[1]!;
		const { page } = dla;
		await openPage(page, running().url, `/coordination/new`);
		await page.locator('#kind').selectOption('directive');
		await page.locator('#subject').fill('ขอให้รายงานความพร้อมเขตพัฒนาเศรษฐกิจพอเพียง');
		await page.locator('#date-dueDate').fill('3/12/2569');
		await page.locator('#recipients').selectOption(['provincial_office:TH40', 'governor:TH40']);
		await Promise.all([
			page.waitForURL(/\/coordination\/records\/\d+$/, { timeout: 30_000 }),
			page.getByTestId('record-submit').click()
		]);
		const recordId = Number(new URL(page.url()).pathname.split('/').pop());
		// The sender runs every 30 s.
		await expect.poll(() => received.length, { timeout: 75_000, interval: 1000 }).toBe(2);
		expect(received.map((m) => m.to[0]).sort()).toEqual([
			'governor.th40@example.go.th',
			'planner.th40@example.go.th'
		]);
		for (const m of received) {
			expect(m.raw).toMatch(/^Subject: =\?UTF-8\?/m);
			expect(m.raw).toContain('From: SEDZ <sedz@example.go.th>');
		}
		await page.goto(`${running().url}/admin/notices?lang=th`);
		expect(await page.getByTestId('smtp-state').innerText()).toContain('sedz@example.go.th');
		expect(
			await page.locator('[data-testid="notice-counts"] dd[data-status="sent"]').innerText()
		).toBe('2');
		const rows = page.locator(`[data-testid="notice-row"][data-status="sent"]`);
		expect(await rows.count()).toBe(2);
		expect(await rows.first().locator('a').getAttribute('href')).toBe(
			`/coordination/records/${recordId}`
		);
		await screenshot(page, 'notices-outbox-th');
		await page.goto(`${running().url}/admin/notices?lang=en`);
		await screenshot(page, 'notices-outbox-en');
		// Still two, a minute later: nothing is sent twice.
		expect(received.length).toBe(2);
		dla.assertNoPageErrors();
	});
});
