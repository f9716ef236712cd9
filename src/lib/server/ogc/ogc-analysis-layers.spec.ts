import type { MultiPolygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValid } from '../../../../tests/fixtures/ogcapi-features/ogc-schemas';
import { dcatApProblems } from '../../../../tests/fixtures/dcat-ap/dcat-ap';
import { createTestUser } from '../../../../tests/fixtures/users';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import {
	loadOfficialCandidates,
	optimiseProvince
} from '../candidates/official-candidates.service';
import { uploadConstraintLayer } from '../constraints/constraint-layer.service';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { catalog } from './dcat';
import { ensureCandidatesCurrent } from './ogc-candidates.repository';
import { findCollection, officialScoresVersion } from './ogc.collections';
import { crsByUri } from './ogc.crs';
import { itemsParamsOf } from './ogc.params';
import {
	describeCollection,
	featureSchema,
	findItem,
	listItems as listItemsOf,
	pageObject,
	queryables
} from './ogc.service';
import { collectionGeoPackage } from './open-data-files';

/**
 * The analysis layers of the open data (issue 18): the official candidate zones of every
 * province and the constraint layers, as OGC API collections, GeoPackages and DCAT datasets.
 */
const base = 'http://sedz.test';
let database: Database;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await loadOfficialModel(database.db);
});
afterAll(() => database?.close());

const params = (collection: string, query: Record<string, string> = {}) =>
	itemsParamsOf(findCollection(collection)!).parse(query);
const listItems = async (collection: string, query: Record<string, string> = {}) =>
	pageObject(
		await listItemsOf(
			database.db,
			base,
			collection,
			params(collection, query),
			new URLSearchParams(query)
		)
	);

/** The declared JSON type of each property (integer for whole numbers), as in the schema. */
function expectTyped(collection: string, properties: Record<string, unknown>) {
	const declared = featureSchema(base, collection).properties.properties.properties as Record<
		string,
		{ type: string }
	>;
	expect(Object.keys(properties)).toEqual(Object.keys(declared));
	for (const [name, value] of Object.entries(properties)) {
		if (value === null) continue;
		const type = declared[name]!.type;
		const actual =
			type === 'integer' && Number.isInteger(value) ? 'integer' : (typeof value as string);
		expect(actual, `${collection}.${name}`).toBe(type);
	}
}

describe('the candidates collection', () => {
	it('publishes every province’s candidates as the scores page shows them, typed, with filters', async () => {
		const collection = await describeCollection(database.db, base, 'candidates');
		expectValid('collection', collection);
		expect(collection.description).toContain('Open Data Common');
		expect(collection.description).toMatch(/COD-AB|HDX/);
		expect(Object.keys(queryables(base, 'candidates').properties)).toEqual(
			expect.arrayContaining(['province_code', 'rank', 'method', 'optimisation_state'])
		);

		const all = await listItems('candidates', { limit: '10000' });
		expectValid('featureCollectionGeoJSON', all);
		const provinces = new Set(all.features.map((f) => f.properties.province_code));
		expect(provinces.size).toBeGreaterThan(70);
		for (const feature of all.features.slice(0, 50)) expectTyped('candidates', feature.properties);

		// Khon Kaen's candidates, filtered on the server, are the page's list, in rank order.
		const khonKaen = await listItems('candidates', { province_code: 'TH40', sortby: 'rank' });
		const shown = await loadOfficialCandidates(database.db, 'TH40', {
			requestOptimisation: false
		});
		expect(khonKaen.numberMatched).toBe(shown.candidates.length);
		expect(khonKaen.features.map((f) => f.id)).toEqual(
			shown.candidates.map((c) => `TH40-${c.rank}`)
		);
		const first = khonKaen.features[0]!;
		const best = shown.candidates[0]!;
		expect(first.properties).toMatchObject({
			candidate_id: 'TH40-1',
			province_code: 'TH40',
			rank: 1,
			lao_count: best.members.length,
			member_dla_codes: best.members.map((m) => m.dlaCode).join(';'),
			method: 'greedy',
			optimisation_state: 'pending',
			optimality_gap: null,
			model_version: shown.model.version
		});
		expect(first.properties.score).toBeCloseTo(best.score, 9);
		expect(first.properties.area_km2).toBeCloseTo(best.areaKm2, 9);
		expect(String(first.properties.member_names_th)).toMatch(/^(อบต\.|ทต\.|ทม\.|ทน\.)/);
		// The outline is the union of the members: its area is theirs (ellipsoidal, km²).
		expect((first.geometry as { type: string }).type).toBe('MultiPolygon');
		const { rows } = await sql<{ km2: number }>`
			SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM ogc_candidate
			WHERE candidate_id = 'TH40-1'`.execute(database.db);
		expect(Number(rows[0]!.km2)).toBeCloseTo(best.areaKm2, 0);

		const one = await findItem(database.db, base, 'candidates', 'TH40-1');
		expectValid('featureGeoJSON', one);
		const missing = await findItem(database.db, base, 'candidates', 'TH40-999').catch(
			(e: unknown) => e
		);
		expect((missing as DomainError).kind).toBe('not_found');

		// In UTM 47N the outline is in metres: Khon Kaen lies east of the zone's meridian (99° E).
		const utm = await listItems('candidates', {
			province_code: 'TH40',
			rank: '1',
			crs: 'http://www.opengis.net/def/crs/EPSG/0/32647'
		});
		expect(utm.numberMatched).toBe(1);
		const ring = (utm.features[0]!.geometry as MultiPolygon).coordinates[0]![0]!;
		expect(ring[0]![0]).toBeGreaterThan(500_000);
		expect(ring[0]![1]).toBeGreaterThan(1_700_000);
		expect(crsByUri('http://www.opengis.net/def/crs/EPSG/0/32647').srid).toBe(32647);
	}, 600_000);

	it('shows the optimiser’s answer with its gap once it is stored, without being asked twice', async () => {
		const province = 'TH75';
		const before = await listItems('candidates', { province_code: province });
		expect(before.features.every((f) => f.properties.method === 'greedy')).toBe(true);
		const run = await optimiseProvince(database.db, province, {
			timeLimitSeconds: 60,
			relativeGap: 0
		});
		expect(run.status).toBe('optimal');
		// The stored answer changes that province's inputs only: it alone is computed again.
		expect(
			await ensureCandidatesCurrent(database.db, await officialScoresVersion(database.db))
		).toEqual([province]);
		expect(
			await ensureCandidatesCurrent(database.db, await officialScoresVersion(database.db))
		).toEqual([]);
		const after = await listItems('candidates', { province_code: province });
		const shown = await loadOfficialCandidates(database.db, province, {
			requestOptimisation: false
		});
		expect(shown.method).toBe('exact');
		expect(after.features.map((f) => f.properties.member_dla_codes)).toEqual(
			shown.candidates.map((c) => c.members.map((m) => m.dlaCode).join(';'))
		);
		for (const feature of after.features) {
			expect(feature.properties).toMatchObject({ method: 'exact', optimisation_state: 'optimal' });
			expect(feature.properties.optimality_gap).toBeLessThanOrEqual(1e-6);
		}
		// Reading the open data queues no optimisation: other provinces stay as they were.
		const { rows } = await sql<{ n: number }>`
			SELECT count(*)::int AS n FROM candidate_solution`.execute(database.db);
		expect(Number(rows[0]!.n)).toBe(1);
	}, 600_000);
});

describe('the constraints collection', () => {
	it('publishes the latest version of every layer with its own source line and licence', async () => {
		const empty = await listItems('constraints');
		expectValid('featureCollectionGeoJSON', empty);
		expect(empty.numberMatched).toBe(0);

		const dlaStaff = await createTestUser(database.db, { role: 'dla_staff' });
		const square = (west: number, south: number, size: number) => ({
			type: 'Polygon',
			coordinates: [
				[
					[west, south],
					[west + size, south],
					[west + size, south + size],
					[west, south + size],
					[west, south]
				]
			]
		});
		const upload = async (key: string, licence: string, squares: object[]) => {
			const result = await uploadConstraintLayer(database.db, {
				actor: dlaStaff,
				fields: {
					key,
					nameTh: `ชั้นทดสอบ ${key}`,
					nameEn: `Test layer ${key}`,
					sourceLine: `Drawn for the spec (${key})`,
					licence
				},
				fileName: `${key}.geojson`,
				bytes: new TextEncoder().encode(
					JSON.stringify({
						type: 'FeatureCollection',
						features: squares.map((geometry) => ({ type: 'Feature', properties: {}, geometry }))
					})
				)
			});
			expect(result.status).toBe('stored');
		};
		await upload('test_forest', 'CC0', [square(102.7, 16.3, 0.05)]);
		expect((await listItems('constraints')).numberMatched).toBe(1);
		// A new version replaces the old one in the open data; another layer comes beside it.
		await upload('test_forest', 'CC BY 4.0', [square(102.7, 16.3, 0.05), square(102.9, 16.5, 0.1)]);
		await upload('test_flood', 'No licence stated', [square(100.5, 14.0, 0.02)]);

		const collection = await describeCollection(database.db, base, 'constraints');
		expectValid('collection', collection);
		expect(collection.extent?.spatial.bbox[0]!.map((x) => Math.round(x * 10) / 10)).toEqual([
			100.5, 14, 103, 16.6
		]);
		const all = await listItems('constraints');
		expectValid('featureCollectionGeoJSON', all);
		expect(all.features.map((f) => f.id)).toEqual([
			'test_flood-1',
			'test_forest-1',
			'test_forest-2'
		]);
		for (const feature of all.features) expectTyped('constraints', feature.properties);
		expect(all.features[1]!.properties).toMatchObject({
			layer_key: 'test_forest',
			layer_version: 2,
			layer_name_th: 'ชั้นทดสอบ test_forest',
			feature: 1,
			source_line: 'Drawn for the spec (test_forest)',
			licence: 'CC BY 4.0'
		});
		// 0.05° × 0.05° at 16° N: about 5.5 km × 5.3 km.
		expect(all.features[1]!.properties.area_km2).toBeGreaterThan(28);
		expect(all.features[1]!.properties.area_km2).toBeLessThan(31);
		expect(all.features[1]!.properties.loaded_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

		const forest = await listItems('constraints', { layer_key: 'test_forest' });
		expect(forest.numberMatched).toBe(2);
		const one = await findItem(database.db, base, 'constraints', 'test_flood-1');
		expectValid('featureGeoJSON', one);
		expect(one.properties.licence).toBe('No licence stated');

		const gpkg = await collectionGeoPackage(database.db, 'constraints');
		expect(gpkg.fileName).toBe('sedz-constraints.gpkg');
		expect(gpkg.body.byteLength).toBeGreaterThan(0);
	}, 300_000);
});

describe('the catalogue', () => {
	it('lists the candidates and the constraint layers, each with its licences', async () => {
		const document = await catalog(database.db, base);
		expect(dcatApProblems(document)).toEqual([]);
		const byId = new Map(document['dcat:dataset'].map((d) => [d['dct:identifier'], d]));
		const candidates = byId.get('sedz-candidates')!;
		expect(candidates['dcat:distribution'][0]!['dcat:downloadURL']).toEqual({
			'@id': `${base}/data/download/candidates.gpkg`
		});
		expect(JSON.stringify(candidates['dct:license'])).toContain('Open Data Common');
		const constraints = byId.get('sedz-constraints')!;
		expect(JSON.stringify(constraints['dct:license'])).toContain('As stated for each layer');
	}, 300_000);
});
