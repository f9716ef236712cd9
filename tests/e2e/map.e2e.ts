/**
 * The map page at `/`: provinces at a national zoom, search (mouse-free), a click on the map
 * listing every unit under the point, the information panel of an SAO with its figures and
 * their sources, search by DLA code, and the same panel in English. One app (with its
 * first-start import) serves every test in this file; the tests run in order on one page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlaceInfo, PlacesAtResponse, SearchResponse, SearchResult } from '$lib/places/types';
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
	type CheckedPage,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

const SAO_TH = 'องค์การบริหารส่วนตำบล';
const SAO_EN = 'Subdistrict Administrative Organization';
/** An SAO in Khon Kaen with a boundary, an English name and a population estimate. */
const SAO_CODE = '6400118';

let browser: Browser | undefined;
let app: RunningApp | undefined;
let checked: CheckedPage | undefined;
/** Requests the page made to any host but the app's own. */
const foreignRequests: string[] = [];

function running(): { app: RunningApp; checked: CheckedPage; page: Page } {
	if (!app || !checked) throw new Error('the app or the browser did not start (see beforeAll)');
	return { app, checked, page: checked.page };
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function api<T>(path: string): Promise<T> {
	const response = await fetch(`${running().app.url}${path}`);
	expect(response.status, `HTTP status of ${path}`).toBe(200);
	return (await response.json()) as T;
}

/** The place search (the candidate zones panel has a combobox too: its province list). */
function searchBox(page: Page) {
	return page.locator('#place-search');
}

/** The search's suggestions (not the native options of the panel's province list). */
function searchOptions(page: Page) {
	return page.locator('[role="listbox"] [role="option"]');
}

/** The public map, by the harness's helpers. */
const publicMap = (page: Page) => mapOf(page, 'public');
const mapIdle = (page: Page) => harnessMapIdle(page, 'public');
const mapZoom = async (page: Page) => (await publicMap(page)).evaluate((map) => map.getZoom());
const jumpTo = (page: Page, center: [number, number], zoom: number) =>
	mapJumpTo(page, 'public', { center, zoom });

/** Clicks the map at a longitude and latitude. */
async function clickMapAt(page: Page, lon: number, lat: number): Promise<void> {
	const at = await mapPixel(page, 'public', lon, lat);
	await page.mouse.click(at.x, at.y);
}

/** A point inside `code`'s area, found by asking /api/places/at over a grid of its bbox. */
async function pointInside(code: string, bbox: [number, number, number, number]) {
	const [west, south, east, north] = bbox;
	for (const fy of [0.5, 0.4, 0.6, 0.3, 0.7]) {
		for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7]) {
			const lon = west + (east - west) * fx;
			const lat = south + (north - south) * fy;
			const at = await api<PlacesAtResponse>(`/api/places/at?lon=${lon}&lat=${lat}`);
			if (at.places.some((p) => p.code === code && !p.approximate)) return { lon, lat, at };
		}
	}
	throw new Error(`no point of the bbox ${bbox.join(', ')} lies in ${code}`);
}

async function panelText(page: Page, testId: string): Promise<string> {
	return (await page.getByTestId('place-panel').getByTestId(testId).innerText()).trim();
}

async function waitForPanel(page: Page, name: string): Promise<void> {
	await expect
		.poll(
			async () =>
				(await page.getByTestId('place-name').count()) > 0
					? (await page.getByTestId('place-name').innerText()).trim()
					: '',
			{ timeout: 15_000, message: 'the panel heading' }
		)
		.toBe(name);
}

describe('the map page', () => {
	beforeAll(async () => {
		browser = await openBrowser();
		app = await startApp();
		await waitUntilReady(app);
		checked = await newCheckedPage(browser, { origin: app.url });
		checked.page.on('request', (request) => {
			const url = request.url();
			if (/^(data|blob):/.test(url)) return;
			if (new URL(url).origin !== app?.url) foreignRequests.push(url);
		});
	}, 200_000);

	afterAll(async () => {
		await checked?.close();
		await browser?.close();
		await app?.stop();
	});

	test('shows Thailand’s provinces at zoom 5 with Thai labels, asking no other host', async () => {
		showAppOutputOnFailure();
		const { app, checked, page } = running();
		const response = await page.goto(`${app.url}/#map=5/13.2/101`, { waitUntil: 'load' });
		expect(response?.status()).toBe(200);
		expect(await page.locator('html').getAttribute('lang')).toBe('th');
		await mapIdle(page);
		expect(await mapZoom(page)).toBeCloseTo(5, 1);

		const drawn = await (
			await publicMap(page)
		).evaluate((map) => {
			const provinces = new Set(
				map.queryRenderedFeatures({ layers: ['province-fill'] }).map((f) => f.properties.code)
			);
			const labels = map.queryRenderedFeatures({ layers: ['province-label'] });
			return {
				provinces: provinces.size,
				labels: labels.length,
				khonKaenLabel: map.hasImage('label:province:ขอนแก่น')
			};
		});
		expect(drawn.provinces, 'provinces drawn at z5').toBeGreaterThan(70);
		expect(drawn.labels, 'province labels placed at z5').toBeGreaterThan(15);
		expect(drawn.khonKaenLabel, 'the label image of ขอนแก่น').toBe(true);
		// The legend names every LAO type.
		const legend = await page.getByTestId('legend-lao-types').innerText();
		for (const name of ['องค์การบริหารส่วนจังหวัด', 'เทศบาลนคร', 'เทศบาลเมือง', 'เทศบาลตำบล', SAO_TH]) {
			expect(legend).toContain(name);
		}
		expect(legend).toContain('โดยประมาณ');
		await screenshot(page, 'map-z5-th');
		expect(foreignRequests, 'requests to other hosts').toEqual([]);
		checked.assertNoPageErrors();
	});

	test('finds ขอนแก่น with the keyboard only and opens the province', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const input = searchBox(page);
		await input.focus();
		await page.keyboard.type('ขอนแก่น');
		const options = searchOptions(page);
		await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(1);
		expect(await input.getAttribute('aria-expanded')).toBe('true');
		const first = (await options.first().innerText()).trim();
		expect(first).toContain('ขอนแก่น');
		expect(first).toContain('จังหวัด');
		// Down then up comes back to the province; aria-activedescendant follows.
		await page.keyboard.press('ArrowDown');
		expect(await input.getAttribute('aria-activedescendant')).toBe(
			await options.nth(1).getAttribute('id')
		);
		await page.keyboard.press('ArrowUp');
		expect(await input.getAttribute('aria-activedescendant')).toBe(
			await options.first().getAttribute('id')
		);
		await page.keyboard.press('Enter');

		await waitForPanel(page, 'ขอนแก่น');
		expect(await panelText(page, 'place-type')).toBe('จังหวัด');
		expect(await panelText(page, 'name-en')).toBe('Khon Kaen');
		const population = await panelText(page, 'figure-population');
		expect(population).toMatch(/[\d,]+ คน/);
		expect(population).toContain('ที่มา: Population: กรมการปกครอง');
		expect(await panelText(page, 'figure-area')).toMatch(/[\d,.]+ ตร\.กม\./);
		// The map flew to the province.
		await expect.poll(() => mapZoom(page), { timeout: 10_000 }).toBeGreaterThan(7);
		await mapIdle(page);
		expect(page.url()).toContain('place=province/TH40');
		await screenshot(page, 'map-khon-kaen-th');
		checked.assertNoPageErrors();
	});

	test('a click lists every unit under the point; choosing the SAO shows its figures', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const [sao] = (await api<SearchResponse>(`/api/search?q=${SAO_CODE}&limit=1`)).results.filter(
			(r) => r.code === SAO_CODE
		);
		expect(sao?.laoType).toBe('subdistrict_admin_org');
		const { lon, lat, at } = await pointInside(SAO_CODE, sao!.bbox!);
		expect(at.places.map((p) => p.kind).slice(0, 3)).toEqual(['province', 'district', 'tambon']);

		// Zoom in on the point, then click it.
		await jumpTo(page, [lon, lat], 12);
		await mapIdle(page);
		await clickMapAt(page, lon, lat);
		const chooser = page.getByTestId('place-chooser');
		await expect
			.poll(() => chooser.getByRole('button').count(), { timeout: 10_000 })
			.toBe(
				at.places.length + 1 // and its close button
			);
		const listed = await chooser.locator('li').allInnerTexts();
		expect(listed[0]).toContain('จังหวัด');
		expect(listed[1]).toContain('อำเภอ');
		expect(listed[2]).toContain('ตำบล');
		expect(listed.some((text) => text.includes(SAO_TH) && text.includes(sao!.nameTh))).toBe(true);
		await screenshot(page, 'map-chooser-th');

		// Keyboard: focus starts on the first unit; arrow down to the SAO, Enter.
		const saoIndex = at.places.findIndex((p) => p.code === SAO_CODE);
		for (let i = 0; i < saoIndex; i++) await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');

		await waitForPanel(page, sao!.nameTh);
		expect(await chooser.count()).toBe(0);
		expect(await panelText(page, 'place-type')).toBe(SAO_TH);
		const info = await api<PlaceInfo>(`/api/places/lao/${SAO_CODE}`);
		expect(await page.getByTestId('place-panel').innerText()).toContain(SAO_CODE);
		const area = await panelText(page, 'figure-area');
		expect(area).toMatch(/[\d,.]+ ตร\.กม\./);
		expect(area).toContain(`ที่มา: ${info.areaKm2!.source}`);
		const population = await panelText(page, 'figure-population');
		expect(population).toContain(`${info.population!.value.toLocaleString('th-TH')} คน`);
		expect(population).toContain('2564'); // the Buddhist Era year of DOPA's 31 Dec 2021
		expect(population).toContain(`ที่มา: ${info.population!.source}`);
		expect(await panelText(page, 'linked-tambons')).not.toBe('');
		// The SAO is outlined on the map.
		const outlined = await (
			await publicMap(page)
		).evaluate(
			(map, code) =>
				map
					.queryRenderedFeatures({ layers: ['lao-selected-line'] })
					.some((f) => String(f.properties.dla_code) === code),
			SAO_CODE
		);
		expect(outlined, 'the chosen SAO is outlined').toBe(true);
		await screenshot(page, 'map-sao-th');
		checked.assertNoPageErrors();
	});

	test('says plainly that Bangkok is not in DLA’s registry', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		await jumpTo(page, [100.5, 13.75], 11);
		await mapIdle(page);
		await clickMapAt(page, 100.5, 13.75);
		const note = page.getByTestId('place-chooser').getByTestId('bangkok-note');
		await expect.poll(() => note.count(), { timeout: 10_000 }).toBe(1);
		expect(await note.innerText()).toContain('ไม่อยู่ในทะเบียน อปท.');
		await page.keyboard.press('Escape');
		expect(await page.getByTestId('place-chooser').count()).toBe(0);
		checked.assertNoPageErrors();
	});

	test('finds an LAO by its DLA code', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		const expected: SearchResult | undefined = (
			await api<SearchResponse>('/api/search?q=4400115&limit=5')
		).results[0];
		expect(expected?.code).toBe('4400115');
		const input = searchBox(page);
		await input.fill('');
		await input.focus();
		await page.keyboard.type('4400115');
		const option = searchOptions(page).first();
		await expect.poll(() => option.count(), { timeout: 10_000 }).toBe(1);
		await expect.poll(async () => (await option.innerText()).includes('4400115')).toBe(true);
		expect(await option.innerText()).toContain('เทศบาลเมือง');
		await page.keyboard.press('Enter');
		await waitForPanel(page, expected!.nameTh);
		expect(await panelText(page, 'place-type')).toBe('เทศบาลเมือง');
		checked.assertNoPageErrors();
	});

	test('draws the candidate zones of the chosen place’s province, ranked', async () => {
		showAppOutputOnFailure();
		const { checked, page } = running();
		// The panel follows the province of the LAO chosen by the previous test.
		const chosen = await api<PlaceInfo>('/api/places/lao/4400115');
		const province = chosen.parents.find((p) => p.kind === 'province')!.code;
		// The optimiser's answer replaces the quick one once stored: wait for it, then compare.
		const optimised = async () =>
			api<{ optimisation: { state: string }; candidates: { rank: number }[] }>(
				`/api/candidates?province=${province}`
			);
		await expect
			.poll(async () => (await optimised()).optimisation.state, {
				timeout: 180_000,
				interval: 2000
			})
			.not.toBe('pending');
		const expected = await optimised();
		expect(expected.candidates.length).toBeGreaterThan(0);
		const panel = page.getByTestId('map-candidates');
		await panel.locator('summary').click();
		// <details> reports its opening with an asynchronous toggle event: poll for the province.
		await expect
			.poll(() => page.getByTestId('map-candidates-province').inputValue(), { timeout: 10_000 })
			.toBe(province);
		const items = panel.locator('ol li');
		await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(expected.candidates.length);
		// Named as officials write them, with the district, area, score and why.
		expect(await items.first().innerText()).toMatch(
			/^#1\s+(อบต\.|ทต\.|ทม\.|ทน\.)[\s\S]*อ\.[\s\S]*ตร\.กม\./
		);
		expect(await panel.getByTestId('map-candidates-optimisation').innerText()).toMatch(/ชุดเขต/);
		const overlayFeatures = async () =>
			(await publicMap(page)).evaluate((map) => map.querySourceFeatures('overlay').length);
		const drawn = await overlayFeatures();
		expect(drawn, 'candidate polygons in the map overlay').toBeGreaterThan(0);
		await mapIdle(page);
		await screenshot(page, 'map-candidates-th');
		// Closing the panel takes the zones off the map.
		await panel.locator('summary').click();
		await expect.poll(overlayFeatures).toBe(0);
		checked.assertNoPageErrors();
	});

	test('shows the same SAO panel in English after the language switch', async () => {
		showAppOutputOnFailure();
		const { app, checked, page } = running();
		// Back to the SAO through the search box, then switch.
		const input = searchBox(page);
		await input.fill('');
		await input.focus();
		await page.keyboard.type(SAO_CODE);
		await expect
			.poll(async () => (await searchOptions(page).first().innerText()).includes(SAO_CODE), {
				timeout: 10_000
			})
			.toBe(true);
		await page.keyboard.press('Enter');
		const info = await api<PlaceInfo>(`/api/places/lao/${SAO_CODE}`);
		await waitForPanel(page, info.nameTh);
		await mapIdle(page);

		await Promise.all([
			page.waitForURL((url) => url.searchParams.get('lang') === 'en'),
			page.getByRole('button', { name: 'English' }).click()
		]);
		await page.waitForLoadState('load');
		expect(await page.locator('html').getAttribute('lang')).toBe('en');
		expect(new URL(page.url()).hash).toContain(`place=lao/${SAO_CODE}`);
		await waitForPanel(page, info.nameEn ?? info.nameTh);
		expect(await panelText(page, 'place-type')).toBe(SAO_EN);
		expect(await panelText(page, 'name-th')).toBe(info.nameTh);
		const area = await panelText(page, 'figure-area');
		expect(area).toMatch(/[\d,.]+ km²/);
		const population = await panelText(page, 'figure-population');
		expect(population).toContain(`${info.population!.value.toLocaleString('en-GB')} people`);
		expect(population).toContain('2021');
		expect(population).toContain(`Source: ${info.population!.source}`);
		expect(await searchBox(page).getAttribute('placeholder')).toBe('Search a name or a DLA code');
		await mapIdle(page);
		// English labels: the LAO's label image is drawn from its English name.
		if (info.nameEn) {
			expect(
				await (
					await publicMap(page)
				).evaluate((map, n) => map.hasImage(`label:lao:${n}`), info.nameEn)
			).toBe(true);
		}
		await screenshot(page, 'map-sao-en');
		expect(foreignRequests, 'requests to other hosts').toEqual([]);
		checked.assertNoPageErrors();
		expect(app.url).toContain('127.0.0.1');
	});
});
