import { area, distance } from '@turf/turf';
import fc from 'fast-check';
import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { LaoGraph } from './lao-graph';
import { perimeterKm, polsbyPopper, unionOf } from './polsby-popper';
import {
	isContiguous,
	proposeCandidates,
	type CandidateLao,
	type CandidateParams,
	type CandidateZone,
	type LaoAdjacency
} from './propose-candidates';

const code = (i: number) => String(1000000 + i);

/** Every invariant a result must hold, whatever the input. */
function expectValidCandidates(
	candidates: CandidateZone[],
	input: readonly CandidateLao[],
	adjacency: LaoAdjacency | LaoGraph['neighbours'],
	params: CandidateParams
) {
	const byCode = new Map(input.map((lao) => [lao.dlaCode, lao]));
	const seen = new Set<string>();
	const ranks = new Map<string, number[]>();
	for (const candidate of candidates) {
		expect(candidate.members.length).toBeGreaterThan(0);
		expect(candidate.members.length).toBeLessThanOrEqual(params.maxMembers);
		for (const member of candidate.members) {
			const lao = byCode.get(member)!;
			expect(lao.eligible && lao.score !== null).toBe(true);
			expect(lao.provinceCode).toBe(candidate.provinceCode);
			expect(seen.has(member)).toBe(false);
			seen.add(member);
		}
		expect(isContiguous(candidate.members, adjacency)).toBe(true);
		expect(candidate.areaKm2).toBeGreaterThanOrEqual(params.targetAreaKm2[0]);
		expect(candidate.areaKm2).toBeLessThanOrEqual(params.targetAreaKm2[1] + 1e-9);
		const list = ranks.get(candidate.provinceCode) ?? [];
		list.push(candidate.rank);
		ranks.set(candidate.provinceCode, list);
	}
	for (const list of ranks.values()) expect(list).toEqual(list.map((_, i) => i + 1));
}

/** A random province pair of LAOs with a random symmetric adjacency, without geometries. */
const randomGraph = fc
	.integer({ min: 1, max: 24 })
	.chain((n) =>
		fc.record({
			laos: fc.tuple(
				...Array.from({ length: n }, (_, i) =>
					fc.record({
						dlaCode: fc.constant(code(i)),
						provinceCode: fc.constantFrom('TH40', 'TH41'),
						eligible: fc.boolean(),
						score: fc.option(fc.integer({ min: 0, max: 5 }), { freq: 6 }),
						areaKm2: fc.integer({ min: 1, max: 60 }),
						population: fc.option(fc.integer({ min: 0, max: 20000 }), { freq: 6 })
					})
				)
			),
			edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 })
		})
	)
	.map(({ laos, edges }) => {
		const adjacency = new Map<string, Set<string>>();
		for (const [i, j] of edges) {
			if (i === j) continue;
			for (const [from, to] of [
				[i, j],
				[j, i]
			] as const) {
				const set = adjacency.get(code(from)) ?? new Set();
				set.add(code(to));
				adjacency.set(code(from), set);
			}
		}
		// No perimeters: compactness is neither checked nor reported.
		const graph: LaoGraph = {
			perimeterKm: new Map(),
			neighbours: new Map(
				[...adjacency].map(([from, to]) => [from, new Map([...to].map((c) => [c, 0]))])
			)
		};
		return { laos: laos as CandidateLao[], adjacency, graph };
	});

const randomParams = fc
	.record({
		min: fc.integer({ min: 0, max: 120 }),
		width: fc.integer({ min: 0, max: 120 }),
		maxMembers: fc.integer({ min: 1, max: 8 }),
		maxCandidates: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined })
	})
	.map(({ min, width, maxMembers, maxCandidates }): CandidateParams => ({
		targetAreaKm2: [min, min + width],
		minCompactness: 0,
		maxMembers,
		maxCandidates
	}));

/** Square cells of `sizeDegrees` on a grid; adjacency is the grid's shared edges. */
function gridOfCells(cells: readonly [number, number][], sizeDegrees: number) {
	const key = (x: number, y: number) => `${x},${y}`;
	const index = new Map(cells.map(([x, y], i) => [key(x, y), i]));
	const adjacency = new Map<string, Set<string>>();
	const geometries = new Map<string, MultiPolygon>();
	const neighbours = new Map<string, Map<string, number>>();
	const laos = cells.map(([x, y], i): CandidateLao => {
		// Grid lines from integers, so two neighbours share bit-identical corners (100 + x·size +
		// size is not always 100 + (x + 1)·size in floating point, and the union would keep the edge).
		const [west, south] = [100 + x * sizeDegrees, 15 + y * sizeDegrees];
		const [east, north] = [100 + (x + 1) * sizeDegrees, 15 + (y + 1) * sizeDegrees];
		const geometry: MultiPolygon = {
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[west, south],
						[east, south],
						[east, north],
						[west, north],
						[west, south]
					]
				]
			]
		};
		const around = new Set<string>();
		const shared = new Map<string, number>();
		for (const [dx, dy] of [
			[1, 0],
			[-1, 0],
			[0, 1],
			[0, -1]
		] as const) {
			const j = index.get(key(x + dx, y + dy));
			if (j === undefined) continue;
			around.add(code(j));
			// The shared edge, measured as the perimeter measures it (haversine, km).
			const edge =
				dx === 0
					? [
							[west, dy > 0 ? north : south],
							[east, dy > 0 ? north : south]
						]
					: [
							[dx > 0 ? east : west, south],
							[dx > 0 ? east : west, north]
						];
			shared.set(code(j), distance(edge[0]!, edge[1]!, { units: 'kilometers' }));
		}
		adjacency.set(code(i), around);
		neighbours.set(code(i), shared);
		geometries.set(code(i), geometry);
		return {
			dlaCode: code(i),
			provinceCode: 'TH40',
			eligible: (x * 7 + y * 3) % 5 !== 0,
			score: (x * 13 + y * 29) % 11,
			areaKm2: area(geometry) / 1e6,
			population: 1000
		};
	});
	const graph: LaoGraph = {
		perimeterKm: new Map([...geometries].map(([c, g]) => [c, perimeterKm(g)])),
		neighbours
	};
	return { laos, adjacency, graph, geometries };
}

/** The Turf union of the members' cells: what the graph's arithmetic stands in for. */
function unionOfMembers(members: readonly string[], geometries: ReadonlyMap<string, MultiPolygon>) {
	return members
		.slice(1)
		.reduce((merged, c) => unionOf(merged, geometries.get(c)!), geometries.get(members[0]!)!);
}

const randomGrid = fc
	.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
		minLength: 1,
		maxLength: 30,
		selector: ([x, y]) => `${x},${y}`
	})
	.map((cells) => gridOfCells(cells, 0.05));

describe('proposeCandidates on random graphs', () => {
	it('proposes contiguous, eligible, single-province, disjoint zones within the range', () => {
		fc.assert(
			fc.property(randomGraph, randomParams, ({ laos, adjacency, graph }, params) => {
				expectValidCandidates(proposeCandidates(laos, graph, params), laos, adjacency, params);
			}),
			{ numRuns: 300 }
		);
	});

	it('is deterministic: the same zones whatever the input order', () => {
		fc.assert(
			fc.property(
				randomGraph.chain((graph) =>
					fc.record({
						graph: fc.constant(graph),
						shuffled: fc.shuffledSubarray(graph.laos, { minLength: graph.laos.length })
					})
				),
				randomParams,
				({ graph, shuffled }, params) => {
					const first = proposeCandidates(graph.laos, graph.graph, params);
					expect(proposeCandidates(graph.laos, graph.graph, params)).toEqual(first);
					expect(proposeCandidates(shuffled, graph.graph, params)).toEqual(first);
				}
			),
			{ numRuns: 200 }
		);
	});

	it('keeps the union at least as compact as asked, measured from the graph as Turf measures the union', () => {
		fc.assert(
			fc.property(
				randomGrid,
				fc.double({ min: 0, max: 0.8, noNaN: true }),
				fc.integer({ min: 1, max: 6 }),
				({ laos, adjacency, graph, geometries }, minCompactness, cellsWanted) => {
					const cellKm2 = laos[0]!.areaKm2;
					const params: CandidateParams = {
						targetAreaKm2: [cellKm2 * (cellsWanted - 0.5), cellKm2 * (cellsWanted + 0.5)],
						minCompactness,
						maxMembers: 6
					};
					const candidates = proposeCandidates(laos, graph, params);
					expectValidCandidates(candidates, laos, adjacency, params);
					for (const candidate of candidates) {
						expect(candidate.compactness).toBeGreaterThanOrEqual(minCompactness);
						const union = unionOfMembers(candidate.members, geometries);
						// Perimeter(A ∪ B) = P_A + P_B − 2·shared: no polygon union behind the figure.
						expect(candidate.compactness!).toBeCloseTo(polsbyPopper(union), 6);
						expect(area(union) / 1e6 / candidate.areaKm2).toBeCloseTo(1, 3);
					}
				}
			),
			{ numRuns: 60 }
		);
	});
});

describe('proposeCandidates figures', () => {
	const { laos, graph } = gridOfCells(
		[
			[0, 0],
			[1, 0],
			[2, 0],
			[5, 5]
		],
		0.05
	);
	const cellKm2 = laos[0]!.areaKm2;
	const input: CandidateLao[] = laos.map((lao, i) => ({
		...lao,
		eligible: true,
		score: [3, 1, 2, 9][i]!,
		population: i === 2 ? null : 100,
		approximate: i === 1
	}));

	it('grows from the best seed by the best neighbour and stops in the range', () => {
		const params: CandidateParams = {
			targetAreaKm2: [cellKm2 * 1.5, cellKm2 * 3],
			minCompactness: 0.5,
			maxMembers: 5
		};
		const [zone, ...rest] = proposeCandidates(input, graph, params);
		// The lone cell (score 9) never reaches the minimum, so it is dropped.
		expect(rest).toEqual([]);
		expect(zone).toMatchObject({
			provinceCode: 'TH40',
			rank: 1,
			members: [code(0), code(1)],
			approximate: true,
			population: 200
		});
		expect(zone!.score).toBeCloseTo(2, 9);
		// Two cells side by side, each 0.05° by 0.05°: at 15° N a cell is cos φ as wide as high,
		// so 4πA/P² = 4π·2w·h / (2·(2w + h))² with w = cos φ, h = 1 (planar, to 3 decimals).
		const w = Math.cos(((15 + 0.025) * Math.PI) / 180);
		expect(zone!.compactness).toBeCloseTo((4 * Math.PI * 2 * w) / (2 * (2 * w + 1)) ** 2, 3);
	});

	it('scores by area-weighted mean and reports an unknown population as null', () => {
		const weighted = input.map((lao, i) => ({ ...lao, areaKm2: i === 2 ? 3 * cellKm2 : cellKm2 }));
		const params: CandidateParams = {
			targetAreaKm2: [4 * cellKm2, 5 * cellKm2],
			minCompactness: 0,
			maxMembers: 3
		};
		const [zone] = proposeCandidates(weighted, graph, params);
		expect(zone!.members).toEqual([code(0), code(1), code(2)]);
		expect(zone!.score).toBeCloseTo((3 + 3 * 2 + 1) / 5, 9);
		expect(zone!.population).toBeNull();
	});

	it('rejects parameters out of range', () => {
		expect(() =>
			proposeCandidates(input, graph, {
				targetAreaKm2: [10, 5],
				minCompactness: 0,
				maxMembers: 3
			})
		).toThrow(/targetAreaKm2/);
	});
});
