/**
 * The OGC API – Features service as GIS software reads it: GDAL's `ogrinfo` (Debian gdal-bin,
 * the library inside QGIS) lists the collections, counts every LAO through the paging links and
 * filters by a box; the HTTP answers carry the media types the standard names.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ogcValidators } from '../fixtures/ogcapi-features/ogc-schemas';
import { httpClient } from './http-client';
import { approvedZoneOfLaos, draftZoneOfLaos, workflowEvent } from './zone-setup';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

const run = promisify(execFile);
let app: RunningApp | undefined;

const showAppOutputOnFailure = () => reportAppOutput(() => app);

async function ogrinfo(...args: string[]): Promise<string> {
	const { stdout } = await run('ogrinfo', ['-ro', ...args], {
		maxBuffer: 64 * 1024 * 1024,
		// GDAL pages with the `next` links; ask for big pages to keep the run short.
		env: { ...process.env, OGR_OAPIF_PAGE_SIZE: '1000' }
	});
	return stdout;
}

describe('OGC API – Features, read by GDAL', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
	}, 200_000);
	afterAll(async () => {
		await app?.stop();
	});

	test('the answers have OGC media types and follow the stored schemas', async () => {
		showAppOutputOnFailure();
		const schemas = ogcValidators();
		const get = async (path: string) => {
			const response = await fetch(`${app!.url}${path}`);
			expect(response.status, path).toBe(200);
			return {
				type: response.headers.get('content-type'),
				body: (await response.json()) as unknown
			};
		};
		const landing = await get('/ogc');
		expect(landing.type).toBe('application/json');
		expect(schemas.landingPage(landing.body)).toBe(true);
		const items = await get('/ogc/collections/laos/items?limit=3');
		expect(items.type).toBe('application/geo+json');
		expect(schemas.featureCollectionGeoJSON(items.body)).toBe(true);
		const unknown = await fetch(`${app!.url}/ogc/collections/laos/items?limt=3`);
		expect(unknown.status).toBe(400);
		expect(await unknown.json()).toEqual({
			code: 'InvalidParameterValue',
			description: 'unknown query parameter: limt'
		});
	});

	test('ogrinfo lists the collections and counts all 7,849 LAOs', async () => {
		showAppOutputOnFailure();
		const layers = await ogrinfo(`OAPIF:${app!.url}/ogc`);
		expect(layers).toMatch(/laos/);
		const summary = await ogrinfo('-so', `OAPIF:${app!.url}/ogc`, 'laos');
		expect(summary).toMatch(/Feature Count: 7849/);
		expect(summary).toMatch(/dla_code: String/);
		expect(summary).toMatch(/area_km2: Real/);
	}, 300_000);

	test('ogrinfo filters by a box around Khon Kaen city', async () => {
		showAppOutputOnFailure();
		const listed = await ogrinfo(
			'-al',
			'-geom=NO',
			'-spat',
			'102.75',
			'16.35',
			'102.95',
			'16.5',
			`OAPIF:${app!.url}/ogc`,
			'laos'
		);
		const count = Number(listed.match(/Feature Count: (\d+)/)?.[1]);
		expect(count).toBeGreaterThan(5);
		expect(count).toBeLessThan(60);
		expect(listed).toContain('province_code (String) = TH40');
	}, 120_000);

	test('ogrinfo reads the approved zones, each at its revision in force', async () => {
		showAppOutputOnFailure();
		const http = httpClient(app!.url);
		const cookies = {
			planner: await http.logInAs('planner.th40'),
			governor: await http.logInAs('governor.th40')
		};
		const zone = await approvedZoneOfLaos(http, cookies, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด'
		});
		// A draft that is never approved stays out of the open data.
		const draft = await draftZoneOfLaos(http, cookies.planner, {
			provinceCode: 'TH40',
			dlaCodes: ['6400907'],
			name: 'เขตร่างบ้านฝาง'
		});
		const listed = await ogrinfo('-al', '-geom=SUMMARY', `OAPIF:${app!.url}/ogc`, 'zones');
		expect(listed).toMatch(/Feature Count: 1\b/);
		expect(listed).toContain(`zone_id (Integer) = ${zone.id}`);
		expect(listed).toContain('name (String) = เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด');
		expect(listed).toContain('approved_by (String) = ผู้ว่าราชการจังหวัดขอนแก่น');
		expect(listed).toMatch(/MULTIPOLYGON|POLYGON/);
		// Answers are cached per data version: the next approval shows at once.
		await workflowEvent(http, cookies.planner, draft, 'submit');
		await workflowEvent(http, cookies.governor, draft, 'approve');
		const after = await ogrinfo('-so', `OAPIF:${app!.url}/ogc`, 'zones');
		expect(after).toMatch(/Feature Count: 2\b/);
	}, 120_000);
});
