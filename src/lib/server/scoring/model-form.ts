import { z } from 'zod';
import type { ScoringModel } from '../../geo/scoring/scoring-model';
import type { Parsed, Problem } from '../../problem';

/**
 * The scoring-model form of /admin/models, read from its form data into a model document. This
 * step only checks that numbers are numbers (naming the form field); the model's own rules
 * (weights not all zero, no repeated indicator, …) are checked by `publishModelVersion` with the
 * model schema, whose errors name the document path (`criteria.0.weight`).
 */
const numberField = z
	.string()
	.trim()
	.min(1, 'required')
	.transform((text, ctx) => {
		const value = Number(text.replace(',', '.'));
		if (!Number.isFinite(value)) {
			ctx.addIssue({ code: 'custom', message: 'must be a number' });
			return z.NEVER;
		}
		return value;
	});

const text = z.string().trim();

export type ModelFormResult = Parsed<ScoringModel | Record<string, unknown>>;

/** How many criterion rows the form shows at most (the used ones plus empty ones to add). */
export const maxCriterionRows = 12;

/** How many constraint-exclusion rows the form shows at most (used ones plus empty ones). */
export const maxConstraintRows = 6;

/** The largest share of an LAO inside a constraint layer, as the form asks for it: 0–100 %. */
const percentField = numberField.pipe(
	z.number().min(0, 'must be 0 % or more').max(100, 'must be 100 % or less')
);

export function readModelForm(form: FormData): ModelFormResult {
	const problems: Problem[] = [];
	const get = (name: string) => {
		const value = form.get(name);
		return typeof value === 'string' ? value : '';
	};
	const number = (name: string): number | undefined => {
		const parsed = numberField.safeParse(get(name));
		if (parsed.success) return parsed.data;
		problems.push({
			rule: 'form.number',
			field: name,
			message: parsed.error.issues[0]?.message ?? 'invalid'
		});
		return undefined;
	};

	const criteria = [];
	for (let i = 0; i < maxCriterionRows; i++) {
		const indicator = text.parse(get(`criterion.${i}.indicator`));
		if (indicator === '') continue; // an unused row
		criteria.push({
			indicator,
			direction: get(`criterion.${i}.direction`),
			normalisation: get(`criterion.${i}.normalisation`),
			weight: number(`criterion.${i}.weight`)
		});
	}
	// Exclusions by constraint layer: "eligible only when at most x % of its area is inside".
	const constraints = [];
	for (let i = 0; i < maxConstraintRows; i++) {
		const indicator = text.parse(get(`constraint.${i}.indicator`));
		if (indicator === '') continue; // an unused row
		const field = `constraint.${i}.maxSharePercent`;
		const percent = percentField.safeParse(get(field));
		if (!percent.success) {
			problems.push({
				rule: 'form.percent',
				field,
				message: percent.error.issues[0]?.message ?? 'invalid'
			});
			continue;
		}
		constraints.push({ indicator, maxShare: percent.data / 100 });
	}
	const provincesText = text.parse(get('eligibility.provinces'));
	const nameEn = text.parse(get('name_en'));
	const document = {
		name: text.parse(get('name')),
		...(nameEn !== '' && { name_en: nameEn }),
		rationale_th: text.parse(get('rationale_th')),
		rationale_en: text.parse(get('rationale_en')),
		criteria,
		eligibility: {
			laoTypes: form.getAll('eligibility.laoTypes').filter((v) => typeof v === 'string'),
			minAreaKm2: number('eligibility.minAreaKm2'),
			provinces:
				provincesText === ''
					? null
					: provincesText
							.split(/[\s,]+/)
							.filter(Boolean)
							.map((code) => code.toUpperCase()),
			excludeApproximateArea: form.get('eligibility.excludeApproximateArea') === 'on',
			...(constraints.length > 0 && { constraints })
		},
		missingData: { policy: 'renormalise' },
		candidates: {
			targetAreaKm2: [number('candidates.targetMinKm2'), number('candidates.targetMaxKm2')],
			minCompactness: number('candidates.minCompactness'),
			maxMembers: number('candidates.maxMembers')
		}
	};
	return problems.length > 0 ? { ok: false, problems } : { ok: true, value: document };
}

/** Weights carried over from the what-if sliders of /scores: `?w.area_km2=0.5&w.population=0.2`. */
export const carriedWeights = z
	.record(z.string().regex(/^w\.[a-z][a-z0-9_]*$/), z.coerce.number().min(0).max(1000))
	.transform((entries) =>
		Object.fromEntries(Object.entries(entries).map(([key, value]) => [key.slice(2), value]))
	);
