import { area } from '@turf/turf';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { candidatesToGeoJSON } from '../../geo/candidates/candidates-geojson';
import { isContiguous, type CandidateParams } from '../../geo/candidates/propose-candidates';
import type { Database } from '../db/database';
import {
	getLaoAdjacency,
	proposeCountryCandidates,
	proposeProvinceCandidates,
	type LaoScores
} from './candidates.service';
import { standInScores } from './stand-in-scores.fixture';

let database: Database;
let scores: LaoScores;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	// STAND-IN scores (area percentile; eligible = SAO ≥ 20 km²), not the SEDZ scoring.
	scores = await standInScores(database.db);
});
afterAll(() => database?.close());

const params: CandidateParams = {
	targetAreaKm2: [150, 400],
	minCompactness: 0.2,
	maxMembers: 8
};

describe('getLaoAdjacency on the real data', () => {
	it('links two SAOs whose tambons share an edge, found by PostGIS', async () => {
		const { rows } = await sql<{ a: string; b: string }>`
			SELECT x.dla_code AS a, y.dla_code AS b
			FROM lao x
			JOIN lao_tambon lx ON lx.dla_code = x.dla_code
			JOIN tambon tx ON tx.code = lx.tambon_code
			JOIN tambon ty ON ty.geom && tx.geom AND ST_Relate(tx.geom, ty.geom, 'F***1****')
			JOIN lao_tambon ly ON ly.tambon_code = ty.code
			JOIN lao y ON y.dla_code = ly.dla_code
			WHERE x.province_code = 'TH40' AND x.lao_type = 'subdistrict_admin_org'
				AND y.lao_type = 'subdistrict_admin_org' AND x.dla_code < y.dla_code
			ORDER BY x.dla_code, y.dla_code
			LIMIT 1
		`.execute(database.db);
		expect(rows).toHaveLength(1);
		const adjacency = await getLaoAdjacency(database.db);
		expect(adjacency.get(rows[0]!.a)?.has(rows[0]!.b)).toBe(true);
		expect(adjacency.get(rows[0]!.b)?.has(rows[0]!.a)).toBe(true);
	});

	it('links a municipality with the SAO that covers the rest of its tambon', async () => {
		const { rows } = await sql<{ a: string; b: string }>`
			SELECT m.dla_code AS a, s.dla_code AS b
			FROM lao_tambon m
			JOIN lao_tambon s ON s.tambon_code = m.tambon_code AND s.dla_code <> m.dla_code
			JOIN lao lm ON lm.dla_code = m.dla_code AND lm.lao_type = 'subdistrict_municipality'
			JOIN lao ls ON ls.dla_code = s.dla_code AND ls.lao_type = 'subdistrict_admin_org'
			WHERE m.coverage = 'partially'
			ORDER BY m.dla_code, s.dla_code
			LIMIT 1
		`.execute(database.db);
		expect(rows).toHaveLength(1);
		const adjacency = await getLaoAdjacency(database.db);
		expect(adjacency.get(rows[0]!.a)?.has(rows[0]!.b)).toBe(true);
	});

	it('is symmetric, never links an LAO to itself, leaves PAOs out and is cached', async () => {
		const adjacency = await getLaoAdjacency(database.db);
		expect(adjacency.size).toBeGreaterThan(7000);
		for (const [code, neighbours] of adjacency) {
			expect(neighbours.has(code)).toBe(false);
			for (const other of neighbours) expect(adjacency.get(other)?.has(code)).toBe(true);
		}
		const paos = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('lao_type', '=', 'provincial_admin_org')
			.execute();
		expect(paos.length).toBeGreaterThan(0);
		for (const { dla_code } of paos) expect(adjacency.has(dla_code)).toBe(false);
		expect(await getLaoAdjacency(database.db)).toBe(adjacency);
	});

	it('does not link LAOs of distant provinces', async () => {
		const adjacency = await getLaoAdjacency(database.db);
		const provinceOf = new Map(
			(await database.db.selectFrom('lao').select(['dla_code', 'province_code']).execute()).map(
				(row) => [row.dla_code, row.province_code]
			)
		);
		// Khon Kaen (north-east) and Songkhla (south) are far apart.
		for (const [code, neighbours] of adjacency) {
			if (provinceOf.get(code) !== 'TH40') continue;
			for (const other of neighbours) expect(provinceOf.get(other)).not.toBe('TH90');
		}
	});
});

describe('proposeProvinceCandidates on Khon Kaen (TH40), stand-in scores', () => {
	it('proposes contiguous, eligible, disjoint zones within the range', async () => {
		const candidates = await proposeProvinceCandidates(database.db, 'TH40', scores, params);
		const adjacency = await getLaoAdjacency(database.db);
		expect(candidates.length).toBeGreaterThan(3);
		const seen = new Set<string>();
		candidates.forEach((candidate, index) => {
			expect(candidate.rank).toBe(index + 1);
			expect(candidate.provinceCode).toBe('TH40');
			expect(isContiguous(candidate.members, adjacency)).toBe(true);
			expect(candidate.areaKm2).toBeGreaterThanOrEqual(150);
			expect(candidate.areaKm2).toBeLessThanOrEqual(400);
			expect(candidate.members.length).toBeLessThanOrEqual(8);
			expect(candidate.compactness).toBeGreaterThanOrEqual(0.2);
			for (const member of candidate.members) {
				expect(scores.get(member)?.eligible).toBe(true);
				expect(seen.has(member)).toBe(false);
				seen.add(member);
			}
			// The union's geodesic area agrees with the summed tambon-based areas.
			expect(area(candidate.geometry!) / 1e6 / candidate.areaKm2).toBeCloseTo(1, 2);
		});
		const members = await database.db
			.selectFrom('lao')
			.select(['province_code', 'lao_type'])
			.where('dla_code', 'in', [...seen])
			.execute();
		expect(new Set(members.map((m) => `${m.province_code} ${m.lao_type}`))).toEqual(
			new Set(['TH40 subdistrict_admin_org'])
		);
		expect(await proposeProvinceCandidates(database.db, 'TH40', scores, params)).toEqual(
			candidates
		);
		const collection = candidatesToGeoJSON(candidates);
		expect(collection.features).toHaveLength(candidates.length);
		expect(collection.features[0]!.properties.rank).toBe(1);
	});

	it('proposes zones for the whole country, ranked within each province', async () => {
		const candidates = await proposeCountryCandidates(database.db, scores, {
			...params,
			maxCandidates: 3
		});
		const provinces = new Set(candidates.map((candidate) => candidate.provinceCode));
		expect(provinces.size).toBeGreaterThan(60);
		for (const province of provinces) {
			const ranks = candidates.filter((c) => c.provinceCode === province).map((c) => c.rank);
			expect(ranks).toEqual(ranks.map((_, i) => i + 1));
		}
		const khonKaen = await proposeProvinceCandidates(database.db, 'TH40', scores, {
			...params,
			maxCandidates: 3
		});
		expect(candidates.filter((c) => c.provinceCode === 'TH40')).toEqual(khonKaen);
	});
});
