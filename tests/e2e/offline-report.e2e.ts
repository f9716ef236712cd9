/**
 * Filing a monthly report with no network (issue 16 item 3), in Chromium against the built app:
 * the LAO officer opens the report form once online (the page registers its service worker,
 * which keeps the form and what it loaded), then the network is cut: the form opens again from
 * the device, a save is kept on it, the server has nothing yet; the network returns and the
 * kept save arrives by itself. A second kept save meets a save someone made meanwhile: both
 * versions are shown, nothing is overwritten, and the officer's copy wins only when saved again.
 *
 * "The network is cut" twice over: Chromium's offline emulation (the page sees
 * `navigator.onLine` false and the `offline`/`online` events) and a TCP relay in front of the app
 * that refuses every connection meanwhile, so nothing — the service worker's fetches included —
 * reaches the server while offline.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import {
	openBrowser,
	screenshot,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import type { HttpClient } from './http-client';
import {
	appWithDueReport,
	attachPhotos,
	e2eDatabaseUrl,
	goOffline as cutNetwork,
	goOnline as restoreNetwork,
	officerOnForm as openForm,
	type Relay
} from './offline-kit';
import type { MadeZone } from './zone-setup';

let app: RunningApp | undefined;
let relay: Relay | undefined;
let browser: Browser | undefined;
let closeApp: (() => Promise<void>) | undefined;
let zone: MadeZone;
let period: string;
/** Through the relay (the app's origin), for log-ins and set-up while the network is up. */
let http: HttpClient;
let context: BrowserContext | undefined;

const showAppOutputOnFailure = () => reportAppOutput(() => app);
const reportPath = () => `/plan/zones/${zone.id}/reports/${period}`;

/** Straight to the app, past the relay: what the server holds, network cut or not. */
async function storedReport(cookie: string) {
	const response = await fetch(`${app!.url}/api/zones/${zone.id}/reports/${period}`, {
		headers: { cookie }
	});
	expect(response.status).toBe(200);
	return (await response.json()) as { version: number; problems: string; status: string };
}

const plan = {
	note: 'แผนของเขตทดสอบรายงานนอกเครือข่าย',
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
	activities: []
};

const goOffline = (page: Page) => cutNetwork(page, relay!);
const goOnline = (page: Page) => restoreNetwork(page, relay!);

/** The LAO officer on the report form, at phone size, its worker ready. */
async function officerOnForm(): Promise<Page> {
	context = await browser!.newContext({ viewport: { width: 390, height: 844 } });
	const page = await context.newPage();
	await openForm(page, relay!, reportPath());
	return page;
}

// The whole cycle on the embedded engine, and on PostgreSQL where the run has a server (CI).
const engines: ('pglite' | 'postgres')[] = e2eDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

describe.each(engines)('a monthly report filed with no network (%s)', (engine) => {
	beforeAll(async () => {
		const made = await appWithDueReport(inject('e2eTemplateDataDir') || undefined, engine);
		({ app, relay, http, zone, period } = made);
		closeApp = made.close;
		// The zone's plan, drafted by the planner and approved by the governor: one target.
		const planner = await http.logInAs('planner.th40');
		const governor = await http.logInAs('governor.th40');
		const saved = await http.json('POST', `/api/zones/${zone.id}/plan`, plan, planner);
		expect(saved.status, await saved.clone().text()).toBe(200);
		const revisionId = ((await saved.json()) as { workingCopy: { id: number } }).workingCopy.id;
		for (const [cookie, event] of [
			[planner, 'submit'],
			[governor, 'approve']
		] as const) {
			const step = await http.json(
				'POST',
				`/api/zones/${zone.id}/plan/workflow`,
				{ event, revisionId },
				cookie
			);
			expect(step.status, await step.text()).toBe(200);
		}
		browser = await openBrowser();
	}, 300_000);

	afterAll(async () => {
		await context?.close().catch(() => undefined);
		await browser?.close();
		await closeApp?.();
	});

	test('the form opens offline, a save waits on the device and arrives when the network returns', async () => {
		showAppOutputOnFailure();
		const officer = await http.logInAs('lao.6400906');
		const page = await officerOnForm();
		await screenshot(page, 'offline-report-kept-th-390');

		await goOffline(page);
		await page.reload();
		await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
		await expect.poll(() => page.getByTestId('offline-now').isVisible()).toBe(true);
		expect(await page.locator('h1').innerText()).toContain('ธันวาคม 2569');

		const typed = 'ฝนตกหนักทั้งเดือน ทางเข้าหมู่ 5 ถูกน้ำกัดเซาะ (บันทึกขณะไม่มีสัญญาณ)';
		await page.locator('[id="target.0.value"]').fill('157');
		await page.locator('#problems').fill(typed);
		await page.getByTestId('report-save').click();
		await expect
			.poll(() => page.getByTestId('offline-queued').getAttribute('data-state'))
			.toBe('waiting');
		expect(await page.getByTestId('offline-queued').innerText()).toContain('เก็บรายงานไว้ในเครื่องนี้');
		// Three 3 MB photos from the field, one per upload row.
		await attachPhotos(page, 3 * 1024 * 1024);
		await page.locator('[id="caption.0"]').fill('ถนนเข้าหมู่ 5 หลังฝนตก');
		await page.locator('[id="public.0"]').check();
		await page.getByTestId('files-upload').click();
		await expect
			.poll(() => page.getByTestId('offline-files').innerText())
			.toContain('ไฟล์แนบ 3 ไฟล์');
		await screenshot(page, 'offline-report-queued-th-390');
		// Nothing reached the server.
		expect((await storedReport(officer)).problems).toBe('');

		await goOnline(page);
		const back = performance.now();
		await expect
			.poll(() => page.getByTestId('offline-sent').isVisible(), { timeout: 30_000 })
			.toBe(true);
		// The time is bench:offline's to judge; printed here for the record.
		console.log(
			`kept report and 3 × 3 MB photos sent ${((performance.now() - back) / 1000).toFixed(1)} s after the network returned`
		);
		expect(await page.getByTestId('offline-queued').count()).toBe(0);
		expect(await page.getByTestId('offline-files').count()).toBe(0);
		expect((await storedReport(officer)).problems).toBe(typed);
		const files = await fetch(`${app!.url}/api/zones/${zone.id}/reports/${period}/attachments`, {
			headers: { cookie: officer }
		});
		expect(files.status).toBe(200);
		const stored = (await files.json()) as {
			attachments: { fileName: string; byteSize: number; gps: unknown }[];
		};
		expect(stored.attachments.map((a) => a.fileName).sort()).toEqual([
			'ภาพหน้างาน-1.jpg',
			'ภาพหน้างาน-2.jpg',
			'ภาพหน้างาน-3.jpg'
		]);
		for (const a of stored.attachments) {
			expect(a.byteSize).toBe(3 * 1024 * 1024);
			expect(a.gps).toBeTruthy();
		}
		await expect.poll(() => page.getByTestId('report-file').count()).toBe(3);
		await screenshot(page, 'offline-report-sent-th-390');
		await context!.close();
	});

	test('a kept save that meets a newer one shows both and overwrites nothing', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const page = await officerOnForm();
		await goOffline(page);
		const mine = 'ฉบับของเจ้าหน้าที่ อบต. บันทึกขณะไม่มีสัญญาณ';
		await page.locator('#problems').fill(mine);
		await page.getByTestId('report-save').click();
		await expect
			.poll(() => page.getByTestId('offline-queued').getAttribute('data-state'))
			.toBe('waiting');

		// Meanwhile the province's planner saves the same report.
		const before = await storedReport(planner);
		const theirs = 'ฉบับของสำนักงานท้องถิ่นจังหวัด';
		// Straight to the app: the officer's network is down, the planner's is not.
		const saved = await fetch(`${app!.url}/api/zones/${zone.id}/reports/${period}`, {
			method: 'PUT',
			headers: { cookie: planner, 'content-type': 'application/json' },
			body: JSON.stringify({
				version: before.version,
				targets: [],
				activities: [],
				problems: theirs
			})
		});
		expect(saved.status, await saved.clone().text()).toBe(200);

		await goOnline(page);
		await expect
			.poll(() => page.getByTestId('offline-queued').getAttribute('data-state'), {
				timeout: 30_000
			})
			.toBe('conflict');
		const conflict = await page.getByTestId('report-conflict').innerText();
		expect(conflict).toContain(theirs);
		expect(conflict).toContain(mine);
		expect((await storedReport(planner)).problems).toBe(theirs);
		await screenshot(page, 'offline-report-conflict-th-390');

		// Saving again, knowingly, keeps the officer's version; the kept copy is done with.
		await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 60_000 }),
			page.getByTestId('report-save').click()
		]);
		await expect.poll(async () => (await storedReport(planner)).problems).toBe(mine);
		await expect.poll(() => page.getByTestId('offline-queued').count()).toBe(0);
	});
	test('the provincial office accepts; the zone dashboard and the public page show the month', async () => {
		showAppOutputOnFailure();
		const planner = await http.logInAs('planner.th40');
		const officer = await http.logInAs('lao.6400906');
		const submitted = await http.json(
			'POST',
			`/api/zones/${zone.id}/reports/${period}`,
			{ event: 'submit', version: (await storedReport(officer)).version },
			officer
		);
		expect(submitted.status, await submitted.clone().text()).toBe(200);
		const stored = await storedReport(planner);
		const accepted = await http.json(
			'POST',
			`/api/zones/${zone.id}/reports/${period}`,
			{ event: 'accept', version: stored.version },
			planner
		);
		expect(accepted.status, await accepted.clone().text()).toBe(200);
		context = await browser!.newContext({ viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		// The public, with no account: the month's figure against the target, the public photo.
		await page.goto(`${relay!.url}/zones/${zone.id}`);
		const progress = page.getByTestId('zone-progress');
		await expect.poll(() => progress.innerText()).toContain('157');
		expect(await progress.innerText()).toContain('ธันวาคม 2569');
		const photos = page.getByTestId('zone-photos');
		await expect.poll(() => photos.locator('img').count()).toBe(1);
		expect(await photos.innerText()).toContain('ถนนเข้าหมู่ 5 หลังฝนตก');
		expect(await page.locator('main').innerText()).not.toContain('สาธิต');
		await screenshot(page, 'offline-report-public-th-390');
		await page.goto(`${relay!.url}/dashboard/zones/${zone.id}?lang=en`);
		await expect.poll(() => page.locator('main').innerText()).toContain('157');
		expect(await page.locator('main').innerText()).toContain('Reported Dec 2026');
		await screenshot(page, 'offline-report-dashboard-en-390');
		await context.close();
	});
});
