/**
 * Workflow notices over HTTP and in Chromium (issue 15, item 8), against the built app in demo
 * mode with SMTP pointed at a real SMTP server started here: each role lands on its work page
 * after log-in; the planner submits a zone and the governor's badge counts 1; opening the
 * notice in the inbox lands on the review page and clears the badge; the governor approves and
 * the planner receives one email (and the badge). Screenshots of the inbox in Thai and English,
 * desktop and phone.
 */
import type { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	loggedInPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { draftZoneOfLaos, turnReadinessRulesOff, workflowEvent, type MadeZone } from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let smtp: SMTPServer | undefined;
let http: HttpClient;
const received: { to: string[]; raw: string }[] = [];
const pages: CheckedPage[] = [];
let zone: MadeZone;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** Logs in through the form with no page to return to: the role's landing page answers. */
async function logIn(
	username: string,
	options: { viewport?: { width: number; height: number } } = {}
): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, {
		locale: 'th-TH',
		...options
	});
	pages.push(checked);
	return checked;
}

/** The number on the inbox link's badge, 0 when there is none. */
async function badgeOf(checked: CheckedPage): Promise<number> {
	const badge = checked.page.getByTestId('nav-coordination').locator('.badge');
	return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
}

describe('workflow notices', () => {
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
		http = httpClient(app.url);
		await turnReadinessRulesOff(http);
		browser = await openBrowser();
	}, 240_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
		await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
	});

	test('each role lands on its work page after log-in', async () => {
		showAppOutputOnFailure();
		const landings: Record<string, string> = {};
		for (const username of [
			'planner.th40',
			'governor.th40',
			'lao.6400906',
			'dla.demo',
			'district.th4001'
		]) {
			const checked = await logIn(username);
			landings[username] = new URL(checked.page.url()).pathname;
			checked.assertNoPageErrors();
			await checked.close();
			pages.splice(pages.indexOf(checked), 1);
		}
		expect(landings).toEqual({
			'planner.th40': '/plan',
			'governor.th40': '/review',
			'lao.6400906': '/consultations',
			'dla.demo': '/coordination',
			'district.th4001': '/district'
		});
	});

	test('submit: the governor’s badge counts 1; opening the notice lands on the review and clears it', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		// The planner's address, for the email of the approval below.
		const saved = await http.postForm(
			'/account?/changeEmail',
			{ email: 'planner.th40@example.go.th' },
			planner
		);
		expect(saved.status).toBeLessThan(400);
		zone = await draftZoneOfLaos(http, planner, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name: 'เขตทดสอบการแจ้งเตือน'
		});

		const governor = await logIn('governor.th40');
		const { page } = governor;
		expect(await badgeOf(governor)).toBe(0);
		await workflowEvent(http, planner, zone, 'submit');
		await page.reload();
		expect(await badgeOf(governor)).toBe(1);

		await page.getByTestId('nav-coordination').click();
		await page.waitForURL((url) => url.pathname === '/coordination');
		const notice = page.getByTestId('zone-notices').locator('li.unread');
		expect(await notice.count()).toBe(1);
		// The inbox counts what the badge counts.
		expect(await page.getByTestId('inbox-unread').innerText()).toBe('ยังไม่ได้อ่าน 1 เรื่อง');
		expect(await notice.locator('a').innerText()).toBe(
			'เสนอเขต เขตทดสอบการแจ้งเตือน ให้ผู้ว่าราชการจังหวัดพิจารณา'
		);
		await screenshot(page, 'zone-notices-inbox-th');
		await page.goto(`${running().url}/coordination?lang=en`);
		expect(await page.getByTestId('zone-notices').locator('li.unread a').innerText()).toBe(
			'เขตทดสอบการแจ้งเตือน was submitted for the governor’s decision'
		);
		await screenshot(page, 'zone-notices-inbox-en');
		await page.setViewportSize({ width: 390, height: 844 });
		await screenshot(page, 'zone-notices-inbox-en-390');
		await page.goto(`${running().url}/coordination?lang=th`);
		await screenshot(page, 'zone-notices-inbox-th-390');
		await page.setViewportSize({ width: 1366, height: 800 });

		await Promise.all([
			page.waitForURL((url) => url.pathname === `/review/zones/${zone.id}`, { timeout: 30_000 }),
			page.getByTestId('zone-notices').locator('li a').first().click()
		]);
		expect(await badgeOf(governor)).toBe(0);
		await page.goto(`${running().url}/coordination`);
		expect(await page.getByTestId('zone-notices').locator('li.unread').count()).toBe(0);
		expect(await page.getByTestId('zone-notices').locator('li').count()).toBe(1);
		governor.assertNoPageErrors();
	});

	test('approve: the planner is emailed once and sees the badge', async () => {
		showAppOutputOnFailure();
		const governor = await http.logInAs('governor.th40');
		await workflowEvent(http, governor, zone, 'approve');
		// The sender runs every 30 s.
		await expect
			.poll(() => received.filter((m) => m.to.includes('planner.th40@example.go.th')).length, {
				timeout: 75_000,
				interval: 1000
			})
			.toBe(1);
		const mail = received.find((m) => m.to.includes('planner.th40@example.go.th'))!;
		expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m);
		expect(mail.raw).toContain('From: SEDZ <sedz@example.go.th>');

		const planner = await logIn('planner.th40');
		expect(await badgeOf(planner)).toBe(1);
		await planner.page.goto(`${running().url}/coordination`);
		expect(await planner.page.getByTestId('zone-notices').locator('li.unread a').innerText()).toBe(
			'ผู้ว่าราชการจังหวัดอนุมัติเขต เขตทดสอบการแจ้งเตือน'
		);
		planner.assertNoPageErrors();
		// Nothing is sent twice: a later round of the sender finds nothing to send.
		await new Promise((resolve) => setTimeout(resolve, 31_000));
		expect(received.filter((m) => m.to.includes('planner.th40@example.go.th')).length).toBe(1);
	});
});
