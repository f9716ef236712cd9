import type { MultiPolygon } from 'geojson';
import { polsbyPopperOf, type LaoGraph } from './lao-graph';

/**
 * LAO adjacency: each LAO's DLA code to the codes of the LAOs it borders (symmetric, never
 * itself). Built on the server from the tambon layer (`getLaoAdjacency`).
 */
export type LaoAdjacency = ReadonlyMap<string, ReadonlySet<string>>;

/** One LAO as the candidate search sees it. */
export interface CandidateLao {
	dlaCode: string;
	provinceCode: string;
	/** Whether the LAO may join a candidate zone (the scoring's verdict). */
	eligible: boolean;
	/** Higher is better; an LAO without a score cannot be ranked, so never joins a candidate. */
	score: number | null;
	/** Area in km², from the LAO's linked tambons (see `approximate`). */
	areaKm2: number;
	/** Registered population, or null when unknown. */
	population: number | null;
	/** True when a linked tambon is only partly covered, so area and geometry overstate. */
	approximate?: boolean;
}

export interface CandidateParams {
	/** The target area of a zone in km², `[min, max]`. */
	targetAreaKm2: readonly [number, number];
	/** Lowest Polsby–Popper compactness (0–1) a growing zone may reach. */
	minCompactness: number;
	/** Most LAOs in one zone. */
	maxMembers: number;
	/** Most candidates kept per province, the best ranked first; all when absent. */
	maxCandidates?: number;
}

/** A proposed zone: contiguous eligible LAOs of one province. */
export interface CandidateZone {
	provinceCode: string;
	/** 1 for the best candidate of its province (by score, then area, then first member). */
	rank: number;
	/** DLA codes in the order they joined: the seed first. */
	members: string[];
	/**
	 * The outline (Turf union of the members), added only where a map or export needs it
	 * (`withOutlines`); null otherwise.
	 */
	geometry: MultiPolygon | null;
	/** Sum of the members' areas in km² (their tambon-based areas). */
	areaKm2: number;
	/** True when any member's area or geometry is approximate (a partly covered tambon). */
	approximate: boolean;
	/** Sum of the members' populations; null when any member's is unknown. */
	population: number | null;
	/** Area-weighted mean of the members' scores. */
	score: number;
	/**
	 * Polsby–Popper compactness of the union from the graph's perimeters and shared boundaries
	 * (`lao-graph.ts`); null when a member has no perimeter in the graph.
	 */
	compactness: number | null;
}

/** Whether `members` form one connected piece of the adjacency graph (sets or the graph's maps). */
export function isContiguous(
	members: readonly string[],
	adjacency: LaoAdjacency | LaoGraph['neighbours']
): boolean {
	if (members.length === 0) return false;
	const inside = new Set(members);
	const reached = new Set([members[0]!]);
	const queue = [members[0]!];
	while (queue.length > 0) {
		for (const next of adjacency.get(queue.pop()!)?.keys() ?? []) {
			if (inside.has(next) && !reached.has(next)) {
				reached.add(next);
				queue.push(next);
			}
		}
	}
	return reached.size === inside.size;
}

/** Checks the parameters; the reason names the first bad one. */
export function checkCandidateParams(
	params: CandidateParams
): { valid: true } | { valid: false; reason: string } {
	const [min, max] = params.targetAreaKm2;
	if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max)) {
		return { valid: false, reason: 'targetAreaKm2: must be [min, max] with 0 ≤ min ≤ max' };
	}
	if (!(params.minCompactness >= 0 && params.minCompactness <= 1)) {
		return { valid: false, reason: 'minCompactness: must be between 0 and 1' };
	}
	if (!(Number.isInteger(params.maxMembers) && params.maxMembers >= 1)) {
		return { valid: false, reason: 'maxMembers: must be a positive integer' };
	}
	const { maxCandidates } = params;
	if (maxCandidates !== undefined && !(Number.isInteger(maxCandidates) && maxCandidates >= 0)) {
		return { valid: false, reason: 'maxCandidates: must be a non-negative integer' };
	}
	return { valid: true };
}

/** Best first: higher score, then the smaller DLA code, so every run picks the same LAO. */
function byScoreThenCode(a: CandidateLao, b: CandidateLao) {
	return b.score! - a.score! || (a.dlaCode < b.dlaCode ? -1 : a.dlaCode > b.dlaCode ? 1 : 0);
}

interface GrowingZone {
	members: CandidateLao[];
	areaKm2: number;
	/** Perimeter of the union in km; null when a member has none in the graph. */
	perimeterKm: number | null;
}

/** Whether an LAO can be ranked and counted: eligible, scored, with a positive area. */
export const isUsableLao = (lao: CandidateLao) =>
	lao.eligible &&
	lao.score !== null &&
	Number.isFinite(lao.score) &&
	Number.isFinite(lao.areaKm2) &&
	lao.areaKm2 > 0;

/**
 * Proposes candidate zones among the LAOs of a province (several provinces may be given: each
 * is searched on its own and zones never cross a provincial boundary). The fast answer; see
 * `optimise-candidates.ts` for the exact one.
 *
 * Greedy region growing, deterministic:
 * 1. Seeds are the eligible, scored LAOs in order of score (ties: DLA code). A seed already in
 *    a zone, larger than the maximum area, or less compact than `minCompactness` is skipped.
 * 2. The zone grows by the best-scored (ties: DLA code) adjacent LAO of the same province that is
 *    eligible, scored and in no zone yet, among those that keep the summed area ≤ max, the union
 *    ≥ `minCompactness` and the member count ≤ `maxMembers`. It stops as soon as its area reaches
 *    the minimum (it is then in the target range) or when no neighbour fits.
 * 3. A zone that reached the minimum is kept and its members are used; one that did not is
 *    dropped and its members stay free for later seeds. Below-minimum zones are never proposed:
 *    the range is the planner's requirement, and a smaller group is not "the best possible"
 *    zone but a hint that the range or the eligibility is too strict for that area.
 *
 * Compactness comes from the graph, never from a polygon union: the union's perimeter is the
 * members' perimeters less twice their shared boundaries (`lao-graph.ts`), its area the sum of
 * the members' areas. The tambon layer has no overlaps, so the sum is the union's area except
 * where two members share a partly covered tambon (a municipality and the SAO around it) — both
 * are then marked approximate, and so is the zone. The score is the area-weighted mean of the
 * members' scores: a zone is a piece of land, and a small high-scoring LAO should move the score
 * of a large zone only by its share of the land. Population is null when any member's is
 * unknown, rather than a sum that silently understates.
 */
export function proposeCandidates(
	input: readonly CandidateLao[],
	graph: LaoGraph,
	params: CandidateParams
): CandidateZone[] {
	const check = checkCandidateParams(params);
	if (!check.valid) throw new RangeError(check.reason);
	const [minAreaKm2, maxAreaKm2] = params.targetAreaKm2;

	const byCode = new Map<string, CandidateLao>();
	for (const lao of input) {
		if (byCode.has(lao.dlaCode)) throw new RangeError(`LAO ${lao.dlaCode} given twice`);
		byCode.set(lao.dlaCode, lao);
	}
	const seeds = input.filter(isUsableLao).sort(byScoreThenCode);
	const used = new Set<string>();
	const zones: Omit<CandidateZone, 'rank'>[] = [];

	for (const seed of seeds) {
		if (used.has(seed.dlaCode) || seed.areaKm2 > maxAreaKm2) continue;
		const seedPerimeterKm = graph.perimeterKm.get(seed.dlaCode) ?? null;
		if (
			seedPerimeterKm !== null &&
			polsbyPopperOf(seed.areaKm2, seedPerimeterKm) < params.minCompactness
		)
			continue;
		const zone: GrowingZone = {
			members: [seed],
			areaKm2: seed.areaKm2,
			perimeterKm: seedPerimeterKm
		};
		const inZone = new Set([seed.dlaCode]);
		while (zone.areaKm2 < minAreaKm2 && zone.members.length < params.maxMembers) {
			const next = bestNeighbour(zone, inZone);
			if (!next) break;
			zone.members.push(next.lao);
			zone.areaKm2 += next.lao.areaKm2;
			zone.perimeterKm = next.perimeterKm;
			inZone.add(next.lao.dlaCode);
		}
		if (zone.areaKm2 < minAreaKm2) continue;
		for (const code of inZone) used.add(code);
		zones.push(summariseZone(zone.members, zone.perimeterKm));
	}

	function bestNeighbour(zone: GrowingZone, inZone: ReadonlySet<string>) {
		const provinceCode = zone.members[0]!.provinceCode;
		const frontier = new Map<string, CandidateLao>();
		for (const member of zone.members) {
			for (const code of graph.neighbours.get(member.dlaCode)?.keys() ?? []) {
				const lao = byCode.get(code);
				if (!lao || inZone.has(code) || used.has(code) || frontier.has(code)) continue;
				if (lao.provinceCode !== provinceCode || !isUsableLao(lao)) continue;
				if (zone.areaKm2 + lao.areaKm2 > maxAreaKm2) continue;
				frontier.set(code, lao);
			}
		}
		for (const lao of [...frontier.values()].sort(byScoreThenCode)) {
			const own = graph.perimeterKm.get(lao.dlaCode);
			if (zone.perimeterKm === null || own === undefined) {
				// Compactness needs every perimeter; without them the constraint cannot apply.
				return { lao, perimeterKm: null };
			}
			let perimeterKm = zone.perimeterKm + own;
			const around = graph.neighbours.get(lao.dlaCode);
			for (const member of zone.members) perimeterKm -= 2 * (around?.get(member.dlaCode) ?? 0);
			perimeterKm = Math.max(perimeterKm, 0);
			if (polsbyPopperOf(zone.areaKm2 + lao.areaKm2, perimeterKm) >= params.minCompactness)
				return { lao, perimeterKm };
		}
		return undefined;
	}

	return rankWithinProvinces(zones, params.maxCandidates);
}

/** A zone's figures from its members (seed first) and the union's perimeter in km. */
export function summariseZone(
	members: readonly CandidateLao[],
	perimeterKm: number | null
): Omit<CandidateZone, 'rank'> {
	let weightedScore = 0;
	let areaKm2 = 0;
	let population: number | null = 0;
	for (const member of members) {
		weightedScore += member.score! * member.areaKm2;
		areaKm2 += member.areaKm2;
		population =
			population === null || member.population === null ? null : population + member.population;
	}
	return {
		provinceCode: members[0]!.provinceCode,
		members: members.map((member) => member.dlaCode),
		geometry: null,
		areaKm2,
		approximate: members.some((member) => member.approximate === true),
		population,
		score: weightedScore / areaKm2,
		compactness: perimeterKm === null ? null : polsbyPopperOf(areaKm2, perimeterKm)
	};
}

/**
 * The objective both searches serve, in points·km²: the sum over the zones of score × area
 * (each member's score × its area). It rewards covering land with high scores, so a large zone
 * of good LAOs beats a small zone of excellent ones only when it carries more scored land.
 */
export function candidatesObjective(zones: readonly Pick<CandidateZone, 'score' | 'areaKm2'>[]) {
	return zones.reduce((sum, zone) => sum + zone.score * zone.areaKm2, 0);
}

/** Ranks each province's zones (score, then larger area, then first member) and keeps the best. */
export function rankWithinProvinces(
	zones: Omit<CandidateZone, 'rank'>[],
	maxCandidates: number | undefined
): CandidateZone[] {
	const byProvince = new Map<string, Omit<CandidateZone, 'rank'>[]>();
	for (const zone of zones) {
		const list = byProvince.get(zone.provinceCode) ?? [];
		list.push(zone);
		byProvince.set(zone.provinceCode, list);
	}
	const ranked: CandidateZone[] = [];
	for (const provinceCode of [...byProvince.keys()].sort()) {
		const list = byProvince
			.get(provinceCode)!
			.sort(
				(a, b) =>
					b.score - a.score ||
					b.areaKm2 - a.areaKm2 ||
					(a.members[0]! < b.members[0]! ? -1 : a.members[0]! > b.members[0]! ? 1 : 0)
			);
		list
			.slice(0, maxCandidates ?? list.length)
			.forEach((zone, index) => ranked.push({ ...zone, rank: index + 1 }));
	}
	return ranked;
}
