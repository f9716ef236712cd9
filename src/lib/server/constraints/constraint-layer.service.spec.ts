import { sql } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	buildShapefile,
	rectangle,
	zipShapefile
} from '../../../../tests/fixtures/shapefile-writer';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { defaultScoringModel } from '../../geo/scoring/default-model';
import { scoreLaos } from '../../geo/scoring/score-laos';
import { parseScoringModel } from '../../geo/scoring/scoring-model';
import type { Database } from '../db/database';
import { loadLaoIndicators } from '../indicators/lao-indicators.service';
import { DomainError } from '../domain-errors';
import { readModelForm } from '../scoring/model-form';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { loadScoringInputs, publishModelVersion } from '../scoring/scoring.service';
import { listLayers, layerGeoJson } from './constraint-layer.repository';
import {
	maxConstraintFileBytes,
	maxConstraintVertices,
	uploadConstraintLayer,
	type ConstraintUploadResult
} from './constraint-layer.service';

let database: Database;
let dlaStaff: Actor;
let planner: Actor;
beforeAll(async () => {
	database = await openTestDatabase('imported');
	dlaStaff = await createTestUser(database.db, { role: 'dla_staff' });
	planner = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
});
afterAll(() => database?.close());

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const fields = {
	key: 'test_parks',
	nameTh: 'อุทยานทดสอบ',
	nameEn: 'Test parks',
	sourceLine: 'Test layer drawn for the spec',
	licence: 'CC0'
};
const collection = (geometries: (Polygon | MultiPolygon)[]) => ({
	type: 'FeatureCollection',
	features: geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry }))
});

/** บางโปรง (an SAO of one whole tambon) and its geometry as GeoJSON. */
const sao = '6110112';
async function laoGeometry(dlaCode: string): Promise<MultiPolygon> {
	const { rows } = await sql<{ geojson: string }>`
		SELECT ST_AsGeoJSON(geom) AS geojson FROM lao WHERE dla_code = ${dlaCode}`.execute(database.db);
	return JSON.parse(rows[0]!.geojson) as MultiPolygon;
}

async function storedCounts() {
	const [layers, indicators, values] = await Promise.all([
		database.db
			.selectFrom('constraint_layer')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow(),
		database.db
			.selectFrom('indicator')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow(),
		database.db
			.selectFrom('indicator_value')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return [layers.n, indicators.n, values.n].map(Number);
}

function stored(result: ConstraintUploadResult) {
	if (result.status !== 'stored') throw new Error(JSON.stringify(result.problems));
	return result;
}

describe('constraint layers', () => {
	it('stores every LAO’s share of area inside the layer, approximate where its geometry is', async () => {
		// One feature exactly บางโปรง, one far away in the Gulf-side of Trat's mainland (a box).
		const geometry = await laoGeometry(sao);
		const result = stored(
			await uploadConstraintLayer(database.db, {
				actor: dlaStaff,
				fields,
				fileName: 'parks.geojson',
				bytes: encode(collection([geometry]))
			})
		);
		expect(result).toMatchObject({
			key: 'test_parks',
			version: 1,
			indicatorKey: 'constraint_test_parks_v1',
			featureCount: 1
		});
		expect(result.laosTouched).toBeGreaterThanOrEqual(1);
		const figures = await loadLaoIndicators(database.db, [result.indicatorKey]);
		expect(figures.get(sao)![result.indicatorKey]!.value).toBeCloseTo(1, 6);
		expect(figures.get(sao)![result.indicatorKey]!.source).toContain(
			'Test layer drawn for the spec (CC0), version 1'
		);
		// Chiang Mai's LAOs are far from Samut Prakan: share 0, a figure, not no data.
		const chiangMai = await database.db
			.selectFrom('lao')
			.select(['dla_code', 'geom_approximate'])
			.where('province_code', '=', 'TH50')
			.where('lao_type', '<>', 'provincial_admin_org')
			.where('geom', 'is not', null)
			.execute();
		expect(chiangMai.length).toBeGreaterThan(100);
		for (const lao of chiangMai) {
			const share = figures.get(lao.dla_code)![result.indicatorKey]!;
			expect(share.value).toBe(0);
			expect(share.approximate).toBe(lao.geom_approximate);
		}
		expect(result.laoCount).toBeGreaterThan(7000);
		const overlay = JSON.parse((await layerGeoJson(database.db, 'test_parks', 1, 0.001))!);
		expect(overlay.features).toHaveLength(1);
	});

	it('makes a re-upload a new version, and leaves the old version’s shares to the models using it', async () => {
		const geometry = await laoGeometry(sao);
		// Half of the LAO's bounding box this time.
		const xs = geometry.coordinates.flat(2).map((p) => p[0]!);
		const ys = geometry.coordinates.flat(2).map((p) => p[1]!);
		const mid = (Math.min(...xs) + Math.max(...xs)) / 2;
		const half: Polygon = {
			type: 'Polygon',
			coordinates: [
				rectangle(
					Math.min(...xs) - 0.01,
					Math.min(...ys) - 0.01,
					mid,
					Math.max(...ys) + 0.01,
					false
				)
			]
		};
		const v2 = stored(
			await uploadConstraintLayer(database.db, {
				actor: dlaStaff,
				fields,
				fileName: 'parks-2.geojson',
				bytes: encode(collection([half]))
			})
		);
		expect(v2).toMatchObject({ version: 2, indicatorKey: 'constraint_test_parks_v2' });
		const figures = await loadLaoIndicators(database.db, [
			'constraint_test_parks_v1',
			'constraint_test_parks_v2'
		]);
		expect(figures.get(sao)!.constraint_test_parks_v1!.value).toBeCloseTo(1, 6);
		const share = figures.get(sao)!.constraint_test_parks_v2!.value;
		expect(share).toBeGreaterThan(0.05);
		expect(share).toBeLessThan(0.95);
		const layers = await listLayers(database.db);
		expect(layers.map((l) => [l.version, l.latest])).toEqual([
			[2, true],
			[1, false]
		]);
	});

	it('lets a model exclude LAOs mostly inside a layer, or use the share as a cost', async () => {
		const model = parseScoringModel({
			...defaultScoringModel,
			eligibility: {
				...defaultScoringModel.eligibility,
				laoTypes: ['subdistrict_admin_org'],
				minAreaKm2: 0,
				constraints: [{ indicator: 'constraint_test_parks_v1', maxShare: 0.5 }]
			},
			criteria: [
				...defaultScoringModel.criteria,
				{
					indicator: 'constraint_test_parks_v2',
					direction: 'cost',
					normalisation: 'min_max',
					weight: 0.1
				}
			]
		});
		const inputs = await loadScoringInputs(database.db, model);
		const scores = new Map(scoreLaos(model, inputs).map((s) => [s.dlaCode, s]));
		expect(scores.get(sao)).toMatchObject({
			eligible: false,
			ineligibleReason: 'constraint_share_above_maximum'
		});
		const other = [...scores.values()].find((s) => s.eligible && s.score !== null)!;
		expect(other.breakdown.find((b) => b.indicator === 'constraint_test_parks_v2')?.raw).toBe(0);
	});

	it('lets DLA staff publish a model, from the editor’s form, naming the layer version it uses', async () => {
		// The form as /admin/models sends it: an exclusion in per cent and the share as a cost.
		const form = new FormData();
		const m = defaultScoringModel;
		form.set('name', 'แบบจำลองทดสอบข้อจำกัด');
		form.set('rationale_th', m.rationale_th);
		form.set('rationale_en', m.rationale_en);
		const criteria = [
			...m.criteria,
			{
				indicator: 'constraint_test_parks_v1',
				direction: 'cost',
				normalisation: 'min_max',
				weight: 0.1
			}
		];
		criteria.forEach((c, i) => {
			form.set(`criterion.${i}.indicator`, c.indicator);
			form.set(`criterion.${i}.direction`, c.direction);
			form.set(`criterion.${i}.normalisation`, c.normalisation);
			form.set(`criterion.${i}.weight`, String(c.weight));
		});
		for (const type of m.eligibility.laoTypes) form.append('eligibility.laoTypes', type);
		form.set('eligibility.minAreaKm2', '0');
		form.set('eligibility.provinces', '');
		form.set('constraint.0.indicator', 'constraint_test_parks_v1');
		form.set('constraint.0.maxSharePercent', '50');
		form.set('constraint.1.indicator', '');
		form.set('constraint.1.maxSharePercent', '0');
		form.set('candidates.targetMinKm2', String(m.candidates.targetAreaKm2[0]));
		form.set('candidates.targetMaxKm2', String(m.candidates.targetAreaKm2[1]));
		form.set('candidates.minCompactness', String(m.candidates.minCompactness));
		form.set('candidates.maxMembers', String(m.candidates.maxMembers));
		const read = readModelForm(form);
		if (!read.ok) throw new Error(JSON.stringify(read.problems));

		// A version that was never uploaded, or the share as a benefit, is refused, naming the field.
		const refusals = [
			{
				...read.value,
				eligibility: {
					...(read.value.eligibility as object),
					constraints: [{ indicator: 'constraint_test_parks_v9', maxShare: 0.5 }]
				}
			},
			{
				...read.value,
				criteria: criteria.map((c) =>
					c.indicator.startsWith('constraint_') ? { ...c, direction: 'benefit' } : c
				)
			}
		];
		const refusedFields: (string | undefined)[] = [];
		for (const document of refusals) {
			const refused = await publishModelVersion(database.db, { actor: dlaStaff, document }).catch(
				(e: unknown) => e
			);
			expect(refused).toBeInstanceOf(DomainError);
			expect((refused as DomainError).kind).toBe('invalid');
			refusedFields.push(...(refused as DomainError).problems.map((p) => p.field));
		}
		expect(refusedFields).toEqual([
			'eligibility.constraints.0.indicator',
			`criteria.${criteria.length - 1}.direction`
		]);

		const published = await publishModelVersion(database.db, {
			actor: dlaStaff,
			document: read.value
		});
		// Version 2 of the layer exists (uploaded above) and a third comes now: the model keeps v1.
		const geometry = await laoGeometry(sao);
		stored(
			await uploadConstraintLayer(database.db, {
				actor: dlaStaff,
				fields,
				fileName: 'parks-3.geojson',
				bytes: encode(collection([geometry]))
			})
		);
		const official = await loadOfficialModel(database.db);
		expect(official.id).toBe(published.id);
		expect(official.model.eligibility.constraints).toEqual([
			{ indicator: 'constraint_test_parks_v1', maxShare: 0.5 }
		]);
		expect(official.model.criteria.at(-1)).toMatchObject({
			indicator: 'constraint_test_parks_v1',
			direction: 'cost'
		});
		// Its stored scores follow the exclusion: บางโปรง, wholly inside version 1, is not eligible.
		const row = await database.db
			.selectFrom('lao_score')
			.select(['eligible', 'score'])
			.where('model_id', '=', published.id)
			.where('dla_code', '=', sao)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ eligible: false, score: null });
	});

	it('is refused to anyone but DLA staff', async () => {
		await expect(
			uploadConstraintLayer(database.db, {
				actor: planner,
				fields,
				fileName: 'parks.geojson',
				bytes: encode(collection([]))
			})
		).rejects.toMatchObject({ kind: 'forbidden' });
	});

	const bowTie: Polygon = {
		type: 'Polygon',
		coordinates: [
			[
				[100.5, 13.5],
				[100.6, 13.6],
				[100.6, 13.5],
				[100.5, 13.6],
				[100.5, 13.5]
			]
		]
	};
	const ok: Polygon = {
		type: 'Polygon',
		coordinates: [rectangle(100.5, 13.5, 100.6, 13.6, false)]
	};
	const refusals: {
		name: string;
		fileName: string;
		bytes: () => Uint8Array;
		expected: object;
		limits?: { maxBytes: number; maxVertices: number };
	}[] = [
		{
			name: 'an empty layer',
			fileName: 'empty.geojson',
			bytes: () => encode(collection([])),
			expected: { file: 'empty.geojson', feature: null, field: 'file', rule: 'empty' }
		},
		{
			name: 'a layer outside Thailand (feature 2, in Europe)',
			fileName: 'europe.geojson',
			bytes: () =>
				encode(
					collection([ok, { type: 'Polygon', coordinates: [rectangle(2, 48, 3, 49, false)] }])
				),
			expected: {
				file: 'europe.geojson',
				feature: 2,
				field: 'geometry',
				rule: 'outside-thailand'
			}
		},
		{
			name: 'a bow-tie (feature 2)',
			fileName: 'bowtie.geojson',
			bytes: () => encode(collection([ok, bowTie])),
			expected: {
				file: 'bowtie.geojson',
				feature: 2,
				field: 'geometry',
				rule: 'self-intersection'
			}
		},
		{
			name: 'an unclosed ring (feature 1)',
			fileName: 'open.geojson',
			bytes: () =>
				encode(
					collection([
						{
							type: 'Polygon',
							coordinates: [rectangle(100.5, 13.5, 100.6, 13.6, false).slice(0, 4)]
						}
					])
				),
			expected: { file: 'open.geojson', feature: 1, field: 'geometry', rule: 'ring-unclosed' }
		},
		{
			name: 'a file over 50 MB',
			fileName: 'huge.geojson',
			bytes: () => new Uint8Array(maxConstraintFileBytes + 1),
			expected: { file: 'huge.geojson', field: 'file', rule: 'file.too_large' }
		},
		{
			// The rule with a lower limit (a 2-million-vertex file takes minutes to build and
			// read on a busy machine); the limit itself is checked below.
			name: 'more vertices than the limit',
			fileName: 'dense.geojson',
			limits: { maxBytes: maxConstraintFileBytes, maxVertices: 1000 },
			bytes: () => {
				const ring: number[][] = [];
				for (let i = 0; i < 1000; i++) {
					const a = (2 * Math.PI * i) / 1000;
					ring.push([102.8 + 0.1 * Math.cos(a), 16.4 + 0.1 * Math.sin(a)]);
				}
				ring.push(ring[0]!);
				return encode(collection([{ type: 'Polygon', coordinates: [ring] }]));
			},
			expected: { file: 'dense.geojson', feature: null, field: 'file', rule: 'too-many-vertices' }
		},
		{
			name: 'a shapefile in an unknown CRS',
			fileName: 'lambert.zip',
			bytes: () =>
				zipShapefile(
					buildShapefile({
						shapes: [[rectangle(500000, 1500000, 510000, 1510000)]],
						fields: [{ name: 'NAME', type: 'C', length: 10 }],
						rows: [['x']],
						prj: 'PROJCS["Some_Lambert",GEOGCS["GCS_Unknown",DATUM["D_Unknown",SPHEROID["Unknown",6378000.0,300.0]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]'
					}),
					'lambert'
				),
			expected: { file: 'lambert.zip', field: '.prj', rule: 'unknown-crs' }
		}
	];
	for (const c of refusals) {
		it(`refuses ${c.name} whole, naming file, feature, field and rule, and stores nothing`, async () => {
			const before = await storedCounts();
			const result = await uploadConstraintLayer(
				database.db,
				{
					actor: dlaStaff,
					fields: { ...fields, key: 'refused_layer' },
					fileName: c.fileName,
					bytes: c.bytes()
				},
				c.limits
			);
			expect(result.status).toBe('refused');
			if (result.status !== 'refused') return;
			expect(result.problems[0]).toMatchObject(c.expected);
			expect(result.problems[0]!.detail.length).toBeGreaterThan(0);
			expect(await storedCounts()).toEqual(before);
		});
	}

	it('has the limits of issue 13: 50 MB and 2 million vertices', () => {
		expect(maxConstraintFileBytes).toBe(50 * 1024 * 1024);
		expect(maxConstraintVertices).toBe(2_000_000);
	});

	it('refuses a form without a source line or with a bad key, naming the field', async () => {
		const result = await uploadConstraintLayer(database.db, {
			actor: dlaStaff,
			fields: { ...fields, key: 'Bad Key', sourceLine: '' },
			fileName: 'parks.geojson',
			bytes: encode(collection([ok]))
		});
		expect(result).toMatchObject({
			status: 'refused',
			problems: [
				{ field: 'key', rule: 'invalid-field' },
				{ field: 'sourceLine', rule: 'invalid-field' }
			]
		});
	});
});
