import type { LaoType } from '$lib/lao-types';

/** One member LAO of a candidate zone, named as officials write it (see `laoDisplayName`). */
export interface CandidateMember {
	dlaCode: string;
	nameTh: string;
	nameEn: string | null;
	laoType: LaoType;
}

/** A district a candidate zone lies in. */
export interface CandidateDistrict {
	code: string;
	nameTh: string;
	nameEn: string | null;
}

/**
 * A criterion that lifts a candidate: its members' area-weighted points from this criterion
 * less the mean points of the province's eligible LAOs (points of the 0–100 score).
 */
export interface CandidateReason {
	indicator: string;
	/** `cost`: less is better, so the zone stands out by a low value (low density). */
	direction: 'benefit' | 'cost';
	liftPoints: number;
}

/** A candidate zone as pages and exports show it (no geometry). */
export interface NamedCandidate {
	provinceCode: string;
	rank: number;
	/** Best score first. */
	members: CandidateMember[];
	districts: CandidateDistrict[];
	areaKm2: number;
	population: number | null;
	/** Area-weighted mean of the members' scores, 0–100. */
	score: number;
	compactness: number | null;
	approximate: boolean;
	/** The criteria that lift it most, strongest first (at most two); empty when none does. */
	why: CandidateReason[];
}

/**
 * How the list was found. `optimal`: HiGHS proved it the best (within `gap`); `time_limit`:
 * HiGHS stopped at its time limit with this answer, `gap` says how far from the bound;
 * `pending`: the optimiser is still running, the fast (greedy) answer is shown;
 * `not_optimised`: the optimiser could not do better, the greedy answer is shown, `reason` says why.
 */
export interface CandidateOptimisation {
	state: 'optimal' | 'time_limit' | 'pending' | 'not_optimised';
	reason: 'solver_failed' | 'too_many_zones' | 'no_better_answer' | null;
	/** The solver's own words for a failure (English, for administrators). */
	detail: string | null;
	/** Σ score × area of the zones shown, points·km². */
	objective: number;
	/** Σ score × area of the greedy answer. */
	greedyObjective: number;
	/** HiGHS's bound: no answer can be better; null when not optimised. */
	bestBound: number | null;
	/** (bestBound − objective) / objective, 0–1; null when not optimised. */
	gap: number | null;
	/** How many possible zones were weighed; null while pending. */
	setCount: number | null;
	solveMs: number | null;
	computedAt: string | null;
}

/** The answer of `/api/candidates` for one province. */
export interface CandidatesAnswer {
	model: { id: number; name: string; nameEn: string | null; version: number };
	provinceCode: string;
	method: 'exact' | 'greedy';
	optimisation: CandidateOptimisation;
	candidates: NamedCandidate[];
}

/** The most candidates listed per province (the optimiser's N). */
export const maxCandidatesPerProvince = 20;
