import { polsbyPopperOf, type LaoGraph } from './lao-graph';
import {
	checkCandidateParams,
	isUsableLao,
	type CandidateLao,
	type CandidateParams
} from './propose-candidates';

/**
 * The exact candidate search (issue 13 item 5), in two steps that need no polygon:
 *
 * 1. `enumerateZoneSets` lists every connected set of at most `maxMembers` eligible, scored LAOs
 *    of one province whose summed area is within the target range and whose union is at least
 *    `minCompactness` compact (perimeter from the graph, `lao-graph.ts`).
 * 2. `setPackingModel` states the choice of at most N disjoint sets with the largest total
 *    score × area as a set-packing MILP, which HiGHS solves (`highs-solver.ts`).
 *
 * Why this formulation rather than flow-based contiguity constraints: with the models' member
 * limit (5 by default) the sets are few (Khon Kaen ≈ 8,000, Nakhon Ratchasima ≈ 25,000 with
 * the default model), contiguity, the area range and compactness are checked exactly while
 * listing (compactness is not linear, so a flow model could only approximate it), and the MILP
 * is a pure 0/1 packing whose LP bound is tight. Its limit is the member limit: the number of
 * connected sets grows exponentially with it, so `maxSets` stops the listing and the caller
 * falls back to the greedy answer, saying why (a flow model is the way past that limit).
 */
export interface ZoneSet {
	/** Indices into the province's LAO list, best score first (the "seed"). */
	members: number[];
	areaKm2: number;
	/** Perimeter of the union in km; null when a member has none in the graph. */
	perimeterKm: number | null;
	/** Σ score × area of the members, points·km². */
	weight: number;
}

export interface ZoneSetEnumeration {
	/** The province's usable LAOs (eligible, scored, area ≤ max), by DLA code. */
	laos: CandidateLao[];
	sets: ZoneSet[];
	/** True when listing stopped at `maxSets`: the sets are not all the possible zones. */
	truncated: boolean;
}

/** Default cap on the sets listed for one province: ≈ 10× the largest province seen. */
export const defaultMaxSets = 250_000;

/**
 * Every connected set of the province's usable LAOs within the parameters (see the file's
 * comment), each once. ESU enumeration (Wernicke 2006): a set is grown only by neighbours with a
 * larger index than its first vertex that are not already next to it, so each connected set is
 * reached by exactly one path; a branch whose area passes the maximum is cut (areas only add).
 */
export function enumerateZoneSets(
	input: readonly CandidateLao[],
	graph: LaoGraph,
	params: CandidateParams,
	options: { maxSets?: number } = {}
): ZoneSetEnumeration {
	const check = checkCandidateParams(params);
	if (!check.valid) throw new RangeError(check.reason);
	const [minAreaKm2, maxAreaKm2] = params.targetAreaKm2;
	const maxSets = options.maxSets ?? defaultMaxSets;
	const laos = input
		.filter((lao) => isUsableLao(lao) && lao.areaKm2 <= maxAreaKm2)
		.sort((a, b) => (a.dlaCode < b.dlaCode ? -1 : a.dlaCode > b.dlaCode ? 1 : 0));
	const provinces = new Set(laos.map((lao) => lao.provinceCode));
	if (provinces.size > 1) throw new RangeError('enumerateZoneSets: one province at a time');
	const n = laos.length;
	const index = new Map(laos.map((lao, i) => [lao.dlaCode, i]));
	const area = laos.map((lao) => lao.areaKm2);
	const perimeter = laos.map((lao) => graph.perimeterKm.get(lao.dlaCode) ?? null);
	const neighbours: number[][] = laos.map(() => []);
	const shared: Map<number, number>[] = laos.map(() => new Map());
	laos.forEach((lao, i) => {
		for (const [code, km] of graph.neighbours.get(lao.dlaCode) ?? []) {
			const j = index.get(code);
			if (j === undefined) continue;
			neighbours[i]!.push(j);
			shared[i]!.set(j, km);
		}
	});

	const sets: ZoneSet[] = [];
	let truncated = false;
	// How many members of the current set are, or are next to, each vertex.
	const near = new Int32Array(n);
	const sub: number[] = [];

	const record = (areaKm2: number, perimeterKm: number | null) => {
		if (areaKm2 < minAreaKm2) return;
		if (perimeterKm !== null && polsbyPopperOf(areaKm2, perimeterKm) < params.minCompactness)
			return;
		const members = [...sub].sort(
			(a, b) => laos[b]!.score! - laos[a]!.score! || (laos[a]!.dlaCode < laos[b]!.dlaCode ? -1 : 1)
		);
		let weight = 0;
		for (const m of members) weight += laos[m]!.score! * laos[m]!.areaKm2;
		sets.push({ members, areaKm2, perimeterKm, weight });
		if (sets.length >= maxSets) truncated = true;
	};
	const enter = (v: number) => {
		sub.push(v);
		near[v]!++;
		for (const u of neighbours[v]!) near[u]!++;
	};
	const leave = (v: number) => {
		sub.pop();
		near[v]!--;
		for (const u of neighbours[v]!) near[u]!--;
	};
	const extend = (
		extension: number[],
		root: number,
		areaKm2: number,
		perimeterKm: number | null
	) => {
		record(areaKm2, perimeterKm);
		if (truncated || sub.length >= params.maxMembers) return;
		const pending = [...extension];
		while (pending.length > 0 && !truncated) {
			const w = pending.pop()!;
			if (areaKm2 + area[w]! > maxAreaKm2) continue;
			// Exclusive neighbours of w: beyond the root, neither in the set nor next to it.
			const next = [...pending];
			for (const u of neighbours[w]!) if (u > root && near[u] === 0) next.push(u);
			let nextPerimeter: number | null = null;
			if (perimeterKm !== null && perimeter[w] !== null) {
				nextPerimeter = perimeterKm + perimeter[w]!;
				for (const m of sub) nextPerimeter -= 2 * (shared[w]!.get(m) ?? 0);
				nextPerimeter = Math.max(nextPerimeter, 0);
			}
			enter(w);
			extend(next, root, areaKm2 + area[w]!, nextPerimeter);
			leave(w);
		}
	};
	for (let v = 0; v < n && !truncated; v++) {
		enter(v);
		extend(
			neighbours[v]!.filter((u) => u > v),
			v,
			area[v]!,
			perimeter[v] ?? null
		);
		leave(v);
	}
	return { laos, sets, truncated };
}

/**
 * The set-packing MILP in HiGHS's column-wise form: maximise Σ weight_s·x_s over binary x, with
 * one row per LAO (Σ of the sets that contain it ≤ 1: zones are disjoint) and one row
 * Σ x_s ≤ `maxZones`. Plain arrays, so it can be posted to the solver's worker thread.
 */
export interface SetPackingModel {
	numCols: number;
	numRows: number;
	colCost: Float64Array;
	/** Column starts (length numCols + 1), row indices and values of the CSC matrix. */
	starts: Int32Array;
	indices: Int32Array;
	values: Float64Array;
	rowUpper: Float64Array;
}

export function setPackingModel(
	enumeration: Pick<ZoneSetEnumeration, 'laos' | 'sets'>,
	maxZones: number
): SetPackingModel {
	const { laos, sets } = enumeration;
	const numRows = laos.length + 1;
	const cardinalityRow = laos.length;
	let nonZeros = 0;
	for (const set of sets) nonZeros += set.members.length + 1;
	const starts = new Int32Array(sets.length + 1);
	const indices = new Int32Array(nonZeros);
	const values = new Float64Array(nonZeros).fill(1);
	const colCost = new Float64Array(sets.length);
	let k = 0;
	sets.forEach((set, j) => {
		starts[j] = k;
		colCost[j] = set.weight;
		for (const m of [...set.members].sort((a, b) => a - b)) indices[k++] = m;
		indices[k++] = cardinalityRow;
	});
	starts[sets.length] = k;
	const rowUpper = new Float64Array(numRows).fill(1);
	rowUpper[cardinalityRow] = maxZones;
	return { numCols: sets.length, numRows, colCost, starts, indices, values, rowUpper };
}

/** The key of a set of DLA codes, whatever their order. */
export const zoneKey = (members: readonly string[]) => [...members].sort().join(',');

/**
 * A quick feasible answer to start the solver from: the heaviest sets first, each taken when it
 * shares no LAO with those taken, up to `maxZones`. The LP bound of this packing is tight on the
 * real data; what HiGHS lacks in a short time is a good answer, and this is one.
 */
export function packHeaviestFirst(
	enumeration: Pick<ZoneSetEnumeration, 'laos' | 'sets'>,
	maxZones: number
): number[] {
	const order = enumeration.sets.map((_, j) => j);
	order.sort((a, b) => enumeration.sets[b]!.weight - enumeration.sets[a]!.weight || a - b);
	const taken = new Uint8Array(enumeration.laos.length);
	const chosen: number[] = [];
	for (const j of order) {
		if (chosen.length >= maxZones) break;
		const members = enumeration.sets[j]!.members;
		if (members.some((m) => taken[m] === 1)) continue;
		for (const m of members) taken[m] = 1;
		chosen.push(j);
	}
	return chosen;
}

/**
 * Improves a packing by "ruin and recreate": drop one chosen set, or two, and refill heaviest
 * first with sets that share no LAO with those kept; keep the change when the total weight
 * grows. Repeats until no change helps (or `maxRounds`). A better start lets HiGHS prove a
 * small gap in its time limit on a busy machine; HiGHS, not this, decides optimality.
 */
export function improvePacking(
	enumeration: Pick<ZoneSetEnumeration, 'laos' | 'sets'>,
	start: readonly number[],
	maxZones: number,
	maxRounds = 20
): number[] {
	const { laos, sets } = enumeration;
	const order = sets.map((_, j) => j);
	order.sort((a, b) => sets[b]!.weight - sets[a]!.weight || a - b);
	const weightOf = (chosen: readonly number[]) => chosen.reduce((s, j) => s + sets[j]!.weight, 0);
	const taken = new Uint8Array(laos.length);

	/** Keeps `kept` and fills heaviest first (never re-adding a dropped set) up to `maxZones`. */
	const refill = (kept: readonly number[], dropped: ReadonlySet<number>) => {
		taken.fill(0);
		for (const j of kept) for (const m of sets[j]!.members) taken[m] = 1;
		const chosen = [...kept];
		for (const j of order) {
			if (chosen.length >= maxZones) break;
			if (dropped.has(j)) continue;
			const members = sets[j]!.members;
			if (members.some((m) => taken[m] === 1)) continue;
			for (const m of members) taken[m] = 1;
			chosen.push(j);
		}
		return chosen;
	};

	let best = [...start];
	let bestWeight = weightOf(best);
	for (let round = 0; round < maxRounds; round++) {
		let improved = false;
		for (let a = 0; a < best.length && !improved; a++) {
			for (let b = a; b < best.length && !improved; b++) {
				const dropped = new Set([best[a]!, best[b]!]);
				const candidate = refill(
					best.filter((j) => !dropped.has(j)),
					dropped
				);
				const weight = weightOf(candidate);
				if (weight > bestWeight + 1e-9) {
					best = candidate;
					bestWeight = weight;
					improved = true;
				}
			}
		}
		if (!improved) break;
	}
	return best;
}
