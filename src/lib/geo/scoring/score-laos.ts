import type { LaoType } from '../../lao-types';
import { areaIndicatorKey, bangkokProvinceCode, type ScoringModel } from './scoring-model';

/** One indicator value of one LAO, as the indicator import stores it. */
export interface IndicatorValue {
	value: number;
	/** True when the figure is built from tambons the LAO only partly covers, so it overstates. */
	approximate: boolean;
}

/** One LAO as the scoring engine sees it; `values` is keyed by indicator, null = no data. */
export interface LaoInput {
	dlaCode: string;
	provinceCode: string;
	laoType: LaoType;
	values: Record<string, IndicatorValue | null | undefined>;
}

/** Why an LAO is left out; stored and shown as is, translated by the interface. */
export type IneligibleReason =
	| 'lao_type_not_in_model'
	| 'province_not_in_model'
	| 'area_unknown'
	| 'area_below_minimum'
	| 'area_approximate'
	| 'constraint_share_unknown'
	| 'constraint_share_above_maximum';

export interface ScoreBreakdownItem {
	indicator: string;
	/** The LAO's value in the indicator's own unit; null when it has none. */
	raw: number | null;
	/** 0–1, 1 = best (cost criteria already inverted); null when not normalised. */
	normalised: number | null;
	/** The weight in the model. */
	weight: number;
	/** The share of the score this criterion carries for this LAO after renormalisation (0–1). */
	effectiveWeight: number;
	/** Points of the 0–100 score from this criterion: 100 × effectiveWeight × normalised. */
	contribution: number | null;
	approximate: boolean;
}

export interface LaoScore {
	dlaCode: string;
	provinceCode: string;
	eligible: boolean;
	ineligibleReason: IneligibleReason | null;
	/** 0–100, 100 = best; null when ineligible or when no criterion with weight has data. */
	score: number | null;
	breakdown: ScoreBreakdownItem[];
	/** Share (0–1) of the model's total weight on criteria this LAO has no data for. */
	missingWeightShare: number;
	/** True when any figure behind the score or the eligibility is approximate. */
	approximate: boolean;
	/** 1 = best; LAOs with equal scores share a rank (1, 2, 2, 4). */
	nationalRank: number | null;
	provinceRank: number | null;
}

/**
 * The model applied to the inputs up to the weights: eligibility, and each criterion's
 * normalised value per LAO (row-major, `laoCount × criterionCount`, NaN = not normalised).
 * Normalisation does not depend on the weights, so sensitivity draws reuse it.
 */
export interface PreparedScoring {
	model: ScoringModel;
	inputs: readonly LaoInput[];
	laoCount: number;
	criterionCount: number;
	ineligibleReasons: (IneligibleReason | null)[];
	normalised: Float64Array;
	weights: Float64Array;
}

function valueOf(input: LaoInput, indicator: string): IndicatorValue | null {
	const v = input.values[indicator];
	return v && Number.isFinite(v.value) ? v : null;
}

export function ineligibleReasonOf(model: ScoringModel, input: LaoInput): IneligibleReason | null {
	const rules = model.eligibility;
	if (!rules.laoTypes.includes(input.laoType)) return 'lao_type_not_in_model';
	if (rules.provinces === null) {
		if (input.provinceCode === bangkokProvinceCode) return 'province_not_in_model';
	} else if (!rules.provinces.includes(input.provinceCode)) return 'province_not_in_model';
	const area = valueOf(input, areaIndicatorKey);
	if (rules.minAreaKm2 > 0 || rules.excludeApproximateArea) {
		if (!area) return 'area_unknown';
		if (area.value < rules.minAreaKm2) return 'area_below_minimum';
		if (rules.excludeApproximateArea && area.approximate) return 'area_approximate';
	}
	for (const constraint of rules.constraints ?? []) {
		const share = valueOf(input, constraint.indicator);
		if (!share) return 'constraint_share_unknown';
		if (share.value > constraint.maxShare) return 'constraint_share_above_maximum';
	}
	return null;
}

/**
 * Normalises one criterion over the LAOs in `members` (eligible, with data) into `out`
 * (stride `stride`, offset `column`), 1 = best.
 *
 * - `min_max`: (v − min) / (max − min). When every value is equal nothing separates the LAOs,
 *   so each gets 1: the criterion neither reorders them nor counts against them.
 * - `percentile_rank`: (r − 1) / (n − 1), r the 1-based ascending rank with ties given their
 *   average rank; a single LAO, or all equal, gets 1 as above.
 * Cost criteria are inverted afterwards (1 − x).
 */
function normaliseCriterion(
	values: Float64Array,
	members: Int32Array,
	method: 'min_max' | 'percentile_rank',
	cost: boolean,
	out: Float64Array,
	stride: number,
	column: number
) {
	const n = members.length;
	if (n === 0) return;
	const put = (lao: number, x: number) => {
		out[lao * stride + column] = cost ? 1 - x : x;
	};
	if (method === 'min_max') {
		let min = Infinity;
		let max = -Infinity;
		for (let i = 0; i < n; i++) {
			const v = values[members[i]!]!;
			if (v < min) min = v;
			if (v > max) max = v;
		}
		const span = max - min;
		for (let i = 0; i < n; i++) {
			const lao2 = members[i]!;
			put(lao2, span > 0 ? (values[lao2]! - min) / span : 1);
		}
		return;
	}
	const order = Int32Array.from(members).sort((a, b) => values[a]! - values[b]!);
	if (values[order[0]!] === values[order[n - 1]!]) {
		for (let i = 0; i < n; i++) put(order[i]!, 1);
		return;
	}
	let start = 0;
	while (start < n) {
		let end = start;
		while (end + 1 < n && values[order[end + 1]!] === values[order[start]!]) end++;
		// 0-based positions start..end share the average 1-based rank; (r − 1) = (start + end) / 2.
		const x = (start + end) / 2 / (n - 1);
		for (let i = start; i <= end; i++) put(order[i]!, x);
		start = end + 1;
	}
}

export function prepareScoring(model: ScoringModel, inputs: readonly LaoInput[]): PreparedScoring {
	const laoCount = inputs.length;
	const criterionCount = model.criteria.length;
	const ineligibleReasons = inputs.map((input) => ineligibleReasonOf(model, input));
	const normalised = new Float64Array(laoCount * criterionCount).fill(Number.NaN);
	const weights = Float64Array.from(model.criteria, (c) => c.weight);
	const values = new Float64Array(laoCount);
	const members = new Int32Array(laoCount);
	model.criteria.forEach((criterion, column) => {
		let count = 0;
		for (let i = 0; i < laoCount; i++) {
			const v = valueOf(inputs[i]!, criterion.indicator);
			values[i] = v ? v.value : Number.NaN;
			if (v && ineligibleReasons[i] === null) members[count++] = i;
		}
		normaliseCriterion(
			values,
			members.subarray(0, count),
			criterion.normalisation,
			criterion.direction === 'cost',
			normalised,
			criterionCount,
			column
		);
	});
	return { model, inputs, laoCount, criterionCount, ineligibleReasons, normalised, weights };
}

/**
 * Rounds a 0–100 score to 1e-9 so that scores equal in exact arithmetic compare equal
 * despite the order of floating-point sums (and so share a rank).
 */
export function roundScore(score: number): number {
	return Math.round(score * 1e9) / 1e9;
}

/**
 * The weighted mean of an LAO's normalised values over the criteria it has data for
 * (weights renormalised over those criteria), 0–100; NaN when none with a weight has data.
 */
export function weightedScore(prepared: PreparedScoring, lao: number, weights: ArrayLike<number>) {
	const k = prepared.criterionCount;
	const row = lao * k;
	let sum = 0;
	let weightWithData = 0;
	for (let j = 0; j < k; j++) {
		const x = prepared.normalised[row + j]!;
		if (x === x) {
			sum += weights[j]! * x;
			weightWithData += weights[j]!;
		}
	}
	if (!(weightWithData > 0)) return Number.NaN;
	return roundScore(Math.min(100, Math.max(0, (100 * sum) / weightWithData)));
}

/**
 * Competition ranks (1 = best, equal scores share a rank) of the LAOs in `order`, which must be
 * sorted best first; written into `ranks`.
 */
function assignRanks(order: readonly number[], scores: Float64Array, ranks: Int32Array) {
	for (let i = 0; i < order.length; i++) {
		const lao = order[i]!;
		const previous = order[i - 1];
		ranks[lao] =
			previous !== undefined && scores[previous] === scores[lao] ? ranks[previous]! : i + 1;
	}
}

/**
 * Scores every LAO with the model: eligibility, normalisation over the eligible LAOs that have
 * the data (national ranges), cost criteria inverted, weights renormalised per LAO over the
 * criteria it has data for, then national and provincial ranks. Results follow the input order.
 * Ties in rank are listed by DLA code; the score itself never depends on the input order.
 */
export function scoreLaos(
	model: ScoringModel,
	inputs: readonly LaoInput[],
	options: {
		/**
		 * `prepareScoring` of a model that differs from `model` at most in its weights (the
		 * what-if sliders): normalisation does not depend on weights, so it is done once.
		 */
		prepared?: PreparedScoring;
		/** Return only these LAOs (ranks stay national and provincial over all of them). */
		only?: (input: LaoInput) => boolean;
	} = {}
): LaoScore[] {
	const prepared = options.prepared ?? prepareScoring(model, inputs);
	const { laoCount, criterionCount: k, normalised } = prepared;
	const weights = Float64Array.from(model.criteria, (c) => c.weight);
	const totalWeight = weights.reduce((a, b) => a + b, 0);
	const scores = new Float64Array(laoCount).fill(Number.NaN);
	const ranked: number[] = [];
	for (let i = 0; i < laoCount; i++) {
		if (prepared.ineligibleReasons[i] !== null) continue;
		scores[i] = weightedScore(prepared, i, weights);
		if (scores[i] === scores[i]) ranked.push(i);
	}
	ranked.sort(
		(a, b) =>
			scores[b]! - scores[a]! ||
			(inputs[a]!.dlaCode < inputs[b]!.dlaCode
				? -1
				: inputs[a]!.dlaCode > inputs[b]!.dlaCode
					? 1
					: 0)
	);
	const nationalRanks = new Int32Array(laoCount);
	assignRanks(ranked, scores, nationalRanks);
	const byProvince = new Map<string, number[]>();
	for (const lao of ranked) {
		const code = inputs[lao]!.provinceCode;
		let list = byProvince.get(code);
		if (!list) byProvince.set(code, (list = []));
		list.push(lao);
	}
	const provinceRanks = new Int32Array(laoCount);
	for (const list of byProvince.values()) assignRanks(list, scores, provinceRanks);

	const results: LaoScore[] = [];
	inputs.forEach((input, i) => {
		if (options.only && !options.only(input)) return;
		const ineligibleReason = prepared.ineligibleReasons[i] ?? null;
		const score = scores[i]!;
		const hasScore = score === score;
		let weightWithData = 0;
		let missingWeight = 0;
		for (let j = 0; j < k; j++) {
			const x = normalised[i * k + j]!;
			if (x === x) weightWithData += weights[j]!;
			else if (!valueOf(input, model.criteria[j]!.indicator)) missingWeight += weights[j]!;
		}
		const breakdown = model.criteria.map((criterion, j): ScoreBreakdownItem => {
			const value = valueOf(input, criterion.indicator);
			const x = normalised[i * k + j]!;
			const effectiveWeight = hasScore && x === x ? criterion.weight / weightWithData : 0;
			return {
				indicator: criterion.indicator,
				raw: value ? value.value : null,
				normalised: x === x ? x : null,
				weight: criterion.weight,
				effectiveWeight,
				contribution: hasScore && x === x ? 100 * effectiveWeight * x : null,
				approximate: value?.approximate ?? false
			};
		});
		const area = valueOf(input, areaIndicatorKey);
		results.push({
			dlaCode: input.dlaCode,
			provinceCode: input.provinceCode,
			eligible: ineligibleReason === null,
			ineligibleReason,
			score: hasScore ? score : null,
			breakdown,
			missingWeightShare: totalWeight > 0 ? missingWeight / totalWeight : 0,
			approximate:
				breakdown.some((b) => b.approximate && b.raw !== null) || (area?.approximate ?? false),
			nationalRank: hasScore ? nationalRanks[i]! : null,
			provinceRank: hasScore ? provinceRanks[i]! : null
		});
	});
	return results;
}
