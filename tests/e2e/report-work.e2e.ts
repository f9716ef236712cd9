/**
 * Monthly progress reports in the inbox and on the overdue dashboard (issue 16 item 2), against
 * the built app in demo mode, in Chromium and over HTTP.
 *
 * A zone of อบต. 6400906 (Khon Kaen) is approved through the API; with the app stopped, its
 * November report is put in the database as the scheduler makes one (the repository's
 * statement, as if the zone had been approved before November ended), due on 3 December, so it
 * is overdue today. The app's scheduler, at start, tells its filers once. The LAO officer sees
 * it in the inbox (overdue, linked to the report form, and the notice "เลยกำหนดส่ง"), counted
 * on the badge; DLA staff and Khon Kaen's planner see it on the overdue page, Nakhon
 * Ratchasima's planner does not, and an LAO officer may not open that page. Screenshots of both
 * in Thai and English, 1366 and 390×844. Submitted, the report leaves the officer's list and
 * the overdue page and waits in the provincial office's.
 *
 * Accepted, the report reaches the public national progress page (`/progress`, issue 16 item
 * 5): the province's approved zones on the map and in the table, the month's accepted report,
 * CSVs with BOM and source lines, no names; the DLA dashboard shows the same map. Screenshots.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openPGlite } from '../../src/lib/server/db/database';
import { insertDueReports } from '../../src/lib/server/plans/progress-report.repository';
import {
	loggedInPage,
	newCheckedPage,
	openBrowser,
	openPage,
	screenshot,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff, type MadeZone } from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let dataDir: string;
let zone: MadeZone;
let http: HttpClient;
const pages: CheckedPage[] = [];
const period = '2026-11';
const dueDate = '2026-12-03';

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function logIn(
	username: string,
	to: string,
	viewport = { width: 1366, height: 900 }
): Promise<CheckedPage> {
	const checked = await loggedInPage(browser!, running().url, username, { to, viewport });
	pages.push(checked);
	return checked;
}

/** Days from the due day to today in Bangkok (what the page says late). */
function daysLateToday(): number {
	const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
	return Math.round(
		(Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000
	);
}

/** The months of the public page's table of accepted reports. */
function acceptedRowsOf(html: string): string[] {
	const table = /data-testid="table-reports"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
	return [...table.matchAll(/<tr data-period="([0-9-]+)"/g)].map((m) => m[1]!);
}

/** The page's HTML for a user, over plain HTTP. */
async function pageAs(username: string, to: string): Promise<{ status: number; html: string }> {
	const response = await http.get(to, await http.logInAs(username));
	return { status: response.status, html: await response.text() };
}

describe('monthly reports in the inbox and on the overdue dashboard', () => {
	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-e2e-report-work-'));
		const template = inject('e2eTemplateDataDir');
		if (template) await cp(template, dataDir, { recursive: true });
		app = await startApp({ env: { DEMO_MODE: 'true' }, dataDir });
		await waitUntilReady(app);
		http = httpClient(app.url);
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{
				planner: await http.logInAs('planner.th40'),
				governor: await http.logInAs('governor.th40')
			},
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบรายงานค้างส่ง' }
		);
		await app.stop();
		const database = await openPGlite(dataDir);
		try {
			const made = await insertDueReports(database.db, {
				period,
				dueDate,
				periodEndsAt: '2027-01-01T00:00:00+07:00'
			});
			expect(made).toBeGreaterThanOrEqual(1);
		} finally {
			await database.close();
		}
		// At start the app's scheduler tells the filers of overdue reports.
		app = await startApp({ env: { DEMO_MODE: 'true' }, dataDir });
		await waitUntilReady(app);
		http = httpClient(app.url);
		browser = await openBrowser();
	}, 300_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
		if (dataDir) await rm(dataDir, { recursive: true, force: true });
	});

	test('the LAO officer sees the overdue report and its notice in the inbox, linked to the report form', async () => {
		showAppOutputOnFailure();
		const checked = await logIn('lao.6400906', '/coordination');
		const { page } = checked;
		const row = page.locator(
			`[data-testid="inbox-reports-file"] tr[data-zone-id="${zone.id}"][data-period="${period}"]`
		);
		await expect.poll(() => row.count()).toBe(1);
		const text = await row.innerText();
		expect(text).toContain('เขตทดสอบรายงานค้างส่ง');
		expect(text).toContain('พฤศจิกายน 2569');
		expect(text).toContain(`เลยกำหนด ${daysLateToday()} วัน`);
		expect(text).toContain('ร่าง');
		expect(text).not.toContain('2026');
		// The notice the scheduler made at start (polled: it runs beside the app's start).
		await expect
			.poll(
				async () => {
					await openPage(page, running().url, '/coordination');
					return page.getByTestId('zone-notices').innerText();
				},
				{ timeout: 30_000 }
			)
			.toContain('รายงานความก้าวหน้าประจำเดือนพฤศจิกายน 2569 ของ เขตทดสอบรายงานค้างส่ง เลยกำหนดส่งแล้ว');
		// The badge counts the report to file and the unread notice.
		const badge = page.getByTestId('nav-coordination').locator('.badge');
		expect(Number(await badge.innerText())).toBeGreaterThanOrEqual(2);
		await Promise.all([
			page.waitForURL((url) => url.pathname === `/plan/zones/${zone.id}/reports/${period}`),
			row.locator('a').first().click()
		]);
		checked.assertNoPageErrors();
	});

	test('the overdue page lists it for DLA staff and Khon Kaen, not for another province; an LAO officer may not open it', async () => {
		showAppOutputOnFailure();
		const dla = await logIn('dla.demo', '/coordination/overdue');
		const row = dla.page.locator(`[data-testid="overdue-reports"] tr[data-zone-id="${zone.id}"]`);
		await expect.poll(() => row.count()).toBe(1);
		const text = await row.innerText();
		expect(text).toContain('ขอนแก่น');
		expect(text).toContain('พฤศจิกายน 2569');
		expect(text).toContain(`เลยกำหนด ${daysLateToday()} วัน`);
		dla.assertNoPageErrors();

		const mark = `data-zone-id="${zone.id}"`;
		const planner = await pageAs('planner.th40', '/coordination/overdue');
		expect([planner.status, planner.html.includes(mark)]).toEqual([200, true]);
		const governor = await pageAs('governor.th40', '/coordination/overdue');
		expect([governor.status, governor.html.includes(mark)]).toEqual([200, true]);
		const other = await pageAs('planner.th30', '/coordination/overdue');
		expect([other.status, other.html.includes(mark)]).toEqual([200, false]);
		// DLA staff choosing another province do not see it either.
		const dlaTh30 = await pageAs('dla.demo', '/coordination/overdue?province=TH30');
		expect([dlaTh30.status, dlaTh30.html.includes(mark)]).toEqual([200, false]);
		expect((await pageAs('lao.6400906', '/coordination/overdue')).status).toBe(403);
		expect((await http.get('/coordination/overdue')).status).toBe(303);
	});

	test('screenshots of the inbox and the overdue page in Thai and English, desktop and phone', async () => {
		showAppOutputOnFailure();
		for (const [who, to, name] of [
			['lao.6400906', '/coordination', 'report-work-inbox'],
			['dla.demo', '/coordination/overdue', 'report-work-overdue']
		] as const)
			for (const [size, viewport] of [
				['1366', { width: 1366, height: 900 }],
				['390', { width: 390, height: 844 }]
			] as const)
				for (const lang of ['th', 'en']) {
					const checked = await logIn(who, to, viewport);
					await openPage(checked.page, running().url, `${to}?lang=${lang}`);
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
	});

	test('submitted, it leaves the filer’s list and waits in the provincial office’s', async () => {
		showAppOutputOnFailure();
		const officer = await http.logInAs('lao.6400906');
		const report = await http.get(`/api/zones/${zone.id}/reports/${period}`, officer);
		const { version } = (await report.json()) as { version: number };
		const submitted = await http.json(
			'POST',
			`/api/zones/${zone.id}/reports/${period}`,
			{ event: 'submit', version },
			officer
		);
		expect(submitted.status, await submitted.clone().text()).toBe(200);
		// Submitted is not the public's: the public page counts no report for the month yet.
		expect(acceptedRowsOf(await (await http.get('/progress')).text())).toEqual([]);
		const mark = `data-zone-id="${zone.id}"`;
		const inbox = await pageAs('lao.6400906', '/coordination');
		expect(inbox.html.includes(mark)).toBe(false);
		const overdue = await pageAs('dla.demo', '/coordination/overdue');
		expect(overdue.html.includes(mark)).toBe(false);

		const checked = await logIn('planner.th40', '/coordination');
		const row = checked.page.locator(
			`[data-testid="inbox-reports-review"] tr[data-zone-id="${zone.id}"]`
		);
		await expect.poll(() => row.count()).toBe(1);
		expect(await row.innerText()).toContain('ส่งแล้ว');
		await expect
			.poll(() => checked.page.getByTestId('zone-notices').innerText())
			.toContain('ส่งรายงานความก้าวหน้าประจำเดือนพฤศจิกายน 2569 ของ เขตทดสอบรายงานค้างส่ง แล้ว');
		checked.assertNoPageErrors();
	});

	test('accepted, the report reaches the public national progress page, its CSV and map, with no names', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const report = await http.get(`/api/zones/${zone.id}/reports/${period}`, planner);
		const { version } = (await report.json()) as { version: number };
		const accepted = await http.json(
			'POST',
			`/api/zones/${zone.id}/reports/${period}`,
			{ event: 'accept', version },
			planner
		);
		expect(accepted.status, await accepted.clone().text()).toBe(200);

		const page = await http.get('/progress');
		expect(page.status).toBe(200);
		const html = await page.text();
		// The page's answer cache moved on with the acceptance.
		expect(acceptedRowsOf(html)).toEqual([period]);
		expect(html).toContain('data-testid="table-zones"');
		expect(html).toMatch(/<tr data-province="TH40"/);
		expect(html).toMatch(new RegExp(`<tr data-period="${period}"`));
		expect(html).toContain('<path d="M');
		for (const word of ['lao.6400906', 'planner.th40', 'submittedBy', 'reviewedBy'])
			expect(html).not.toContain(word);
		const csv = await http.get('/progress/export.csv?chart=reports');
		expect(csv.status).toBe(200);
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('พฤศจิกายน 2569');
		expect(text).toContain(
			'ที่มา: รายงานความก้าวหน้าประจำเดือนที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดรับรองแล้ว'
		);
		expect((await http.get('/progress/export.csv?chart=nope')).status).toBe(400);

		// Open data: the OGC collection and the CSVs of /data.
		const feature = await http.get(`/ogc/collections/zone_progress/items/${zone.id}`);
		expect(feature.status).toBe(200);
		const { properties } = (await feature.json()) as { properties: Record<string, unknown> };
		expect(properties).toMatchObject({
			zone_id: zone.id,
			name: 'เขตทดสอบรายงานค้างส่ง',
			reports_accepted: 1,
			last_accepted_period: period
		});
		const figures = await http.get('/data/progress/report-figures.csv');
		expect(figures.status).toBe(200);
		expect(figures.headers.get('content-type')).toContain('text/csv');
		const figuresText = await figures.text();
		expect(figuresText.split('\r\n')[0]).toBe(
			'zone_id,zone_name,province_code,period,entry,key,value,unit,activity_status,disbursed_baht,people_reached,source'
		);
		expect((await http.get('/data/progress/nope.csv')).status).toBe(400);
		const dataPage = await (await http.get('/data')).text();
		for (const file of ['plan-targets', 'plan-activities', 'report-figures'])
			expect(dataPage).toMatch(new RegExp(`href="[./]*/?data/progress/${file}\\.csv"`));

		// The public page in Chromium from the header's link, and the DLA dashboard's map.
		const visitor = await newCheckedPage(browser!, { origin: running().url });
		pages.push(visitor);
		await openPage(visitor.page, running().url, '/zones');
		await Promise.all([
			visitor.page.waitForURL((url) => url.pathname === '/progress'),
			visitor.page.getByTestId('nav-progress').click()
		]);
		await expect
			.poll(() =>
				visitor.page.locator('[data-testid="table-zones"] tr[data-province="TH40"]').count()
			)
			.toBe(1);
		visitor.assertNoPageErrors();
		const dla = await logIn('dla.demo', '/dashboard');
		expect(
			await dla.page.locator('[data-testid="chart-zones-map"] path[data-province="TH40"]').count()
		).toBe(1);
		dla.assertNoPageErrors();

		for (const [size, viewport] of [
			['1366', { width: 1366, height: 900 }],
			['390', { width: 390, height: 844 }]
		] as const)
			for (const lang of ['th', 'en']) {
				const checked = await newCheckedPage(browser!, { origin: running().url, viewport });
				pages.push(checked);
				await openPage(checked.page, running().url, `/progress?lang=${lang}`);
				const overflow = await checked.page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `/progress ${lang} scrolls sideways at ${size}`).toBeLessThanOrEqual(0);
				await screenshot(checked.page, `public-progress-${lang}-${size}`);
				await openPage(checked.page, running().url, `/data?lang=${lang}`);
				await checked.page.getByTestId('progress-downloads').scrollIntoViewIfNeeded();
				await screenshot(checked.page, `open-data-progress-${lang}-${size}`);
				checked.assertNoPageErrors();
				await checked.close();
				const official = await logIn('dla.demo', '/dashboard', viewport);
				await openPage(official.page, running().url, `/dashboard?lang=${lang}`);
				await screenshot(official.page, `dashboard-map-${lang}-${size}`);
				official.assertNoPageErrors();
				await official.close();
			}
	});
});
