import type { LaoScore } from './score-laos';

/**
 * How much one thing explains a model's ranking: the Pearson correlation of the official score
 * with each criterion's normalised value, and with ln(area in km²), over the LAOs with a score
 * (and that value). r² is the share of the score's variance a straight line on that value
 * explains; from 0.5 on, one criterion explains most of the ranking and the page says so.
 */
export const dominanceRSquared = 0.5;

export interface CorrelationFigure {
	/** Pearson r, −1…1; null when fewer than 3 LAOs have both figures or one does not vary. */
	r: number | null;
	/** How many LAOs the figure is computed over. */
	count: number;
}

export interface ModelDiagnostic {
	scoredCount: number;
	criteria: (CorrelationFigure & { indicator: string })[];
	/** Against ln(area_km2), the memo's "large area". */
	lnArea: CorrelationFigure;
	/** The criterion (or `ln_area`) whose r² is at least `dominanceRSquared`, the highest; null if none. */
	dominant: { indicator: string; r: number } | null;
}

/** Pearson's r of paired samples; null when it is undefined (n < 3 or a constant series). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
	const n = xs.length;
	if (n < 3 || ys.length !== n) return null;
	let mx = 0;
	let my = 0;
	for (let i = 0; i < n; i++) {
		mx += xs[i]!;
		my += ys[i]!;
	}
	mx /= n;
	my /= n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = xs[i]! - mx;
		const dy = ys[i]! - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	if (!(sxx > 0) || !(syy > 0)) return null;
	return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

function correlate(pairs: [number, number][]): CorrelationFigure {
	return {
		r: pearson(
			pairs.map((p) => p[0]),
			pairs.map((p) => p[1])
		),
		count: pairs.length
	};
}

/**
 * The diagnostic of a model from its scores (as `scoreLaos` or the store gives them): each
 * breakdown item's normalised value, and the raw `area_km2` (the eligibility's area) for ln(area).
 */
export function diagnoseModel(
	scores: readonly Pick<LaoScore, 'score' | 'breakdown'>[],
	areaOf: (index: number) => number | null,
	indicators: readonly string[]
): ModelDiagnostic {
	const scored = scores.map((s, i) => ({ s, i })).filter(({ s }) => s.score !== null);
	const criteria = indicators.map((indicator) => ({
		indicator,
		...correlate(
			scored.flatMap(({ s }) => {
				const x = s.breakdown.find((b) => b.indicator === indicator)?.normalised;
				return x === null || x === undefined ? [] : [[s.score!, x] as [number, number]];
			})
		)
	}));
	const lnArea = correlate(
		scored.flatMap(({ s, i }) => {
			const area = areaOf(i);
			return area !== null && area > 0 ? [[s.score!, Math.log(area)] as [number, number]] : [];
		})
	);
	let dominant: ModelDiagnostic['dominant'] = null;
	for (const c of [...criteria, { indicator: 'ln_area', ...lnArea }]) {
		if (c.r === null || c.r * c.r < dominanceRSquared) continue;
		if (!dominant || Math.abs(c.r) > Math.abs(dominant.r))
			dominant = { indicator: c.indicator, r: c.r };
	}
	return { scoredCount: scored.length, criteria, lnArea, dominant };
}
