/**
 * The OGC API – Features service as GIS software reads it: GDAL's `ogrinfo` (Debian gdal-bin,
 * the library inside QGIS) lists the collections, counts every LAO through the paging links and
 * filters by a box; the HTTP answers carry the media types the standard names.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ogcValidators } from '../fixtures/ogcapi-features/ogc-schemas';
import { httpClient } from './http-client';
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	workflowEvent,
	turnReadinessRulesOff
} from './zone-setup';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

const run = promisify(execFile);
let app: RunningApp | undefined;

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** GDAL with its default options: no page size given, so it asks for 10 features a page. */
async function ogrinfo(...args: string[]): Promise<string> {
	const { stdout } = await run('ogrinfo', ['-ro', ...args], { maxBuffer: 64 * 1024 * 1024 });
	return stdout;
}

const collectionIds = [
	'provinces',
	'districts',
	'tambons',
	'laos',
	'lao_offices',
	'scores',
	'zones',
	'zone_progress',
	'candidates',
	'constraints'
];

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
		for (const id of collectionIds) {
			const items = await get(`/ogc/collections/${id}/items?limit=3`);
			expect(items.type).toBe('application/geo+json');
			expect(schemas.featureCollectionGeoJSON(items.body), id).toBe(true);
			expect(schemas.collection((await get(`/ogc/collections/${id}`)).body), id).toBe(true);
		}
		const utm = await fetch(
			`${app!.url}/ogc/collections/laos/items?limit=1&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/32648')}`
		);
		expect(utm.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/32648>');
		const schema = await fetch(`${app!.url}/ogc/collections/laos/schema`);
		expect(schema.headers.get('content-type')).toBe('application/schema+json');
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
		for (const id of collectionIds) expect(layers).toContain(`: ${id} `);
		const summary = await ogrinfo('-so', `OAPIF:${app!.url}/ogc`, 'laos');
		expect(summary).toMatch(/Feature Count: 7849/);
		expect(summary).toMatch(/dla_code: String/);
		expect(summary).toMatch(/area_km2: Real/);
		// Typed from the collection's schema, not guessed from a first page of PAOs without data.
		expect(summary).toMatch(/population: Integer/);
		expect(summary).toMatch(/households: Integer/);
		expect(summary).toMatch(/population_reference_date: Date/);
	}, 300_000);

	test('ogr2ogr copies every LAO into a GeoPackage with default options, typed, in a dozen requests', async () => {
		showAppOutputOnFailure();
		const dir = mkdtempSync(path.join(tmpdir(), 'sedz-oapif-'));
		try {
			const out = path.join(dir, 'laos.gpkg');
			const started = performance.now();
			// CPL_DEBUG makes GDAL print every URL it fetches ("HTTP: Fetch(…)") on stderr.
			const { stderr } = await run(
				'ogr2ogr',
				['-f', 'GPKG', out, `OAPIF:${app!.url}/ogc`, 'laos'],
				{ maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CPL_DEBUG: 'ON' } }
			);
			const seconds = (performance.now() - started) / 1000;
			// A figure for the report, not an assertion: the machine is shared (npm run bench:ogc).
			console.log(
				`ogr2ogr OAPIF laos → GPKG, default options: ${seconds.toFixed(1)} s (load average ${loadavg()
					.map((l) => l.toFixed(2))
					.join(' ')})`
			);
			const items = [
				...stderr.matchAll(/^HTTP: Fetch\((\S+\/collections\/laos\/items\S*)\)$/gm)
			].map((m) => new URL(m[1]!).searchParams.get('limit'));
			// GDAL 3.6 asks for 10 features (its fixed PAGE_SIZE default: it reads no limit from the
			// API definition before 3.8) twice — for the schema, then for the data — and follows the
			// `next` links, which grow the page to 1,000: 2 + 1 + 8 requests for 7,849 LAOs, not 785.
			expect(items.slice(0, 3)).toEqual(['10', '10', '100']);
			expect(items.slice(3).every((limit) => limit === '1000')).toBe(true);
			expect(items.length).toBe(11);
			const copied = await ogrinfo('-so', out, 'laos');
			expect(copied).toMatch(/Feature Count: 7849/);
			expect(copied).toMatch(/population: Integer/);
			expect(copied).toMatch(/households: Integer/);
			const one = await ogrinfo('-where', "dla_code = '6400906'", out, 'laos');
			expect(one).toContain('name_th (String) = ดูนสาด');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 300_000);

	test('every collection reads in ogrinfo, also with -oo CRS=EPSG:32647; filters go to the server', async () => {
		showAppOutputOnFailure();
		const utm47 = encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/32647');
		for (const id of collectionIds) {
			// GDAL 3.6's OAPIF driver has no CRS open option (it warns and reads CRS84; later
			// versions send `crs=`): the layer must still open and count.
			const summary = await ogrinfo('-so', '-oo', 'CRS=EPSG:32647', `OAPIF:${app!.url}/ogc`, id);
			expect(summary, id).toMatch(/Feature Count: \d+/);
			// What a Part 2 client gets: the page in UTM 47N, read by GDAL's GeoJSON reader, in metres.
			const page = await ogrinfo(
				'-so',
				'-al',
				`${app!.url}/ogc/collections/${id}/items?limit=50&crs=${utm47}`
			);
			expect(page, id).toMatch(/UTM zone 47N/);
			const count = Number(/Feature Count: (\d+)/.exec(page)?.[1]);
			if (count > 0) expect(page, id).toMatch(/Extent: \(-?\d{5,7}\.\d+, \d{5,7}\.\d+\)/);
		}
		// GDAL finds province_code and lao_type among the items parameters of the API definition
		// and sends them to the server instead of reading every LAO.
		const { stdout: filtered, stderr: debug } = await run(
			'ogrinfo',
			[
				'-ro',
				'-al',
				'-geom=NO',
				'-where',
				"province_code = 'TH40' AND lao_type = 'subdistrict_admin_org'",
				`OAPIF:${app!.url}/ogc`,
				'laos'
			],
			{ maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CPL_DEBUG: 'ON' } }
		);
		expect(debug).toMatch(/items\?limit=10&province_code=TH40&lao_type=subdistrict_admin_org/);
		expect(debug).not.toContain('evaluated on client side');
		expect(filtered).toContain('province_code (String) = TH40');
		expect(filtered).not.toContain('province_code (String) = TH41');
		// A page in UTM 47N read by GDAL's GeoJSON reader carries its CRS.
		const utm = await ogrinfo(
			'-al',
			'-so',
			`${app!.url}/ogc/collections/provinces/items?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/32647')}&code=TH40`
		);
		expect(utm).toMatch(/UTM zone 47N/);
		expect(utm).toMatch(/Extent: \(\d{6}\.\d+, 1\d{6}\.\d+\)/);
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
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
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
