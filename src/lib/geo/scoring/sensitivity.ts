import { prepareScoring, weightedScore, type LaoInput, type PreparedScoring } from './score-laos';
import type { ScoringModel } from './scoring-model';
import { mulberry32 } from './seeded-random';

export interface SensitivityOptions {
	/** Number of random weight draws, e.g. 300. */
	draws: number;
	/** Seed of the generator: the same seed gives the same result. */
	seed: number;
	/** Each weight is multiplied by a uniform factor in [1 − perturbation, 1 + perturbation]. */
	perturbation: number;
	/** An LAO counts in a draw when its rank within its province is at most topN. */
	topN: number;
	/** Only this province's LAOs; the draws are the same as for the whole country. */
	provinceCode?: string;
}

export interface LaoSensitivity {
	dlaCode: string;
	provinceCode: string;
	/** Share (0–1) of the draws in which the LAO ranks in its province's top N; null when unscored. */
	topNShare: number | null;
}

/**
 * How firmly each LAO holds its place in its province's top N when the weights move: in each
 * seeded draw every weight is multiplied by its own uniform factor in [1 − p, 1 + p], the LAOs
 * of each province are re-scored with those weights and counted when their competition rank is
 * at most N (ties at the boundary all count).
 *
 * Normalisation is not redone in a draw: it depends on the values only, never on the weights,
 * so the national normalised values are kept and only re-weighted (with the same per-LAO
 * renormalisation over the criteria an LAO has data for). The draws are generated once for the
 * run, draw by draw and criterion by criterion, so one province's result is the same whether it
 * is run alone or with the whole country. Results follow the input order, scoped to the province.
 */
export function sensitivity(
	model: ScoringModel,
	inputs: readonly LaoInput[],
	options: SensitivityOptions,
	prepared: PreparedScoring = prepareScoring(model, inputs)
): LaoSensitivity[] {
	const { draws, seed, perturbation, topN, provinceCode } = options;
	if (!Number.isInteger(draws) || draws < 1) throw new Error('draws must be a whole number ≥ 1');
	if (!(perturbation >= 0 && perturbation < 1)) throw new Error('perturbation must be in [0, 1)');
	if (!Number.isInteger(topN) || topN < 1) throw new Error('topN must be a whole number ≥ 1');
	const k = prepared.criterionCount;
	const random = mulberry32(seed);
	const drawnWeights = new Float64Array(draws * k);
	for (let d = 0; d < draws; d++) {
		for (let j = 0; j < k; j++) {
			drawnWeights[d * k + j] =
				prepared.weights[j]! * (1 - perturbation + 2 * perturbation * random());
		}
	}

	const inScope: number[] = [];
	const byProvince = new Map<string, number[]>();
	for (let i = 0; i < inputs.length; i++) {
		const code = inputs[i]!.provinceCode;
		if (provinceCode !== undefined && code !== provinceCode) continue;
		inScope.push(i);
		if (prepared.ineligibleReasons[i] !== null) continue;
		if (Number.isNaN(weightedScore(prepared, i, prepared.weights))) continue;
		let list = byProvince.get(code);
		if (!list) byProvince.set(code, (list = []));
		list.push(i);
	}

	const counts = new Map<number, number>();
	for (const members of byProvince.values()) {
		const m = members.length;
		const scores = new Float64Array(m);
		const sorted = new Float64Array(m);
		const hits = new Int32Array(m);
		for (let d = 0; d < draws; d++) {
			const weights = drawnWeights.subarray(d * k, d * k + k);
			for (let i = 0; i < m; i++) scores[i] = weightedScore(prepared, members[i]!, weights);
			let threshold = -Infinity;
			if (m > topN) {
				sorted.set(scores);
				sorted.sort();
				threshold = sorted[m - topN]!;
			}
			// Competition rank ≤ N ⇔ fewer than N LAOs score strictly higher ⇔ score ≥ the Nth best.
			for (let i = 0; i < m; i++) if (scores[i]! >= threshold) hits[i]!++;
		}
		for (let i = 0; i < m; i++) counts.set(members[i]!, hits[i]!);
	}

	return inScope.map((i) => {
		const hits = counts.get(i);
		return {
			dlaCode: inputs[i]!.dlaCode,
			provinceCode: inputs[i]!.provinceCode,
			topNShare: hits === undefined ? null : hits / draws
		};
	});
}
