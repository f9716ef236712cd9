import type { LaoType } from '$lib/lao-types';
import type { LaoInput, ScoreBreakdownItem } from '$lib/geo/scoring/score-laos';
import type { ScoringCriterion, ScoringModel } from '$lib/geo/scoring/scoring-model';

/** The official model as the scores page shows it. */
export interface ScoresModelSummary {
	id: number;
	name: string;
	/** English name; the Thai name stands in when the model has none. */
	nameEn: string | null;
	version: number;
	rationaleTh: string;
	rationaleEn: string;
	criteria: ScoringCriterion[];
	candidates: ScoringModel['candidates'];
}

export interface ScoredProvince {
	code: string;
	nameTh: string;
	nameEn: string;
	/** LAOs of the province with an official score. */
	scoredCount: number;
}

/** One scored LAO in the table: the official (stored) figures. */
export interface ScoreRow {
	dlaCode: string;
	nameTh: string;
	nameEn: string | null;
	laoType: LaoType;
	provinceCode: string;
	/** 0–100. */
	score: number;
	nationalRank: number;
	provinceRank: number;
	/** Share (0–1) of 300 perturbed weight draws in which the LAO stays in its province's top 10. */
	sensitivityTop10Share: number | null;
	approximate: boolean;
	/** Share (0–1) of the model's weight on criteria the LAO has no data for. */
	missingWeightShare: number;
	areaKm2: number | null;
	population: number | null;
	/** How DOPA's population estimate was made (shown with the figure), null without one. */
	populationMethod: PopulationMethod | null;
	breakdown: ScoreBreakdownItem[];
}

export type PopulationMethod =
	'dopa_municipal_registration_office' | 'sum_nonmunicipal_pop_of_covered_tambons';

/** What the browser re-scores from: the official model document and every LAO's inputs. */
export interface ScoringInputsResponse {
	modelId: number;
	version: number;
	model: ScoringModel;
	inputs: LaoInput[];
}
