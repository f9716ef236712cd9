import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polsbyPopperOf, type LaoGraph } from '../../geo/candidates/lao-graph';
import {
	enumerateZoneSets,
	improvePacking,
	packHeaviestFirst,
	setPackingModel,
	type ZoneSetEnumeration
} from '../../geo/candidates/optimise-candidates';
import {
	candidatesObjective,
	isContiguous,
	isUsableLao,
	proposeCandidates,
	type CandidateLao,
	type CandidateParams
} from '../../geo/candidates/propose-candidates';
import { solveSetPacking } from './highs-solver';

const code = (i: number) => String(1000000 + i);

/**
 * A random province: up to 9 LAOs, random areas, scores and eligibility, a random symmetric
 * adjacency with random shared boundaries, and perimeters large enough to be consistent.
 */
const randomProvince = fc
	.integer({ min: 1, max: 9 })
	.chain((n) =>
		fc.record({
			laos: fc.tuple(
				...Array.from({ length: n }, (_, i) =>
					fc.record({
						dlaCode: fc.constant(code(i)),
						provinceCode: fc.constant('TH40'),
						eligible: fc.integer({ min: 0, max: 4 }).map((k) => k !== 0),
						score: fc.option(fc.integer({ min: 0, max: 100 }), { freq: 8 }),
						areaKm2: fc.integer({ min: 10, max: 200 }),
						population: fc.constant(null)
					})
				)
			),
			edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 1, max: 20 })), {
				maxLength: n * 3
			}),
			perimeters: fc.array(fc.integer({ min: 40, max: 120 }), { minLength: n, maxLength: n })
		})
	)
	.map(({ laos, edges, perimeters }) => {
		const neighbours = new Map<string, Map<string, number>>();
		for (const [i, j, km] of edges) {
			if (i === j) continue;
			for (const [from, to] of [
				[i, j],
				[j, i]
			] as const) {
				const m = neighbours.get(code(from)) ?? new Map<string, number>();
				m.set(code(to), km);
				neighbours.set(code(from), m);
			}
		}
		const graph: LaoGraph = {
			perimeterKm: new Map(perimeters.map((p, i) => [code(i), p])),
			neighbours
		};
		return { laos: laos as CandidateLao[], graph };
	});

const randomParams = fc
	.record({
		min: fc.integer({ min: 10, max: 250 }),
		width: fc.integer({ min: 0, max: 400 }),
		maxMembers: fc.integer({ min: 1, max: 4 }),
		minCompactness: fc.constantFrom(0, 0.05, 0.2),
		maxZones: fc.integer({ min: 1, max: 3 })
	})
	.map(({ min, width, maxMembers, minCompactness, maxZones }) => ({
		params: {
			targetAreaKm2: [min, min + width],
			minCompactness,
			maxMembers,
			maxCandidates: maxZones
		} satisfies CandidateParams,
		maxZones
	}));

/** Every feasible zone by brute force over all subsets: the definition, not the algorithm. */
function bruteForceSets(laos: readonly CandidateLao[], graph: LaoGraph, params: CandidateParams) {
	const usable = laos.filter((lao) => isUsableLao(lao));
	const found: string[] = [];
	for (let mask = 1; mask < 1 << usable.length; mask++) {
		const members = usable.filter((_, i) => mask & (1 << i));
		if (members.length > params.maxMembers) continue;
		const codes = members.map((m) => m.dlaCode);
		if (!isContiguous(codes, graph.neighbours)) continue;
		const areaKm2 = members.reduce((s, m) => s + m.areaKm2, 0);
		if (areaKm2 < params.targetAreaKm2[0] || areaKm2 > params.targetAreaKm2[1]) continue;
		let perimeterKm = 0;
		for (const [i, a] of codes.entries()) {
			perimeterKm += graph.perimeterKm.get(a)!;
			for (const b of codes.slice(0, i)) perimeterKm -= 2 * (graph.neighbours.get(a)?.get(b) ?? 0);
		}
		if (polsbyPopperOf(areaKm2, Math.max(perimeterKm, 0)) < params.minCompactness) continue;
		found.push([...codes].sort().join(','));
	}
	return found.sort();
}

/** The best total weight of at most `maxZones` disjoint sets, by trying every family. */
function bruteForceOptimum(enumeration: ZoneSetEnumeration, maxZones: number): number {
	const { sets } = enumeration;
	let best = 0;
	const search = (from: number, used: Set<number>, count: number, weight: number) => {
		best = Math.max(best, weight);
		if (count === maxZones) return;
		for (let j = from; j < sets.length; j++) {
			const members = sets[j]!.members;
			if (members.some((m) => used.has(m))) continue;
			const next = new Set(used);
			for (const m of members) next.add(m);
			search(j + 1, next, count + 1, weight + sets[j]!.weight);
		}
	};
	search(0, new Set(), 0, 0);
	return best;
}

describe('enumerateZoneSets on random graphs', () => {
	it('lists every feasible zone exactly once, as brute force over all subsets does', () => {
		fc.assert(
			fc.property(randomProvince, randomParams, ({ laos, graph }, { params }) => {
				const { sets, laos: listed, truncated } = enumerateZoneSets(laos, graph, params);
				expect(truncated).toBe(false);
				const keys = sets.map((s) =>
					s.members
						.map((m) => listed[m]!.dlaCode)
						.sort()
						.join(',')
				);
				expect(keys.sort()).toEqual(bruteForceSets(laos, graph, params));
			}),
			{ numRuns: 400 }
		);
	});

	it('stops at maxSets and says so', () => {
		const laos = Array.from({ length: 6 }, (_, i) => ({
			dlaCode: code(i),
			provinceCode: 'TH40',
			eligible: true,
			score: 50,
			areaKm2: 10,
			population: null
		}));
		const neighbours = new Map(
			laos.map((a) => [a.dlaCode, new Map(laos.filter((b) => b !== a).map((b) => [b.dlaCode, 1]))])
		);
		const graph: LaoGraph = { perimeterKm: new Map(), neighbours };
		const params = {
			targetAreaKm2: [10, 60] as [number, number],
			minCompactness: 0,
			maxMembers: 6
		};
		expect(enumerateZoneSets(laos, graph, params).sets).toHaveLength(63);
		const capped = enumerateZoneSets(laos, graph, params, { maxSets: 10 });
		expect(capped.truncated).toBe(true);
		expect(capped.sets).toHaveLength(10);
	});
});

describe('solveSetPacking (HiGHS) on random graphs', () => {
	it('finds the true optimum, never below the greedy answer nor the heuristic start', async () => {
		await fc.assert(
			fc.asyncProperty(
				randomProvince,
				randomParams,
				async ({ laos, graph }, { params, maxZones }) => {
					const enumeration = enumerateZoneSets(laos, graph, params);
					const optimum = bruteForceOptimum(enumeration, maxZones);
					const start = improvePacking(
						enumeration,
						packHeaviestFirst(enumeration, maxZones),
						maxZones
					);
					const result = await solveSetPacking(setPackingModel(enumeration, maxZones), {
						timeLimitSeconds: 20,
						relativeGap: 0,
						start
					});
					expect(result.status).toBe('optimal');
					if (result.status === 'failed') return;
					expect(result.objective).toBeCloseTo(optimum, 6);
					expect(result.gap).toBeLessThanOrEqual(1e-6);
					// The chosen sets are what the objective says: disjoint, at most maxZones.
					const chosen = result.chosen.map((j) => enumeration.sets[j]!);
					expect(chosen.length).toBeLessThanOrEqual(maxZones);
					const members = chosen.flatMap((s) => s.members);
					expect(new Set(members).size).toBe(members.length);
					expect(chosen.reduce((s, set) => s + set.weight, 0)).toBeCloseTo(result.objective, 6);
					const startWeight = start.reduce((s, j) => s + enumeration.sets[j]!.weight, 0);
					expect(result.objective).toBeGreaterThanOrEqual(startWeight - 1e-6);
					const greedy = proposeCandidates(laos, graph, params);
					expect(result.objective).toBeGreaterThanOrEqual(candidatesObjective(greedy) - 1e-6);
				}
			),
			{ numRuns: 25 }
		);
	});

	it('reports a failure instead of throwing when HiGHS cannot solve', async () => {
		// A time limit of 0 s stops HiGHS before it has any answer.
		const laos = Array.from({ length: 4 }, (_, i) => ({
			dlaCode: code(i),
			provinceCode: 'TH40',
			eligible: true,
			score: 10 + i,
			areaKm2: 50,
			population: null
		}));
		const graph: LaoGraph = {
			perimeterKm: new Map(),
			neighbours: new Map(
				laos.map((a) => [
					a.dlaCode,
					new Map(laos.filter((b) => b !== a).map((b) => [b.dlaCode, 1]))
				])
			)
		};
		const enumeration = enumerateZoneSets(laos, graph, {
			targetAreaKm2: [100, 200],
			minCompactness: 0,
			maxMembers: 4
		});
		const result = await solveSetPacking(setPackingModel(enumeration, 2), {
			timeLimitSeconds: 0,
			relativeGap: 0
		});
		expect(result.status).toBe('failed');
		if (result.status === 'failed') expect(result.reason).toMatch(/timeLimit|HiGHS/);
	});
});
