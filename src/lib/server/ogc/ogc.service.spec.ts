import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { runWorkflowEvent } from '../zones/workflow.service';
import { createZone, saveZoneRevision } from '../zones/zone.service';
import { expectValid } from '../../../../tests/fixtures/ogcapi-features/ogc-schemas';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { sql } from 'kysely';
import { collections, findCollection } from './ogc.collections';
import { crsByUri } from './ogc.crs';
import { describeParamError, itemsParamsOf } from './ogc.params';
import {
	conformance,
	describeCollection,
	featureSchema,
	findItem,
	landingPage,
	listCollections,
	listItems as listItemsOf,
	pageObject,
	queryables
} from './ogc.service';

const base = 'http://sedz.test';
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	// Not about readiness (issue 17): its own spec runs on the defaults.
	await turnReadinessRulesOff(database.db);
});
afterAll(() => database?.close());

const itemsParams = {
	parse: (query: Record<string, string>, collection = 'laos') =>
		itemsParamsOf(findCollection(collection)!).parse(query)
};
const listItems = async (...args: Parameters<typeof listItemsOf>) =>
	pageObject(await listItemsOf(...args));

describe('the OGC API – Features documents', () => {
	it('landing page, conformance, collections, queryables and schemas follow the OGC schemas', async () => {
		expectValid('landingPage', landingPage(base));
		expectValid('confClasses', conformance());
		const all = await listCollections(database.db, base);
		expectValid('collections', all);
		expect(all.collections.map((c) => c.id)).toEqual([
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
		]);
		for (const collection of all.collections) {
			expect(collection.crs).toContain('http://www.opengis.net/def/crs/EPSG/0/32647');
			expect(collection.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
			// Every collection names its sources and licences, publicly worded.
			expect(collection.description).toMatch(/licence: /);
			expect(collection.description).not.toContain('show the source line');
		}
		const laos = await describeCollection(database.db, base, 'laos');
		expectValid('collection', laos);
		const [west, south, east, north] = laos.extent!.spatial.bbox[0]!;
		// Thailand's extent, from the tambon boundaries.
		expect([west, south, east, north].map((x) => Math.round(x))).toEqual([97, 6, 106, 20]);
		expect(laos.description).toContain('CC BY-IGO');
		expect(laos.links.map((l) => l.rel)).toEqual(
			expect.arrayContaining([
				'items',
				'describedby',
				'http://www.opengis.net/def/rel/ogc/1.0/queryables'
			])
		);
		const laoQueryables = queryables(base, 'laos');
		expect(Object.keys(laoQueryables.properties)).toEqual(
			expect.arrayContaining(['geometry', 'province_code', 'lao_type'])
		);
		const schema = featureSchema(base, 'laos');
		expect(schema.properties.properties.properties).toMatchObject({
			population: { type: 'integer' },
			area_km2: { type: 'number' },
			geometry_approximate: { type: 'boolean' },
			population_reference_date: { type: 'string', format: 'date' }
		});
	});

	it('types every property of every collection as its schema says, on every page', async () => {
		await loadOfficialModel(database.db);
		for (const collection of collections) {
			const page = await listItems(
				database.db,
				base,
				collection.id,
				itemsParams.parse({}, collection.id)
			);
			expectValid('featureCollectionGeoJSON', page);
			const declared = featureSchema(base, collection.id).properties.properties
				.properties as Record<string, { type: string }>;
			for (const feature of page.features) {
				expect(Object.keys(feature.properties)).toEqual(Object.keys(declared));
				for (const [name, value] of Object.entries(feature.properties)) {
					if (value === null) continue;
					const type = declared[name]!.type;
					const actual =
						typeof value === 'number' && Number.isInteger(value) && type === 'integer'
							? 'integer'
							: typeof value;
					expect(actual, `${collection.id}.${name}`).toBe(type === 'integer' ? 'integer' : type);
				}
			}
		}
	}, 600_000);

	it('pages through every LAO of the registry with next and prev links', async () => {
		const first = await listItems(database.db, base, 'laos', itemsParams.parse({ limit: '5' }));
		expectValid('featureCollectionGeoJSON', first);
		expect(first.numberMatched).toBe(7849);
		expect(first.numberReturned).toBe(5);
		expect(Number.isNaN(Date.parse(first.timeStamp))).toBe(false);
		// The next page is larger: GDAL asks for 10 at a time, then follows `next`.
		expect(first.links.find((l) => l.rel === 'next')?.href).toBe(
			`${base}/ogc/collections/laos/items?limit=50&offset=5`
		);
		expect(first.links.some((l) => l.rel === 'prev')).toBe(false);
		const last = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse({ limit: '5', offset: '7845' })
		);
		expectValid('featureCollectionGeoJSON', last);
		expect(last.numberReturned).toBe(4);
		expect(last.links.some((l) => l.rel === 'next')).toBe(false);
		expect(last.links.find((l) => l.rel === 'prev')?.href).toContain('limit=5&offset=7840');
		// Pages do not overlap: codes are in order.
		const codes = [...first.features, ...last.features].map((f) => f.id);
		expect([...codes].sort()).toEqual(codes);
		// Without a limit a page is 1,000 features; a limit above 10,000 is capped, not refused.
		const plain = await listItems(database.db, base, 'tambons', itemsParams.parse({}, 'tambons'));
		expect(plain.numberReturned).toBe(1000);
		expect(plain.links.find((l) => l.rel === 'next')?.href).toContain('limit=1000&offset=1000');
		expect(itemsParams.parse({ limit: '50000' }).limit).toBe(10000);
		const capped = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse({ limit: '50000', province_code: 'TH40' }),
			new URLSearchParams({ limit: '50000', province_code: 'TH40' })
		);
		expect(capped.links.find((l) => l.rel === 'self')?.href).toContain('limit=10000');
	});

	it('filters on queryables and sorts by sortby, with the filter kept in the next link', async () => {
		const query = { province_code: 'TH40', lao_type: 'subdistrict_admin_org', limit: '50' };
		const page = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse(query),
			new URLSearchParams(query)
		);
		expectValid('featureCollectionGeoJSON', page);
		const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM lao
			WHERE province_code = 'TH40' AND lao_type = 'subdistrict_admin_org'`.execute(database.db);
		expect(page.numberMatched).toBe(rows[0]!.n);
		expect(page.numberMatched).toBeGreaterThan(100);
		for (const f of page.features)
			expect(f.properties).toMatchObject({
				province_code: 'TH40',
				lao_type: 'subdistrict_admin_org'
			});
		expect(page.links.find((l) => l.rel === 'next')?.href).toContain('province_code=TH40');
		const sorted = await listItems(
			database.db,
			base,
			'tambons',
			itemsParams.parse({ province_code: 'TH40', sortby: '-population', limit: '20' }, 'tambons')
		);
		const populations = sorted.features.map((f) => f.properties.population as number);
		expect(populations).toEqual([...populations].sort((a, b) => b - a));
		expect(populations[0]).toBeGreaterThan(populations[19]!);
	});

	it('reprojects to UTM 47N and 48N, Web Mercator and EPSG:4326 (latitude first)', async () => {
		const at = async (crs?: string) => {
			const params: Record<string, string> = crs ? { crs } : {};
			const one = await findItem(database.db, base, 'lao_offices', '6400906', crsByUri(params.crs));
			return (one.geometry as { coordinates: [number, number] }).coordinates;
		};
		const [lon, lat] = await at();
		expect(lon).toBeGreaterThan(102);
		expect(lat).toBeGreaterThan(15);
		expect(await at('http://www.opengis.net/def/crs/EPSG/0/4326')).toEqual([lat, lon]);
		const [e47, n47] = await at('http://www.opengis.net/def/crs/EPSG/0/32647');
		// Khon Kaen is east of 102°E: far east of zone 47's central meridian (99°E).
		expect(e47).toBeGreaterThan(800_000);
		expect(n47).toBeGreaterThan(1_600_000);
		const [e48] = await at('http://www.opengis.net/def/crs/EPSG/0/32648');
		expect(e48).toBeGreaterThan(150_000);
		expect(e48).toBeLessThan(500_000);
		const [x3857] = await at('http://www.opengis.net/def/crs/EPSG/0/3857');
		expect(x3857).toBeCloseTo((lon * Math.PI * 6378137) / 180, -1);
		// The same box in UTM 47N selects the same tambons as in CRS84 (up to edge effects).
		const inDegrees = await listItems(
			database.db,
			base,
			'tambons',
			itemsParams.parse({ bbox: '102.8,16.4,102.9,16.5' }, 'tambons')
		);
		const corners = await sql<{ x1: number; y1: number; x2: number; y2: number }>`SELECT
			ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(102.8, 16.4), 4326), 32647)) AS x1,
			ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(102.8, 16.4), 4326), 32647)) AS y1,
			ST_X(ST_Transform(ST_SetSRID(ST_MakePoint(102.9, 16.5), 4326), 32647)) AS x2,
			ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(102.9, 16.5), 4326), 32647)) AS y2`.execute(database.db);
		const c = corners.rows[0]!;
		const inMetres = await listItems(
			database.db,
			base,
			'tambons',
			itemsParams.parse(
				{
					bbox: [c.x1, c.y1, c.x2, c.y2].join(','),
					'bbox-crs': 'http://www.opengis.net/def/crs/EPSG/0/32647',
					crs: 'http://www.opengis.net/def/crs/EPSG/0/32647'
				},
				'tambons'
			)
		);
		const shared = inMetres.features.filter((f) => inDegrees.features.some((g) => g.id === f.id));
		expect(shared.length).toBeGreaterThanOrEqual(inDegrees.features.length - 2);
		expect((inMetres as unknown as { crs: unknown }).crs).toEqual({
			type: 'name',
			properties: { name: 'urn:ogc:def:crs:EPSG::32647' }
		});
	});

	it('publishes provinces, districts and tambons with population, and every LAO office point', async () => {
		const provinces = await listItems(
			database.db,
			base,
			'provinces',
			itemsParams.parse({}, 'provinces')
		);
		expect(provinces.numberMatched).toBe(77);
		const { rows } = await sql<{
			n: number;
		}>`SELECT sum(population_total)::int AS n FROM tambon_population tp
			JOIN tambon t ON t.code = tp.tambon_code`.execute(database.db);
		expect(provinces.features.reduce((s, f) => s + (f.properties.population as number), 0)).toBe(
			rows[0]!.n
		);
		const districts = await listItems(
			database.db,
			base,
			'districts',
			itemsParams.parse({ limit: '1' }, 'districts')
		);
		expect(districts.numberMatched).toBe(928);
		const tambons = await listItems(
			database.db,
			base,
			'tambons',
			itemsParams.parse({ limit: '1' }, 'tambons')
		);
		expect(tambons.numberMatched).toBe(7425);
		// 142 LAOs have no boundary; 96 of them have an office point, published as points.
		const withoutBoundary = await listItems(
			database.db,
			base,
			'lao_offices',
			itemsParams.parse({ has_boundary: 'false', limit: '200' }, 'lao_offices')
		);
		expect(withoutBoundary.numberMatched).toBe(96);
		expect(
			withoutBoundary.features.every((f) => (f.geometry as { type: string }).type === 'Point')
		).toBe(true);
		const noGeometry = await listItems(
			database.db,
			base,
			'laos',
			itemsParams.parse({ has_boundary: 'false', limit: '200' })
		);
		expect(noGeometry.numberMatched).toBe(142);
		expect(noGeometry.features.every((f) => f.geometry === null)).toBe(true);
		const scores = await listItems(
			database.db,
			base,
			'scores',
			itemsParams.parse({ province_code: 'TH40', sortby: 'province_rank', limit: '3' }, 'scores')
		);
		expect(scores.features[0]!.properties).toMatchObject({
			province_rank: 1,
			model_version: expect.any(Number)
		});
	});

	it('serves one LAO by its DLA code, and 404 for an unknown one or collection', async () => {
		const sao = await findItem(database.db, base, 'laos', '6400906');
		expectValid('featureGeoJSON', sao);
		expect(sao.properties).toMatchObject({
			dla_code: '6400906',
			lao_type: 'subdistrict_admin_org'
		});
		expect((sao.geometry as { type: string }).type).toMatch(/Polygon$/);
		for (const attempt of [
			() => findItem(database.db, base, 'laos', '0000000'),
			() => findItem(database.db, base, 'laos', 'x'),
			() => listItems(database.db, base, 'nothing', itemsParams.parse({}))
		]) {
			const refused = await attempt().catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(DomainError);
			expect((refused as DomainError).kind).toBe('not_found');
		}
	});
});

describe('the items query', () => {
	it('refuses unknown parameters and bad values, naming them', () => {
		const problem = (query: Record<string, string>) => {
			const parsed = itemsParamsOf(findCollection('laos')!).safeParse(query);
			expect(parsed.success).toBe(false);
			const described = describeParamError(parsed.error!);
			expectValid('exception', described);
			return described.description;
		};
		expect(problem({ limt: '5' })).toBe('unknown query parameter: limt');
		expect(problem({ limit: '0' })).toBe('limit: must be at least 1');
		expect(problem({ offset: '-1' })).toBe('offset: must be 0 or more');
		expect(problem({ bbox: '1,2,3' })).toMatch(/^bbox: /);
		expect(problem({ bbox: '103,16,102,17' })).toMatch(/^bbox: needs the lower corner/);
		expect(problem({ bbox: '100,16,200,17' })).toMatch(/^bbox: longitudes must be within ±180/);
		expect(problem({ bbox: 'a,b,c,d' })).toMatch(/^bbox: /);
		expect(problem({ lao_type: 'city' })).toMatch(/^lao_type: must be one of provincial_admin_org/);
		expect(problem({ has_boundary: 'yes' })).toBe('has_boundary: must be true or false');
		expect(problem({ sortby: 'geom' })).toMatch(/^sortby: must name properties/);
		expect(problem({ crs: 'EPSG:32647' })).toMatch(/^crs: must be one of/);
		// A projected box is not held to degree ranges.
		expect(
			itemsParamsOf(findCollection('laos')!).safeParse({
				bbox: '800000,1800000,850000,1850000',
				'bbox-crs': 'http://www.opengis.net/def/crs/EPSG/0/32647'
			}).success
		).toBe(true);
	});
});

describe('the approved zones collection', () => {
	it('serves each approved zone at its revision in force, and nothing else', async () => {
		const db = database.db;
		await loadOfficialModel(db);
		const planner = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
		const governor = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
		const [first, second] = await tambonSquares(db, 'TH40', 2);
		const draft = (name: string, geometry: unknown) =>
			createZone(db, {
				actor: planner,
				rules: defaultRules,
				input: {
					provinceCode: 'TH40',
					attributes: zoneAttributes(name),
					geometry,
					geometrySource: 'drawn'
				}
			});
		const approvedZone = await draft('เขตเปิดเผย', first);
		const neverApproved = await draft('เขตร่างเท่านั้น', second);
		const act = (actor: Actor, zoneId: number, revisionId: number, event: 'submit' | 'approve') =>
			runWorkflowEvent(db, { actor, zoneId, revisionId, event });
		await act(planner, approvedZone.zone.id, approvedZone.revision.id, 'submit');
		await act(governor, approvedZone.zone.id, approvedZone.revision.id, 'approve');
		// An amendment in draft: the open data keeps the approved revision.
		await saveZoneRevision(db, {
			actor: planner,
			rules: defaultRules,
			zoneId: approvedZone.zone.id,
			baseRevisionId: approvedZone.revision.id,
			input: {
				attributes: zoneAttributes('เขตเปิดเผย ฉบับร่างแก้ไข'),
				geometry: second,
				geometrySource: 'drawn'
			}
		}).catch(() => undefined);

		const collection = await describeCollection(db, base, 'zones');
		expectValid('collection', collection);
		expect(collection.description).toContain('Open Data Common');
		const items = await listItems(db, base, 'zones', itemsParams.parse({}, 'zones'));
		expectValid('featureCollectionGeoJSON', items);
		expect(items.features.map((f) => f.id)).toEqual([String(approvedZone.zone.id)]);
		expect(items.features[0]!.properties).toMatchObject({
			name: 'เขตเปิดเผย',
			revision_number: 1,
			area_km2: approvedZone.revision.areaKm2,
			approved_by: 'ผู้ว่าราชการจังหวัดขอนแก่น'
		});
		const one = await findItem(db, base, 'zones', String(approvedZone.zone.id));
		expectValid('featureGeoJSON', one);
		const hidden = await findItem(db, base, 'zones', String(neverApproved.zone.id)).catch(
			(e: unknown) => e
		);
		expect((hidden as DomainError).kind).toBe('not_found');
		// A box far from Khon Kaen finds nothing.
		const away = await listItems(
			db,
			base,
			'zones',
			itemsParams.parse({ bbox: '98,7,99,8' }, 'zones')
		);
		expect(away.numberMatched).toBe(0);
	});
});
