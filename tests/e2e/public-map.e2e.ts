/**
 * The public map of approved zones, against the built app: two zones of ขอนแก่น (TH40) and one
 * of นครราชสีมา (TH30) are approved over HTTP, and a draft of TH40 is never approved. An
 * anonymous visitor in Chromium filters the map by province (the address follows), sees the
 * province's zones drawn, clicks one, opens its page and downloads the zones; the shared address
 * restores the filter and the view in a fresh browser; `/?embed=1` is the map alone (and the only
 * page other sites may frame); `/zones` lists exactly the approved zones.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pointOnFeature } from '@turf/turf';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApprovedZones } from '$lib/map/approved-zones';
import {
	mapIdle as harnessMapIdle,
	mapJumpTo,
	mapOf,
	mapPixel,
	newCheckedPage,
	openBrowser,
	screenshot,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	type MadeZone,
	turnReadinessRulesOff
} from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const zones: { th40a?: MadeZone; th40b?: MadeZone; th30?: MadeZone; draft?: MadeZone } = {};
/** The address of the filtered map, as the visitor would share it. */
let sharedUrl = '';

const showAppOutputOnFailure = () => reportAppOutput(() => app);
const LICENCE = 'Open Data Common';

function running(): { app: RunningApp; browser: Browser } {
	if (!app || !browser) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, browser };
}

/** Resolves when the public map has its approved zones and has drawn the view. */
const mapIdle = (page: Page) =>
	harnessMapIdle(page, 'public', { layer: 'approved-zones-fill', timeout: 60_000 });

/** Zone ids MapLibre rendered in the current view. */
async function drawnZoneIds(page: Page): Promise<number[]> {
	const ids = await (
		await mapOf(page, 'public')
	).evaluate((map) =>
		map.queryRenderedFeatures({ layers: ['approved-zones-fill'] }).map((f) => Number(f.id))
	);
	return [...new Set(ids)].sort((a, b) => a - b);
}

async function listedZoneIds(page: Page): Promise<number[]> {
	const ids = await page
		.getByTestId('approved-zones-list')
		.locator('button[data-zone-id]')
		.evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-zone-id'))));
	return ids.sort((a, b) => a - b);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('the public map of approved zones', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		const th40 = {
			planner: await http.logInAs('planner.th40'),
			governor: await http.logInAs('governor.th40')
		};
		const th30 = {
			planner: await http.logInAs('planner.th30'),
			governor: await http.logInAs('governor.th30')
		};
		zones.th40a = await approvedZoneOfLaos(http, th40, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด'
		});
		zones.th40b = await approvedZoneOfLaos(http, th40, {
			provinceCode: 'TH40',
			dlaCodes: ['6400118'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงแดงใหญ่'
		});
		zones.th30 = await approvedZoneOfLaos(http, th30, {
			provinceCode: 'TH30',
			dlaCodes: ['6301904'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงบึงอ้อ'
		});
		zones.draft = await draftZoneOfLaos(http, th40.planner, {
			provinceCode: 'TH40',
			dlaCodes: ['6400907'],
			name: 'เขตร่างบ้านฝางที่ไม่เคยอนุมัติ'
		});
		browser = await openBrowser();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	test('the map data: approved zones only, filtered by province, revalidated by ETag', async () => {
		showAppOutputOnFailure();
		const { app } = running();
		const all = await fetch(`${app.url}/api/public/zones`);
		expect(all.status).toBe(200);
		const body = (await all.json()) as ApprovedZones;
		expect(sorted(body.features.map((f) => f.properties.id))).toEqual(
			sorted([zones.th40a!.id, zones.th40b!.id, zones.th30!.id])
		);
		const th40 = await fetch(`${app.url}/api/public/zones?province=TH40`);
		const etag = th40.headers.get('etag');
		expect(etag).toMatch(/^"[\w-]+"$/);
		expect(th40.headers.get('cache-control')).toContain('public');
		expect(((await th40.json()) as ApprovedZones).features).toHaveLength(2);
		const again = await fetch(`${app.url}/api/public/zones?province=TH40`, {
			headers: { 'if-none-match': etag! }
		});
		expect(again.status).toBe(304);
		const wrong = await fetch(`${app.url}/api/public/zones?province=Khon%20Kaen`);
		expect(wrong.status).toBe(400);
		expect(JSON.stringify(await wrong.json())).toContain('province');
	});

	test('an anonymous visitor finds an approved zone on the map, opens its page and downloads it', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		const checked = await newCheckedPage(browser, { origin: app.url });
		const { page } = checked;
		await page.goto(`${app.url}/`);
		await mapIdle(page);
		await expect
			.poll(() => listedZoneIds(page), { timeout: 20_000 })
			.toEqual(sorted([zones.th40a!.id, zones.th40b!.id, zones.th30!.id]));

		// The province filter: the address follows, the map fits and draws TH40's zones only.
		await page.getByTestId('approved-zones-province').selectOption('TH40');
		await expect.poll(() => new URL(page.url()).searchParams.get('province')).toBe('TH40');
		const th40Ids = sorted([zones.th40a!.id, zones.th40b!.id]);
		await expect.poll(() => listedZoneIds(page), { timeout: 20_000 }).toEqual(th40Ids);
		await page.waitForTimeout(1000); // the fit's animation (800 ms)
		await mapIdle(page);
		expect(await drawnZoneIds(page)).toEqual(th40Ids);
		await expect.poll(() => page.url()).toMatch(/#map=/);
		sharedUrl = page.url();
		await screenshot(page, 'public-map-th', { fullPage: false });

		// Click a zone: a point inside it, centred so no panel covers it.
		const th40 = (await (
			await fetch(`${app.url}/api/public/zones?province=TH40`)
		).json()) as ApprovedZones;
		const target = th40.features.find((f) => f.properties.id === zones.th40a!.id)!;
		const [lon, lat] = pointOnFeature(target).geometry.coordinates as [number, number];
		await mapJumpTo(page, 'public', { center: [lon, lat], zoom: 11 });
		await mapIdle(page);
		const at = await mapPixel(page, 'public', lon, lat);
		await page.mouse.click(at.x, at.y);
		const popup = page.getByTestId('zone-popup');
		await popup.waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('zone-popup-name').innerText()).toBe(zones.th40a!.name);
		const popupText = await popup.innerText();
		expect(popupText).toContain('ขอนแก่น');
		expect(popupText).toContain('ตร.กม.');
		// The approval date in the Buddhist Era (this year + 543).
		expect(await page.getByTestId('zone-popup-approved').innerText()).toContain(
			String(new Date().getFullYear() + 543)
		);
		await screenshot(page, 'public-map-popup-th', { fullPage: false });

		// The zone's page, then its own file and the province's downloads.
		await page.getByTestId('zone-popup-link').click();
		await page.waitForURL(`${app.url}/zones/${zones.th40a!.id}`);
		expect(await page.getByTestId('zone-name').innerText()).toBe(zones.th40a!.name);
		const ownGeojson = await page
			.locator(`a[href="/zones/${zones.th40a!.id}/export/zone.geojson"]`)
			.getAttribute('href');
		const own = await fetch(`${app.url}${ownGeojson}`);
		expect(own.status).toBe(200);
		expect(await own.text()).toContain(zones.th40a!.name);

		await page.goto(`${app.url}/zones?province=TH40`);
		const hrefs = await page
			.getByTestId('zones-downloads')
			.locator('a[download]')
			.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
		expect(hrefs).toHaveLength(3);
		const geojsonHref = hrefs.find((h) => h.includes('zones.geojson'))!;
		const csvHref = hrefs.find((h) => h.includes('zones.csv'))!;
		expect(geojsonHref).toContain('province=TH40');
		const geojson = await fetch(geojsonHref);
		expect(geojson.headers.get('content-disposition')).toContain(
			'sedz-approved-zones-TH40.geojson'
		);
		const collection = (await geojson.json()) as GeoJSON.FeatureCollection & {
			licence: string;
			source: string;
		};
		expect(collection.licence).toContain(LICENCE);
		expect(collection.source).toContain('กรมส่งเสริมการปกครองท้องถิ่น');
		expect(collection.features.map((f) => f.properties!.name).sort()).toEqual(
			[zones.th40a!.name, zones.th40b!.name].sort()
		);
		const csvBytes = new Uint8Array(await (await fetch(csvHref)).arrayBuffer());
		expect([...csvBytes.slice(0, 3)], 'the UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
		const csv = new TextDecoder().decode(csvBytes);
		expect(csv).toContain(zones.th40a!.name);
		expect(csv).toContain(LICENCE);
		expect(csv).not.toContain(zones.th30!.name);
		checked.assertNoPageErrors();
		await checked.close();
	});

	test('the shared address restores the filter and the view in a fresh browser', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		expect(sharedUrl).toMatch(/\?province=TH40#map=/);
		const checked = await newCheckedPage(browser, { origin: app.url });
		const { page } = checked;
		await page.goto(sharedUrl);
		await mapIdle(page);
		expect(await page.getByTestId('approved-zones-province').inputValue()).toBe('TH40');
		await expect
			.poll(() => listedZoneIds(page), { timeout: 20_000 })
			.toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));
		const [zoom, lat, lon] = new URL(sharedUrl).hash
			.replace('#map=', '')
			.split('&')[0]!
			.split('/')
			.map(Number);
		const view = await (
			await mapOf(page, 'public')
		).evaluate((map) => {
			return { zoom: map.getZoom(), lat: map.getCenter().lat, lon: map.getCenter().lng };
		});
		expect(view.zoom).toBeCloseTo(zoom!, 1);
		expect(view.lat).toBeCloseTo(lat!, 2);
		expect(view.lon).toBeCloseTo(lon!, 2);
		await mapIdle(page);
		expect(await drawnZoneIds(page)).toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));
		checked.assertNoPageErrors();
		await checked.close();
	});

	test('the map in English and on a phone', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		const english = await newCheckedPage(browser, { origin: app.url, locale: 'en-GB' });
		await english.page.goto(`${app.url}/?lang=en&province=TH40`);
		await mapIdle(english.page);
		await english.page.waitForTimeout(1000);
		await mapIdle(english.page);
		expect(await english.page.getByTestId('approved-zones').innerText()).toContain(
			'Approved zones'
		);
		expect(await drawnZoneIds(english.page)).toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));
		await screenshot(english.page, 'public-map-en', { fullPage: false });
		english.assertNoPageErrors();
		await english.close();

		const phone = await newCheckedPage(browser, {
			origin: app.url,
			viewport: { width: 390, height: 844 }
		});
		await phone.page.goto(`${app.url}/?province=TH40`);
		await mapIdle(phone.page);
		await phone.page.waitForTimeout(1000);
		await mapIdle(phone.page);
		expect((await drawnZoneIds(phone.page)).length).toBeGreaterThan(0);
		await screenshot(phone.page, 'public-map-mobile-th', { fullPage: false });
		phone.assertNoPageErrors();
		await phone.close();
	});

	test('embed mode: the map alone, framable by other sites; the full site is not', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		const embedded = await fetch(`${app.url}/?embed=1&province=TH40`);
		expect(embedded.headers.get('content-security-policy')).toBe('frame-ancestors *');
		expect(embedded.headers.get('x-frame-options')).toBeNull();
		await embedded.body?.cancel();
		const full = await fetch(`${app.url}/`);
		expect(full.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		expect(full.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
		await full.body?.cancel();
		// Every other page too (set once for all in hooks.server.ts).
		const list = await fetch(`${app.url}/zones`);
		expect(list.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		await list.body?.cancel();

		const checked = await newCheckedPage(browser, {
			origin: app.url,
			viewport: { width: 800, height: 500 }
		});
		const { page } = checked;
		await page.goto(`${app.url}/?embed=1&province=TH40`);
		await mapIdle(page);
		await page.waitForTimeout(1000);
		await mapIdle(page);
		expect(await page.locator('header').isVisible()).toBe(false);
		expect(await page.locator('nav').isVisible()).toBe(false);
		expect(await page.locator('#place-search').count()).toBe(0);
		const credit = page.getByTestId('embed-credit');
		expect(await credit.getAttribute('target')).toBe('_blank');
		expect(await credit.innerText()).toContain('SEDZ');
		expect(await drawnZoneIds(page)).toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));
		await screenshot(page, 'embed-th', { fullPage: false });
		checked.assertNoPageErrors();

		// A province's website (another origin: a server of its own on another port) frames the
		// embed and the map loads; the full site in the same <iframe> is refused by the browser.
		const framing = (src: string) =>
			`<!doctype html><html lang="th"><body><h1>เว็บไซต์จังหวัดขอนแก่น</h1><iframe src="${src}" width="800" height="450" title="SEDZ"></iframe></body></html>`;
		const site = createServer((request, response) => {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			response.end(
				framing(
					request.url?.endsWith('/full') ? `${app.url}/` : `${app.url}/?embed=1&province=TH40`
				)
			);
		});
		await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
		const hostOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
		const host = await newCheckedPage(browser, { viewport: { width: 900, height: 600 } });
		await host.page.goto(`${hostOrigin}/province-site/embed`);
		const frame = host.page.frameLocator('iframe');
		await frame.getByTestId('map-page').waitFor({ timeout: 30_000 });
		expect(await frame.getByTestId('embed-credit').count()).toBe(1);
		const embedFrame = host.page.frames().find((f) => f !== host.page.mainFrame())!;
		await embedFrame.waitForFunction(
			(map) => Boolean(map.getLayer('approved-zones-fill') && map.loaded()),
			await mapOf(embedFrame, 'public'),
			{ timeout: 30_000 }
		);
		await screenshot(host.page, 'embed-iframe-th', { fullPage: false });
		await host.page.goto(`${hostOrigin}/province-site/full`);
		await host.page.waitForTimeout(2000);
		const fullFrame = host.page.frames().find((f) => f !== host.page.mainFrame());
		const blocked = fullFrame
			? await fullFrame
					.evaluate(() => document.querySelector('[data-testid="map-page"]') === null)
					.catch(() => true)
			: true;
		expect(blocked, 'the full site must not render inside another site').toBe(true);
		await host.close();
		site.closeAllConnections();
		await new Promise((resolve) => site.close(resolve));
		await checked.close();
	});

	test('/zones lists exactly the approved zones, by province, with downloads', async () => {
		showAppOutputOnFailure();
		const { app, browser } = running();
		const checked = await newCheckedPage(browser, { origin: app.url });
		const { page } = checked;
		await page.goto(`${app.url}/zones`);
		const rows = () =>
			page
				.getByTestId('zones-table')
				.locator('tbody tr')
				.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-zone-id'))));
		// นครราชสีมา (TH30) before ขอนแก่น (TH40), then by name.
		const listed = await rows();
		expect(listed[0]).toBe(zones.th30!.id);
		expect(sorted(listed.slice(1))).toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));
		const text = await page.getByTestId('zones-table').innerText();
		expect(text).not.toContain(zones.draft!.name);
		expect(await page.getByTestId('zones-count').innerText()).toContain('3');
		const firstLink = page.getByTestId('zones-table').locator('tbody tr a').first();
		expect(await firstLink.getAttribute('href')).toBe(`/zones/${zones.th30!.id}`);
		await screenshot(page, 'zones-list-th');

		// The filter is a plain GET form: the address carries it.
		await page.getByTestId('zones-province').selectOption('TH40');
		await Promise.all([
			page.waitForURL(/\/zones\?province=TH40$/),
			page.getByTestId('zones-filter').locator('button').click()
		]);
		expect(sorted(await rows())).toEqual(sorted([zones.th40a!.id, zones.th40b!.id]));

		await page.goto(`${app.url}/zones?lang=en`);
		expect(await page.locator('h1').innerText()).toBe(
			'Approved Sufficiency Economy Development Zones'
		);
		expect(await rows()).toHaveLength(3);
		await screenshot(page, 'zones-list-en');

		const missing = await fetch(`${app.url}/zones?province=TH99`);
		expect(missing.status).toBe(400);
		await missing.body?.cancel();
		const kml = await fetch(`${app.url}/zones/download/zones.kml`);
		expect(kml.headers.get('content-type')).toContain('kml');
		const kmlText = await kml.text();
		expect(kmlText).toContain(LICENCE);
		expect(kmlText).not.toContain(zones.draft!.name);
		checked.assertNoPageErrors();
		await checked.close();
	});
});
