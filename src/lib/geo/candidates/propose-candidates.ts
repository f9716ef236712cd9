import type { MultiPolygon } from 'geojson';
import { polsbyPopper, unionOf } from './polsby-popper';

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
	/** EPSG:4326. Without it compactness is neither checked nor reported. */
	geometry?: MultiPolygon;
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
	/** Turf union of the members' geometries; null when the input had no geometries. */
	geometry: MultiPolygon | null;
	/** Sum of the members' areas in km² (their tambon-based areas). */
	areaKm2: number;
	/** True when any member's area or geometry is approximate (a partly covered tambon). */
	approximate: boolean;
	/** Sum of the members' populations; null when any member's is unknown. */
	population: number | null;
	/** Area-weighted mean of the members' scores. */
	score: number;
	/** Polsby–Popper compactness of the union; null without geometries. */
	compactness: number | null;
}

/** Whether `members` form one connected piece of the adjacency graph. */
export function isContiguous(members: readonly string[], adjacency: LaoAdjacency): boolean {
	if (members.length === 0) return false;
	const inside = new Set(members);
	const reached = new Set([members[0]!]);
	const queue = [members[0]!];
	while (queue.length > 0) {
		for (const next of adjacency.get(queue.pop()!) ?? []) {
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
	geometry: MultiPolygon | null;
	compactness: number | null;
}

/**
 * Proposes candidate zones among the LAOs of a province (several provinces may be given: each
 * is searched on its own and zones never cross a provincial boundary).
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
 * Area is the sum of member areas, not the union's: the tambon layer has no overlaps, so the sum
 * is the union's area except where two members share a partly covered tambon (a municipality
 * and the SAO around it) — both are then marked approximate, and so is the zone. The score is
 * the area-weighted mean of the members' scores: a zone is a piece of land, and a small
 * high-scoring LAO should move the score of a large zone only by its share of the land.
 * Population is null when any member's is unknown, rather than a sum that silently understates.
 */
export function proposeCandidates(
	input: readonly CandidateLao[],
	adjacency: LaoAdjacency,
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
	const usable = (lao: CandidateLao) =>
		lao.eligible &&
		lao.score !== null &&
		Number.isFinite(lao.score) &&
		Number.isFinite(lao.areaKm2) &&
		lao.areaKm2 > 0;
	const seeds = input.filter(usable).sort(byScoreThenCode);
	const used = new Set<string>();
	const zones: Omit<CandidateZone, 'rank'>[] = [];

	for (const seed of seeds) {
		if (used.has(seed.dlaCode) || seed.areaKm2 > maxAreaKm2) continue;
		const seedCompactness = seed.geometry ? polsbyPopper(seed.geometry) : null;
		if (seedCompactness !== null && seedCompactness < params.minCompactness) continue;
		const zone: GrowingZone = {
			members: [seed],
			areaKm2: seed.areaKm2,
			geometry: seed.geometry ?? null,
			compactness: seedCompactness
		};
		const inZone = new Set([seed.dlaCode]);
		while (zone.areaKm2 < minAreaKm2 && zone.members.length < params.maxMembers) {
			const next = bestNeighbour(zone, inZone);
			if (!next) break;
			zone.members.push(next.lao);
			zone.areaKm2 += next.lao.areaKm2;
			zone.geometry = next.geometry;
			zone.compactness = next.compactness;
			inZone.add(next.lao.dlaCode);
		}
		if (zone.areaKm2 < minAreaKm2) continue;
		for (const code of inZone) used.add(code);
		zones.push(summarise(zone));
	}

	function bestNeighbour(zone: GrowingZone, inZone: ReadonlySet<string>) {
		const provinceCode = zone.members[0]!.provinceCode;
		const frontier = new Map<string, CandidateLao>();
		for (const member of zone.members) {
			for (const code of adjacency.get(member.dlaCode) ?? []) {
				const lao = byCode.get(code);
				if (!lao || inZone.has(code) || used.has(code) || frontier.has(code)) continue;
				if (lao.provinceCode !== provinceCode || !usable(lao)) continue;
				if (zone.areaKm2 + lao.areaKm2 > maxAreaKm2) continue;
				frontier.set(code, lao);
			}
		}
		for (const lao of [...frontier.values()].sort(byScoreThenCode)) {
			if (!zone.geometry || !lao.geometry) {
				// Compactness needs every geometry; without them the constraint cannot apply.
				return { lao, geometry: null, compactness: null };
			}
			const geometry = unionOf(zone.geometry, lao.geometry);
			const compactness = polsbyPopper(geometry);
			if (compactness >= params.minCompactness) return { lao, geometry, compactness };
		}
		return undefined;
	}

	return rankWithinProvinces(zones, params.maxCandidates);
}

function summarise(zone: GrowingZone): Omit<CandidateZone, 'rank'> {
	let weightedScore = 0;
	let population: number | null = 0;
	for (const member of zone.members) {
		weightedScore += member.score! * member.areaKm2;
		population =
			population === null || member.population === null ? null : population + member.population;
	}
	return {
		provinceCode: zone.members[0]!.provinceCode,
		members: zone.members.map((member) => member.dlaCode),
		geometry: zone.geometry,
		areaKm2: zone.areaKm2,
		approximate: zone.members.some((member) => member.approximate === true),
		population,
		score: weightedScore / zone.areaKm2,
		compactness: zone.compactness
	};
}

/** Ranks each province's zones (score, then larger area, then first member) and keeps the best. */
function rankWithinProvinces(
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
