/**
 * Coordination timelines on the public pages, against the built app in demo mode: DLA records
 * a public letter and a non-public directive, both linked to อบต.ดูนสาด (6400906) and to an
 * approved zone covering it; an anonymous visitor then sees the public one, and only it, on
 * the zone's page and in the LAO's panel of the map (loaded only when that section is opened).
 * Screenshots in Thai and English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	mapIdle,
	newCheckedPage,
	openBrowser,
	screenshot,
	screenshotOf,
	startApp,
	waitUntilReady,
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, type MadeZone, turnReadinessRulesOff } from './zone-setup';

const DLA_CODE = '6400906';
const PUBLIC_SUBJECT = 'แจ้งผลการอนุมัติเขตพัฒนาเศรษฐกิจพอเพียงดูนสาด';
const PRIVATE_SUBJECT = 'ข้อสั่งการภายในเรื่องการติดตามเขตดูนสาด';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
let zone: MadeZone;
let publicId: number;
let privateId: number;
const pages: CheckedPage[] = [];

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A record by DLA to Khon Kaen's provincial office, linked to the zone and the LAO. */
async function record(cookie: string, fields: Record<string, string>): Promise<number> {
	const response = await http.postForm(
		'/coordination/new',
		{
			recipients: 'provincial_office:TH40',
			linkZones: String(zone.id),
			linkLaos: DLA_CODE,
			body: 'จึงเรียนมาเพื่อโปรดทราบ',
			...fields
		},
		cookie
	);
	const text = await response.text();
	expect(response.status, text).toBe(303);
	const id = Number(
		response.headers.get('location')?.match(/\/coordination\/records\/(\d+)$/)?.[1]
	);
	expect(id).toBeGreaterThan(0);
	return id;
}

async function openPage(locale = 'th-TH'): Promise<CheckedPage> {
	const checked = await newCheckedPage(browser!, { origin: running().url, locale });
	pages.push(checked);
	return checked;
}

/** The record ids a timeline lists, once it has loaded. */
async function listedIds(page: Page, scope: string): Promise<number[]> {
	const timeline = page.locator(`[data-testid="${scope}"] [data-testid="coordination-timeline"]`);
	// Rendered (the panel imports the component when opened) and no longer loading.
	await expect
		.poll(
			async () =>
				(await timeline.count()) === 1 &&
				(await timeline.locator('[aria-busy="true"]').count()) === 0,
			{
				timeout: 15_000,
				message: `the ${scope} timeline loaded`
			}
		)
		.toBe(true);
	const ids = await timeline
		.locator('li[data-record-id]')
		.evaluateAll((items) => items.map((li) => Number((li as HTMLElement).dataset.recordId)));
	return ids;
}

describe('coordination timelines on the zone and LAO pages', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		browser = await openBrowser();
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{
				planner: await http.logInAs('planner.th40'),
				governor: await http.logInAs('governor.th40')
			},
			{ provinceCode: 'TH40', dlaCodes: [DLA_CODE], name: 'เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด' }
		);
		const dla = await http.logInAs('dla.demo');
		publicId = await record(dla, {
			kind: 'letter',
			subject: PUBLIC_SUBJECT,
			documentNumber: 'มท ๐๘๐๑.๒/ว ๗๗',
			documentDate: '๒๐/๑๑/๒๕๖๙',
			isPublic: 'on'
		});
		privateId = await record(dla, { kind: 'directive', subject: PRIVATE_SUBJECT });
	}, 240_000);

	afterAll(async () => {
		for (const p of pages) await p.close().catch(() => undefined);
		await browser?.close();
		await app?.stop();
	});

	test('DLA sees both records in the timelines; the public only the public one', async () => {
		showAppOutputOnFailure();
		const dla = await http.logInAs('dla.demo');
		for (const query of [`zone=${zone.id}`, `lao=${DLA_CODE}`]) {
			const forDla = (await (
				await http.get(`/api/coordination/timeline?${query}`, dla)
			).json()) as { entries: { id: number }[] };
			expect(forDla.entries.map((e) => e.id).sort()).toEqual([publicId, privateId].sort());
			const forPublic = (await (await http.get(`/api/coordination/timeline?${query}`)).json()) as {
				entries: { id: number }[];
			};
			expect(forPublic.entries.map((e) => e.id)).toEqual([publicId]);
		}
	});

	test('an anonymous visitor sees the public record on the zone page, Thai and English', async () => {
		showAppOutputOnFailure();
		const checked = await openPage();
		const { page } = checked;
		await page.goto(`${running().url}/zones/${zone.id}?lang=th`);
		expect(await page.locator('#timeline-heading').innerText()).toBe('การประสานงานเกี่ยวกับเขตนี้');
		expect(await listedIds(page, 'zone-timeline')).toEqual([publicId]);
		const item = page.locator(`[data-testid="zone-timeline"] li[data-record-id="${publicId}"]`);
		const text = await item.innerText();
		expect(text).toContain(PUBLIC_SUBJECT);
		expect(text).toContain('หนังสือ');
		// The letter's date in the Buddhist Era.
		expect(text).toContain('20 พ.ย. 2569');
		expect(text).toContain('มท ๐๘๐๑.๒/ว ๗๗');
		expect(await page.locator('main').innerText()).not.toContain(PRIVATE_SUBJECT);
		await mapIdle(page, 'plan', { layer: 'public-zone-fill' });
		await screenshot(page, 'zone-page-timeline-th');
		// The record's own page is open to the public.
		const href = await item.locator('a').getAttribute('href');
		expect(href).toMatch(new RegExp(`/coordination/records/${publicId}$`));

		await page.goto(`${running().url}/zones/${zone.id}?lang=en`);
		expect(await page.locator('#timeline-heading').innerText()).toBe(
			'Coordination about this zone'
		);
		expect(await listedIds(page, 'zone-timeline')).toEqual([publicId]);
		const english = await page
			.locator(`[data-testid="zone-timeline"] li[data-record-id="${publicId}"]`)
			.innerText();
		expect(english).toContain('20 Nov 2026');
		expect(english).toContain('Official letter');
		await mapIdle(page, 'plan', { layer: 'public-zone-fill' });
		await screenshot(page, 'zone-page-timeline-en');
		checked.assertNoPageErrors();
	});

	test('the LAO panel of the map loads its public records when the section is opened', async () => {
		showAppOutputOnFailure();
		const checked = await openPage();
		const { page } = checked;
		const timelineRequests: string[] = [];
		page.on('request', (request) => {
			if (request.url().includes('/api/coordination/timeline'))
				timelineRequests.push(request.url());
		});
		await page.goto(`${running().url}/?lang=th#place=lao/${DLA_CODE}`);
		await expect
			.poll(
				() =>
					page
						.getByTestId('place-name')
						.innerText()
						.catch(() => ''),
				{ timeout: 20_000 }
			)
			.toContain('ดูนสาด');
		const section = page.getByTestId('lao-timeline');
		expect(await section.locator('summary').innerText()).toBe('การประสานงานกับ อปท. นี้');
		// Closed: nothing asked yet.
		expect(await section.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
		expect(timelineRequests).toEqual([]);

		// Opened with the keyboard: focus the summary, press Enter.
		await section.locator('summary').focus();
		await page.keyboard.press('Enter');
		expect(await listedIds(page, 'lao-timeline')).toEqual([publicId]);
		expect(timelineRequests).toHaveLength(1);
		expect(timelineRequests[0]).toContain(`lao=${DLA_CODE}`);
		const text = await section.innerText();
		expect(text).toContain(PUBLIC_SUBJECT);
		expect(text).toContain('20 พ.ย. 2569');
		expect(text).not.toContain(PRIVATE_SUBJECT);
		await section.scrollIntoViewIfNeeded();
		await screenshotOf(page, '[data-testid="place-panel"]', 'lao-panel-timeline-th');
		await screenshot(page, 'lao-panel-timeline-page-th', { fullPage: false });

		// English: the same section, the date in the Gregorian calendar.
		await page.goto(`${running().url}/?lang=en#place=lao/${DLA_CODE}`);
		await expect
			.poll(
				() =>
					page
						.getByTestId('place-name')
						.innerText()
						.catch(() => ''),
				{ timeout: 20_000 }
			)
			.not.toBe('');
		await page.getByTestId('lao-timeline').locator('summary').click();
		expect(await listedIds(page, 'lao-timeline')).toEqual([publicId]);
		expect(await page.getByTestId('lao-timeline').innerText()).toContain('20 Nov 2026');
		await page.getByTestId('lao-timeline').scrollIntoViewIfNeeded();
		await screenshotOf(page, '[data-testid="place-panel"]', 'lao-panel-timeline-en');
		checked.assertNoPageErrors();
	});
});
