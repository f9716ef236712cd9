/**
 * Photos and documents on a monthly report (issue 16 items 2 and 5) in Chromium, against the
 * built app in demo mode: อบต.'s officer attaches a JPEG carrying an EXIF GPS point (made in
 * code, `tests/fixtures/photos.ts`) marked public and a PDF from the report form, sees them
 * listed with a thumbnail and the point plotted over the zone; a renamed executable is refused
 * with the file named in Thai and nothing saved; the form works without JavaScript and the API
 * takes a multipart post as the offline app will; the office accepts the report; the public
 * zone page shows the photo, and its bytes carry no EXIF. Screenshots in Thai and English at
 * 1366 and 390×844.
 *
 * The zone has no plan, so its report needs no figures. A report is due the month after the
 * zone's approval: as in plan-pages.e2e.ts, the test runs the app's schedule for a "now" in
 * January on the app's data directory between two starts.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openPGlite } from '../../src/lib/server/db/database';
import { readPhotoMetadata } from '../../src/lib/server/files/image-metadata';
import { runProgressReportSchedule } from '../../src/lib/server/plans/progress-report.service';
import {
	jpegOfSize,
	jpegWithGps,
	photographerName,
	smallPdf,
	windowsExecutable
} from '../fixtures/photos';
import {
	loggedInPage,
	newCheckedPage,
	openBrowser,
	openPage,
	screenshot,
	screenshotOf,
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
let period: string;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}
const showAppOutputOnFailure = () => reportAppOutput(() => app);
const reportPath = () => `/plan/zones/${zone.id}/reports/${period}`;
const filesApi = () => `/api/zones/${zone.id}/reports/${period}/attachments`;
const goto = (page: Page, to: string) => openPage(page, running().url, to);
/** A photo taken inside the zone (its outline's mean vertex), 20 December 2026 09:30 Bangkok. */
let photo: Uint8Array;
let photoPoint: { latitude: number; longitude: number };

async function logIn(
	username: string | null,
	to: string,
	viewport = { width: 1366, height: 900 }
): Promise<CheckedPage> {
	const checked =
		username === null
			? await newCheckedPage(browser!, { origin: running().url, viewport })
			: await loggedInPage(browser!, running().url, username, { to, viewport });
	pages.push(checked);
	if (username === null) await goto(checked.page, to);
	return checked;
}

async function submitAndWait(page: Page, testId: string): Promise<void> {
	await Promise.all([
		page.waitForResponse((response) => response.request().method() === 'POST', {
			timeout: 60_000
		}),
		page.getByTestId(testId).click()
	]);
}

function forgetRefusal(checked: CheckedPage) {
	const kept = checked.problems.filter((p) => !/^HTTP 40[09]: POST /.test(p));
	checked.problems.splice(0, checked.problems.length, ...kept);
}

/** Every image on the page decoded (a broken thumbnail has no natural width). */
async function imagesDecoded(page: Page, selector: string): Promise<boolean> {
	return page
		.locator(selector)
		.evaluateAll((images) =>
			images.every(
				(i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0
			)
		);
}

/**
 * axe-core's serious and critical violations in the files' sections (the rest of these pages is
 * checked by app-a11y.e2e.ts and public-a11y.e2e.ts).
 */
async function seriousAxeViolations(page: Page): Promise<string[]> {
	await page.evaluate(axe.source);
	return page.evaluate(async () => {
		const run = (window as unknown as { axe: typeof axe }).axe;
		const sections = ['[data-testid="report-files"]', '[data-testid="zone-photos"]'].filter(
			(selector) => document.querySelector(selector)
		);
		const result = await run.run(
			{ include: sections.map((selector) => [selector]) },
			{ resultTypes: ['violations'] }
		);
		return result.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
}

/**
 * Screenshots in Thai and English, desktop and phone; the phone never scrolls sideways;
 * axe-core finds nothing serious.
 */
async function screenshotsOf(username: string | null, to: string, name: string) {
	for (const [size, viewport] of [
		['1366', { width: 1366, height: 900 }],
		['390', { width: 390, height: 844 }]
	] as const) {
		for (const lang of ['th', 'en']) {
			const checked = await logIn(username, to, viewport);
			await goto(checked.page, `${to}?lang=${lang}`);
			const text = await checked.page.locator('main').innerText();
			expect(text).not.toContain('attachments.');
			expect(text).not.toContain(photographerName);
			if (size === '390') {
				const overflow = await checked.page.evaluate(
					() => document.documentElement.scrollWidth - document.documentElement.clientWidth
				);
				expect(overflow, `${name} ${lang} scrolls sideways at 390`).toBeLessThanOrEqual(0);
			}
			// Lazy thumbnails load once in view; a full-page screenshot does not scroll.
			for (const images of await checked.page.locator('main img[loading="lazy"]').all()) {
				await images.scrollIntoViewIfNeeded();
			}
			await expect.poll(() => imagesDecoded(checked.page, 'main img')).toBe(true);
			await screenshot(checked.page, `${name}-${lang}-${size}`);
			expect(await seriousAxeViolations(checked.page), `${name} ${lang} ${size}`).toEqual([]);
			if (size === '1366' && (await checked.page.getByTestId('zone-photos').count()) > 0)
				await screenshotOf(
					checked.page,
					'[data-testid="zone-progress"]',
					`${name}-section-${lang}`
				);
			checked.assertNoPageErrors();
			await checked.close();
		}
	}
}

function multipart(fields: Record<string, string>, files: { name: string; bytes: Uint8Array }[]) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	for (const f of files) form.append('file', new Blob([Buffer.from(f.bytes)]), f.name);
	return form;
}

describe('photos and documents on a monthly report', () => {
	beforeAll(async () => {
		dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-e2e-report-files-'));
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
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบภาพถ่ายรายงาน' }
		);
		const { revision } = (await (await http.get(`/api/zones/${zone.id}`)).json()) as {
			revision: { geometry: { coordinates: number[][][][] } };
		};
		const ring = revision.geometry.coordinates[0]![0]!;
		photoPoint = {
			longitude: ring.reduce((sum, c) => sum + c[0]!, 0) / ring.length,
			latitude: ring.reduce((sum, c) => sum + c[1]!, 0) / ring.length
		};
		photo = jpegWithGps({ ...photoPoint, takenAt: '2026:12:20 09:30:00' });
		await app.stop();
		const database = await openPGlite(dataDir);
		try {
			({ period } = await runProgressReportSchedule(database.db, {
				now: new Date('2027-01-05T03:00:00Z')
			}));
		} finally {
			await database.close();
		}
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

	test('the officer attaches a photo with GPS and a PDF; a renamed executable is refused by name', async () => {
		showAppOutputOnFailure();
		expect(period).toBe('2026-12');
		const officer = await logIn('lao.6400906', reportPath());
		const { page } = officer;
		await page.locator('[id="file.0"]').setInputFiles({
			name: 'บ่อน้ำ.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from(photo)
		});
		await page.locator('[id="caption.0"]').fill('ขุดบ่อธนาคารน้ำใต้ดิน');
		await page.locator('[id="public.0"]').check();
		await page.locator('[id="file.1"]').setInputFiles({
			name: 'minutes.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(smallPdf)
		});
		await submitAndWait(page, 'files-upload');
		await expect.poll(() => page.getByTestId('files-done').isVisible()).toBe(true);
		await expect.poll(() => page.getByTestId('report-file').count()).toBe(2);
		const first = await page.getByTestId('report-file').first().innerText();
		expect(first).toContain('บ่อน้ำ.jpg');
		expect(first).toContain('ขุดบ่อธนาคารน้ำใต้ดิน');
		expect(first).toContain('มีตำแหน่ง GPS');
		// The time the photo was taken, in the Buddhist Era.
		expect(first).toContain('2569');
		expect(first).toContain('เผยแพร่');
		await expect.poll(() => imagesDecoded(page, '[data-testid="report-file"] img')).toBe(true);
		// The point over the zone's outline, numbered as the file in the list.
		expect(await page.getByTestId('photo-point').count()).toBe(1);
		expect(await page.getByTestId('photo-map').innerText()).toContain('ที่มา');
		// The upload form was emptied.
		expect(await page.locator('[id="caption.0"]').inputValue()).toBe('');
		// The public flag turns off and on again without a new upload.
		const firstFile = page.getByTestId('report-file').first();
		await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 60_000 }),
			firstFile.getByTestId('file-mark').click()
		]);
		await expect.poll(() => firstFile.innerText()).toContain('ไม่เผยแพร่');
		await Promise.all([
			page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 60_000 }),
			firstFile.getByTestId('file-mark').click()
		]);
		await expect.poll(() => firstFile.innerText()).not.toContain('ไม่เผยแพร่');
		expect(await page.getByTestId('files-done').innerText()).toContain('บันทึกการเปลี่ยนแปลงไฟล์แล้ว');

		await page.locator('[id="file.0"]').setInputFiles({
			name: 'photo.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from(windowsExecutable)
		});
		await page.locator('[id="file.1"]').setInputFiles({
			name: 'ok.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.from(smallPdf)
		});
		await submitAndWait(page, 'files-upload');
		await expect
			.poll(() => page.getByTestId('files-problems').innerText())
			.toContain('ไฟล์แนบที่ 1 · เนื้อไฟล์ photo.jpg ไม่ตรงกับนามสกุลของไฟล์');
		const text = await page.locator('main').innerText();
		for (const code of ['attachments.', 'attachment.', 'signature_mismatch'])
			expect(text).not.toContain(code);
		// Nothing of the batch was saved, not even the good PDF.
		await goto(page, reportPath());
		expect(await page.getByTestId('report-file').count()).toBe(2);
		forgetRefusal(officer);
		officer.assertNoPageErrors();
	});

	test('without JavaScript the form posts multipart; the API takes the offline app’s post', async () => {
		showAppOutputOnFailure();
		const cookie = await http.logInAs('lao.6400906');
		const base = running().url;
		// A browser without JavaScript: a plain multipart post to the form action.
		const form = new FormData();
		form.append('file.0', new Blob([Buffer.from(smallPdf)]), 'no-js.pdf');
		form.append('caption.0', 'ส่งโดยไม่มีจาวาสคริปต์');
		const page = await fetch(`${base}${reportPath()}?/attach`, {
			method: 'POST',
			headers: { origin: base, accept: 'text/html', cookie },
			body: form
		});
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('no-js.pdf');

		// The API: a file with its caption and public flag → 201 with what was stored.
		const posted = await fetch(`${base}${filesApi()}`, {
			method: 'POST',
			headers: { origin: base, cookie },
			body: multipart({ caption: 'จากแอปออฟไลน์', public: 'false' }, [
				{ name: 'api.jpg', bytes: photo }
			])
		});
		expect(posted.status).toBe(201);
		const { attachments } = (await posted.json()) as {
			attachments: { id: number; mediaType: string; gps: { latitude: number } | null }[];
		};
		expect(attachments[0]!.mediaType).toBe('image/jpeg');
		expect(attachments[0]!.gps!.latitude).toBeCloseTo(photoPoint.latitude, 4);
		// A renamed executable: 400 naming the file, nothing saved.
		const refused = await fetch(`${base}${filesApi()}`, {
			method: 'POST',
			headers: { origin: base, cookie },
			body: multipart({}, [{ name: 'setup.jpg', bytes: windowsExecutable }])
		});
		expect(refused.status).toBe(400);
		expect(await refused.json()).toMatchObject({
			error: 'invalid',
			problems: [
				{
					field: 'attachments.0',
					rule: 'attachment.signature_mismatch',
					details: { fileName: 'setup.jpg' }
				}
			]
		});
		// Over 10 MiB (the body itself is within BODY_SIZE_LIMIT): refused by the service, by name.
		const large = await fetch(`${base}${filesApi()}`, {
			method: 'POST',
			headers: { origin: base, cookie },
			body: multipart({}, [{ name: 'large.jpg', bytes: jpegOfSize(10 * 1024 * 1024 + 1) }])
		});
		expect(large.status).toBe(400);
		expect(await large.json()).toMatchObject({
			problems: [
				{ field: 'attachments.0', rule: 'attachment.too_large', details: { fileName: 'large.jpg' } }
			]
		});
		// The original to the officer, with its EXIF; headers that keep it a file.
		const original = await http.get(`${filesApi()}/${attachments[0]!.id}`, cookie);
		expect(original.headers.get('content-type')).toBe('image/jpeg');
		expect(original.headers.get('x-content-type-options')).toBe('nosniff');
		expect(original.headers.get('content-disposition')).toContain('inline; filename="api.jpg"');
		const bytes = new Uint8Array(await original.arrayBuffer());
		expect(readPhotoMetadata('image/jpeg', bytes).gps).not.toBeNull();
		// Removed again; the public sees nothing of a report not accepted.
		const removed = await fetch(`${base}${filesApi()}/${attachments[0]!.id}`, {
			method: 'DELETE',
			headers: { origin: base, cookie }
		});
		expect(removed.status).toBe(204);
		expect((await http.get(filesApi())).status).toBe(404);
		const list = (await (await http.get(filesApi(), cookie)).json()) as {
			attachments: { fileName: string }[];
		};
		expect(list.attachments.map((a) => a.fileName)).toEqual([
			'บ่อน้ำ.jpg',
			'minutes.pdf',
			'no-js.pdf'
		]);
	});

	test('screenshots of the report form with its files', async () => {
		showAppOutputOnFailure();
		await screenshotsOf('lao.6400906', reportPath(), 'report-files');
	});

	test('accepted, the public zone page shows the public photo without its metadata', async () => {
		showAppOutputOnFailure();
		const officer = await logIn('lao.6400906', reportPath());
		await officer.page.getByTestId('report-submit').click();
		await expect
			.poll(() => officer.page.getByTestId('report-status').innerText())
			.toContain('ส่งแล้ว');
		officer.assertNoPageErrors();
		const office = await logIn('planner.th40', reportPath());
		await office.page.getByTestId('report-accept').click();
		await expect
			.poll(() => office.page.getByTestId('report-status').innerText())
			.toContain('รับรองแล้ว');
		// Accepted: the files are final.
		expect(await office.page.getByTestId('files-form').count()).toBe(0);
		expect(await office.page.getByTestId('file-remove').count()).toBe(0);
		expect(await office.page.getByTestId('report-files').innerText()).toContain(
			'ไฟล์แนบไม่เปลี่ยนแปลงอีก'
		);
		office.assertNoPageErrors();

		const visitor = await logIn(null, `/zones/${zone.id}`);
		const photos = visitor.page.getByTestId('zone-photos');
		await expect.poll(() => photos.isVisible()).toBe(true);
		const text = await photos.innerText();
		expect(text).toContain('ขุดบ่อธนาคารน้ำใต้ดิน');
		expect(text).toContain('ธันวาคม 2569');
		expect(await photos.locator('li').count()).toBe(1);
		// The thumbnails load lazily: bring them into view first.
		await photos.scrollIntoViewIfNeeded();
		await expect
			.poll(() => imagesDecoded(visitor.page, '[data-testid="zone-photos"] img'))
			.toBe(true);
		const src = await photos.locator('img').getAttribute('src');
		const served = await http.get(new URL(src!, visitor.page.url()).pathname);
		expect(served.status).toBe(200);
		expect(served.headers.get('x-content-type-options')).toBe('nosniff');
		// Not the file's own name, which may carry a person's.
		expect(served.headers.get('content-disposition')).toMatch(/^inline; filename="photo-\d+\.jpg"/);
		const bytes = Buffer.from(await served.arrayBuffer());
		expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
		expect(bytes.includes(Buffer.from(photographerName))).toBe(false);
		expect(readPhotoMetadata('image/jpeg', new Uint8Array(bytes))).toEqual({
			gps: null,
			takenAt: null
		});
		// The public API lists only that photo, without names, point or time.
		const listed = (await (await http.get(filesApi())).json()) as {
			attachments: Record<string, unknown>[];
		};
		expect(listed.attachments).toHaveLength(1);
		expect(listed.attachments[0]!.fileName).toMatch(/^photo-\d+\.jpg$/);
		expect(listed.attachments[0]).not.toHaveProperty('gps');
		expect(listed.attachments[0]).not.toHaveProperty('uploadedBy');
		visitor.assertNoPageErrors();
		await screenshotsOf(null, `/zones/${zone.id}`, 'zone-photos');
	});
});
