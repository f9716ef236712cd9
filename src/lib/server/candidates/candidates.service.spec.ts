import { area } from '@turf/turf';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { laoGraphFromTambons, unionPerimeterKm } from '../../geo/candidates/lao-graph';
import { polsbyPopper } from '../../geo/candidates/polsby-popper';
import {
	candidatesObjective,
	isContiguous,
	type CandidateParams
} from '../../geo/candidates/propose-candidates';
import type { Database } from '../db/database';
import { candidatesExport } from './candidates-export';
import {
	getLaoAdjacency,
	getLaoGraph,
	proposeCountryCandidates,
	proposeProvinceCandidates,
	withOutlines,
	type LaoScores
} from './candidates.service';
import { readTambonGraph } from './lao-graph.repository';
import { loadOfficialCandidates, optimiseProvince } from './official-candidates.service';
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

describe('the LAO graph stored at import', () => {
	it("holds what the tambon graph gives now, and each LAO perimeter is its outline's", async () => {
		const fresh = laoGraphFromTambons(await readTambonGraph(database.db));
		const stored = await database.db
			.selectFrom('lao_adjacency')
			.select(['a', 'b', 'shared_boundary_km'])
			.orderBy('a')
			.orderBy('b')
			.execute();
		expect(stored.length).toBeGreaterThan(20000);
		expect(stored.map((r) => `${r.a}|${r.b}`)).toEqual(fresh.adjacency.map((r) => `${r.a}|${r.b}`));
		stored.forEach((row, i) =>
			expect(row.shared_boundary_km).toBeCloseTo(fresh.adjacency[i]!.sharedKm, 6)
		);
		const { rows } = await sql<{ dla_code: string; stored: number; outline: number }>`
			SELECT p.dla_code, p.perimeter_km AS stored,
				ST_Perimeter(lao.geom::geography) / 1000 AS outline
			FROM lao_perimeter p JOIN lao USING (dla_code)
		`.execute(database.db);
		expect(rows.length).toBeGreaterThan(7000);
		for (const row of rows) expect(row.stored / row.outline).toBeCloseTo(1, 4);
	});

	it('gives the perimeter of a union of LAOs as PostGIS measures the union', async () => {
		const graph = await getLaoGraph(database.db);
		const candidates = await proposeProvinceCandidates(database.db, 'TH40', scores, params);
		expect(candidates.length).toBeGreaterThan(3);
		for (const candidate of candidates) {
			const { rows } = await sql<{ km: number }>`
				SELECT ST_Perimeter(ST_Union(geom)::geography) / 1000 AS km
				FROM lao WHERE dla_code IN (${sql.join(candidate.members)})
			`.execute(database.db);
			// perimeter(A ∪ B) = P_A + P_B − 2·shared(A, B): no union behind the figure.
			expect(unionPerimeterKm(candidate.members, graph)! / rows[0]!.km).toBeCloseTo(1, 4);
		}
	});
});

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
			for (const other of neighbours) {
				expect(provinceOf.get(other), other).toMatch(/^TH\d\d$/);
				expect(provinceOf.get(other)).not.toBe('TH90');
			}
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
		// Outlines only where drawn: the union's area is the summed areas, its compactness the
		// graph's (PostGIS spheroid against Turf's sphere: within 2 %).
		for (const zone of await withOutlines(database.db, candidates.slice(0, 5))) {
			expect(area(zone.geometry!) / 1e6 / zone.areaKm2).toBeCloseTo(1, 2);
			expect(polsbyPopper(zone.geometry!) / zone.compactness!).toBeCloseTo(1, 1);
		}
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

describe('official candidates: the exact answer from the background optimiser', () => {
	it('shows the quick answer as pending, then the stored exact answer, named and explained', async () => {
		const before = await loadOfficialCandidates(database.db, 'TH50');
		// The optimiser has not run for these inputs yet: the page does not wait for it.
		expect(before.method).toBe('greedy');
		expect(before.optimisation.state).toBe('pending');

		const run = await optimiseProvince(database.db, 'TH50', {
			timeLimitSeconds: 60,
			relativeGap: 0
		});
		expect(run.status).toBe('optimal');
		expect(run.objective!).toBeGreaterThanOrEqual(run.greedyObjective - 1e-6);
		expect(run.gap!).toBeLessThanOrEqual(1e-6);

		const after = await loadOfficialCandidates(database.db, 'TH50', { outlines: true });
		expect(after.method).toBe('exact');
		expect(after.optimisation.state).toBe('optimal');
		expect(after.optimisation.objective).toBeCloseTo(run.objective!, 3);
		expect(after.optimisation.objective).toBeGreaterThanOrEqual(
			before.optimisation.objective - 1e-6
		);
		expect(candidatesObjective(after.zones)).toBeCloseTo(run.objective!, 3);
		expect(after.candidates.length).toBeGreaterThan(0);
		const adjacency = await getLaoAdjacency(database.db);
		const seen = new Set<string>();
		for (const candidate of after.candidates) {
			expect(candidate.provinceCode).toBe('TH50');
			expect(candidate.members.every((m) => m.nameTh.length > 0)).toBe(true);
			expect(candidate.districts.length).toBeGreaterThan(0);
			const codes = candidate.members.map((m) => m.dlaCode);
			expect(isContiguous(codes, adjacency)).toBe(true);
			for (const c of codes) {
				expect(seen.has(c)).toBe(false);
				seen.add(c);
			}
			for (const reason of candidate.why) expect(reason.liftPoints).toBeGreaterThan(0);
		}
		const collection = candidatesExport(after, after.zones);
		expect(collection.model.version).toBeGreaterThan(0);
		expect(collection.sources.join('\n')).toMatch(/COD-AB|HDX/);
		expect(collection.method).toBe('exact');
		expect(collection.features[0]!.geometry?.type).toBe('MultiPolygon');
		expect(collection.features[0]!.properties.member_names_th[0]).toMatch(
			/^(อบต\.|ทต\.|ทม\.|ทน\.)/
		);
		expect(collection.features[0]!.properties.why_en.length).toBeGreaterThan(0);
	});

	it('never shows a stored answer computed from other inputs', async () => {
		await optimiseProvince(database.db, 'TH90');
		expect((await loadOfficialCandidates(database.db, 'TH90')).method).toBe('exact');
		await database.db
			.updateTable('candidate_solution')
			.set({ input_hash: 'computed from scores that changed since' })
			.where('province_code', '=', 'TH90')
			.execute();
		const stale = await loadOfficialCandidates(database.db, 'TH90');
		expect(stale.method).toBe('greedy');
		expect(stale.optimisation.state).toBe('pending');
	});

	it('falls back to the quick answer, saying why, when the solver fails', async () => {
		// An option HiGHS refuses makes the solve fail inside the worker, as a crash would.
		const run = await optimiseProvince(database.db, 'TH34', {
			timeLimitSeconds: 10,
			relativeGap: 0.01,
			highsOptions: { mip_rel_gap: -1 }
		});
		expect(run.status).toBe('not_optimised');
		const answer = await loadOfficialCandidates(database.db, 'TH34');
		expect(answer.method).toBe('greedy');
		expect(answer.optimisation).toMatchObject({ state: 'not_optimised', reason: 'solver_failed' });
		expect(answer.optimisation.detail).toBeTruthy();
		expect(answer.candidates.length).toBeGreaterThan(0);
	});
});
