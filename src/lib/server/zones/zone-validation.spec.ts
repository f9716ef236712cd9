import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	readFixtureGeometry,
	rectangle,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { ZoneRules } from '../config';
import type { Database } from '../db/database';
import type { DomainError, Problem } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { createZone } from './zone.service';

let database: Database;
let planner40: Actor;
let planner43: Actor;
let dla: Actor;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await loadOfficialModel(database.db);
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner43 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH43' });
	dla = await createTestUser(database.db, { role: 'dla_staff' });
});
afterAll(() => database?.close());

async function rowCounts() {
	const { rows } = await sql<{ zones: number; revisions: number }>`
		SELECT (SELECT count(*)::int FROM zone) AS zones, (SELECT count(*)::int FROM zone_revision) AS revisions
	`.execute(database.db);
	return rows[0]!;
}

function save(
	geometry: unknown,
	options: { actor?: Actor; provinceCode?: string; rules?: ZoneRules; name?: string } = {}
) {
	return createZone(database.db, {
		actor: options.actor ?? planner40,
		rules: options.rules ?? defaultRules,
		input: {
			provinceCode: options.provinceCode ?? 'TH40',
			attributes: zoneAttributes(options.name ?? 'เขตทดสอบ'),
			geometry,
			geometrySource: 'drawn'
		}
	});
}

/** Saves and expects a refusal with problems; checks that nothing was written. */
async function problemsOf(
	geometry: unknown,
	options: Parameters<typeof save>[1] = {}
): Promise<Problem[]> {
	const before = await rowCounts();
	const refused = await expectRefusal(save(geometry, options), 'invalid');
	expect(await rowCounts()).toEqual(before);
	return refused.problems;
}

const pointOf = (problem: Problem | undefined) =>
	(problem?.details?.at as { type: string; coordinates: number[] } | undefined) ?? undefined;

describe('one fixture per rule, nothing saved on failure', () => {
	it('bow-tie: geometry.self_intersection at the crossing (ST_IsValidDetail)', async () => {
		const problems = await problemsOf(readFixtureGeometry('bow-tie.geojson'));
		const crossing = problems.find((p) => p.rule === 'geometry.self_intersection');
		expect(crossing?.details?.reason).toMatch(/Self-intersection/i);
		const at = pointOf(crossing)!;
		expect(at.type).toBe('Point');
		expect(at.coordinates[0]).toBeCloseTo(102.73, 6);
		expect(at.coordinates[1]).toBeCloseTo(16.33, 6);
	});

	it('unclosed ring: ring.unclosed at its last position', async () => {
		const problems = await problemsOf(readFixtureGeometry('unclosed-ring.geojson'));
		expect(problems.map((p) => p.rule)).toEqual(['ring.unclosed']);
		expect(pointOf(problems[0])).toEqual({ type: 'Point', coordinates: [102.7, 16.36] });
	});

	it('a coordinate far outside: geometry.outside_thailand at the first such coordinate', async () => {
		const problems = await problemsOf(readFixtureGeometry('outside-thailand-bbox.geojson'));
		const outside = problems.filter((p) => p.rule === 'geometry.outside_thailand');
		expect(outside).toHaveLength(1);
		expect(pointOf(outside[0])).toEqual({ type: 'Point', coordinates: [110.5, 16.36] });
		// The same zone also leaves its province: every problem is reported, not only the first.
		expect(problems.map((p) => p.rule)).toContain('zone.outside_province');
	});

	it('across the Mekong in Laos (inside the bounding box): outside Thailand and the province', async () => {
		const problems = await problemsOf(readFixtureGeometry('vientiane-laos.geojson'), {
			actor: planner43,
			provinceCode: 'TH43'
		});
		const rules = problems.map((p) => p.rule);
		expect(rules).toContain('geometry.outside_thailand');
		expect(rules).toContain('zone.outside_province');
		const outside = problems.find((p) => p.rule === 'geometry.outside_thailand')!;
		expect(outside.details?.outsideThailandKm2).toBeGreaterThan(10);
		expect(pointOf(outside)?.type).toBe('Point');
	});

	it('Bangkok: zone.in_bangkok, saying why', async () => {
		const problems = await problemsOf(readFixtureGeometry('bangkok.geojson'), {
			actor: dla,
			provinceCode: 'TH10'
		});
		const bangkok = problems.find((p) => p.rule === 'zone.in_bangkok');
		expect(bangkok?.message).toMatch(/no LAOs/);
		expect(bangkok?.field).toBe('provinceCode');
		expect(bangkok?.details?.bangkokKm2).toBeGreaterThan(10);
	});

	it('too many vertices: a 20,001-vertex circle', async () => {
		const ring: [number, number][] = [];
		for (let i = 0; i < 20_000; i++) {
			const angle = (2 * Math.PI * i) / 20_000;
			ring.push([102.73 + 0.02 * Math.cos(angle), 16.33 + 0.02 * Math.sin(angle)]);
		}
		ring.push(ring[0]!);
		const problems = await problemsOf({ type: 'Polygon', coordinates: [ring] });
		expect(problems.map((p) => p.rule)).toEqual(['geometry.too_many_vertices']);
		expect(problems[0]!.details).toMatchObject({ vertexCount: 20_001, maxVertices: 20_000 });
	});

	it('too small, and too large under a lower limit', async () => {
		const small = await problemsOf(readFixtureGeometry('too-small.geojson'));
		expect(small.map((p) => p.rule)).toEqual(['zone.area_too_small']);
		expect(small[0]!.details?.areaKm2).toBeLessThan(1);
		expect(pointOf(small[0])?.type).toBe('Point');
		const large = await problemsOf(readFixtureGeometry('khon-kaen-square.geojson'), {
			rules: { ...defaultRules, maxAreaKm2: 20 }
		});
		expect(large.map((p) => p.rule)).toEqual(['zone.area_too_large']);
		expect(large[0]!.details).toMatchObject({ maxAreaKm2: 20 });
	});

	it('collects several problems of one geometry', async () => {
		const tinyBowTie = {
			type: 'Polygon',
			coordinates: [
				[
					[102.7, 16.3],
					[102.701, 16.301],
					[102.701, 16.3],
					[102.7, 16.301],
					[102.7, 16.3]
				]
			]
		};
		const problems = await problemsOf(tinyBowTie, { rules: { ...defaultRules, maxVertices: 4 } });
		expect(problems.map((p) => p.rule).sort()).toEqual([
			'geometry.self_intersection',
			'geometry.too_many_vertices',
			'zone.area_too_small'
		]);
	});

	it('not GeoJSON at all: geojson.invalid naming the path', async () => {
		const problems = await problemsOf({ type: 'Polygon', coordinates: [[[102, 16]]] });
		expect(problems[0]).toMatchObject({ rule: 'geojson.invalid', field: 'geometry' });
	});
});

describe('across a province boundary', () => {
	/** A zone in TH40 whose part outside is the square of half-side `d` around P, less TH40. */
	async function straddling(d: number) {
		const { rows } = await sql<{ geometry: string; outside_km2: number; area_km2: number }>`
			WITH pair AS (
				SELECT ST_Intersection(a.geom, b.geom) AS shared
				FROM tambon a JOIN tambon b ON a.geom && b.geom
				WHERE a.province_code = 'TH40' AND b.province_code NOT IN ('TH40', 'TH10')
					AND ST_Relate(a.geom, b.geom, 'F***1****')
					AND ST_Distance(a.geom, ST_MakeEnvelope(102.69, 16.29, 102.81, 16.37, 4326)) > 0.15
				ORDER BY a.code, b.code LIMIT 1
			),
			p AS (SELECT ST_ClosestPoint(shared, ST_Centroid(shared)) AS point FROM pair),
			prov AS (SELECT geom FROM province WHERE code = 'TH40'),
			z AS (
				SELECT ST_Multi(ST_CollectionExtract(ST_Union(
					ST_Intersection(ST_Expand(p.point, 0.06), prov.geom),
					ST_Difference(ST_Expand(p.point, ${d}::float8), prov.geom)), 3)) AS g
				FROM p, prov
			)
			-- On the 7-decimal grid GeoJSON carries, so the geometry stays valid on its way back.
			SELECT ST_AsGeoJSON(g, 7) AS geometry, ST_Area(g::geography) / 1e6 AS area_km2,
				ST_Area(ST_Difference(g, prov.geom)::geography) / 1e6 AS outside_km2
			FROM (SELECT ST_Multi(ST_ReducePrecision(z.g, 1e-7)) AS g FROM z) r, prov
		`.execute(database.db);
		return rows[0]!;
	}

	/** The half-side whose outside part is about `targetKm2` (area grows with d²). */
	async function halfSideFor(targetKm2: number) {
		let d = 0.004;
		for (let i = 0; i < 3; i++) d *= Math.sqrt(targetKm2 / (await straddling(d)).outside_km2);
		return d;
	}

	it('refuses 0.55 km² outside (the 0.5 km² cap applies), accepts 0.45 km²', async () => {
		const over = await straddling(await halfSideFor(0.55));
		expect(over.area_km2).toBeGreaterThan(60); // 1 % of it is more than 0.5 km²
		expect(over.outside_km2).toBeGreaterThan(0.51);
		expect(over.outside_km2).toBeLessThan(0.6);
		const problems = await problemsOf(JSON.parse(over.geometry));
		expect(problems.map((p) => `${p.rule}: ${p.message}`)).toEqual([
			expect.stringMatching(/^zone.outside_province/)
		]);
		expect(problems[0]!.details).toMatchObject({ allowedKm2: 0.5 });
		expect((problems[0]!.details?.at as { type: string }).type).toBe('MultiPolygon');
		expect((problems[0]!.details?.otherProvinces as unknown[]).length).toBeGreaterThan(0);

		const under = await straddling(await halfSideFor(0.45));
		expect(under.outside_km2).toBeGreaterThan(0.4);
		expect(under.outside_km2).toBeLessThan(0.49);
		const saved = await save(JSON.parse(under.geometry), { name: 'ข้ามเขตจังหวัดเล็กน้อย' }).catch(
			(error: DomainError) => {
				// Name the rules in the failure, not only "does not meet the rules".
				throw new Error(error.problems.map((p) => `${p.rule}: ${p.message}`).join('; '));
			}
		);
		const validation = saved.revision.metrics.validation as { outsideProvinceKm2: number };
		expect(validation.outsideProvinceKm2).toBeCloseTo(under.outside_km2, 3);
	});

	it('applies the 1 % share when it is the smaller limit', async () => {
		const over = await straddling(await halfSideFor(0.45));
		const problems = await problemsOf(JSON.parse(over.geometry), {
			rules: { ...defaultRules, outsideProvinceMaxShare: 0.001 }
		});
		expect(problems.map((p) => p.rule)).toContain('zone.outside_province');
	});
});

describe('overlap with other active zones', () => {
	it('allows a sliver under 1 ha, refuses more, naming the other zone and the overlap', async () => {
		const first = await save(readFixtureGeometry('khon-kaen-square.geojson'), { name: 'เขตแรก' });
		// 1 m (≈ 0.0000094°) of overlap along 6.6 km: about 0.6 ha.
		const metre = 1 / 106_600;
		const sliver = await save(rectangle(102.76 - metre, 16.3, 102.8, 16.36), { name: 'เขตติดกัน' });
		const tolerated = (sliver.revision.metrics.validation as { toleratedOverlaps: unknown[] })
			.toleratedOverlaps;
		// The first zone is a draft: its id stays out of the metrics every reader gets.
		expect(tolerated).toEqual([
			{ zoneId: null, provinceCode: 'TH40', overlapHectares: expect.any(Number) }
		]);
		expect(first.zone.approvedRevisionId).toBeNull();
		expect((tolerated[0] as { overlapHectares: number }).overlapHectares).toBeLessThan(1);

		// 0.0005° (≈ 53 m) along 6.6 km: about 35 ha.
		const problems = await problemsOf(rectangle(102.65, 16.3, 102.7005, 16.36));
		expect(problems.map((p) => p.rule)).toEqual(['zone.overlaps_zone']);
		expect(problems[0]!.details).toMatchObject({
			otherZoneId: first.zone.id,
			otherZoneName: 'เขตแรก',
			maxHectares: 1
		});
		expect(problems[0]!.details?.overlapHectares).toBeGreaterThan(30);
		expect(problems[0]!.details?.overlapHectares).toBeLessThan(40);
		expect((problems[0]!.details?.at as { type: string }).type).toMatch(/Polygon/);
	});

	it('of two overlapping zones saved at once, exactly one is kept (advisory lock)', async () => {
		const [square] = await tambonSquares(database.db, 'TH40', 2);
		const results = await Promise.allSettled([
			save(square, { name: 'พร้อมกัน ก' }),
			save(square, { actor: dla, name: 'พร้อมกัน ข' })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((lost.reason as DomainError).problems.map((p) => p.rule)).toEqual([
			'zone.overlaps_zone'
		]);
	});

	it('ignores rejected and withdrawn zones', async () => {
		const square = (await tambonSquares(database.db, 'TH40', 2))[1]!;
		const zone = await save(square, { name: 'ถอนแล้ว' });
		await sql`UPDATE zone SET status = 'withdrawn' WHERE id = ${zone.zone.id}`.execute(database.db);
		const again = await save(square, { name: 'แทนที่' });
		expect(again.revision.revisionNumber).toBe(1);
		await sql`UPDATE zone SET status = 'rejected' WHERE id = ${again.zone.id}`.execute(database.db);
		expect((await save(square, { name: 'อีกครั้ง' })).zone.status).toBe('draft');
	});
});
