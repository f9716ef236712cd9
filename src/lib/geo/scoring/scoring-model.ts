import { z } from 'zod';
import { laoTypes } from '../../lao-types';

/** Bangkok (BMA) is not in DLA's registry, so it has no LAO to score. */
export const bangkokProvinceCode = 'TH10';

/** A constraint layer version's share indicator, `constraint_<key>_v<n>` (issue 13). */
export const constraintIndicatorPattern = /^constraint_[a-z0-9_]+_v[0-9]+$/;
export const isConstraintIndicator = (indicator: string) =>
	constraintIndicatorPattern.test(indicator);

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

export const scoringCriterionSchema = z.object({
	/** An indicator key, as stored by the indicator import (e.g. `area_km2`). */
	indicator: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be an indicator key (a-z, 0-9, _)'),
	/** `benefit`: more is better; `cost`: less is better (the normalised value is inverted). */
	direction: z.enum(['benefit', 'cost']),
	normalisation: z.enum(['min_max', 'percentile_rank']),
	/** Relative weight; only ratios between weights matter. */
	weight: finite().min(0, 'must be 0 or more')
});

export const scoringModelSchema = z
	.object({
		/** The model's name, Thai; a new version keeps its name. */
		name: z.string().trim().min(1, 'must not be empty'),
		/** The name shown on the English pages; the Thai name when absent. */
		name_en: z.string().trim().min(1, 'must not be empty').optional(),
		version: z.number().int().positive().optional(),
		rationale_th: z.string().trim().min(1, 'must not be empty'),
		rationale_en: z.string().trim().min(1, 'must not be empty'),
		criteria: z.array(scoringCriterionSchema).min(1, 'needs at least one criterion'),
		eligibility: z.object({
			laoTypes: z.array(z.enum(laoTypes)).min(1, 'needs at least one LAO type'),
			minAreaKm2: finite().min(0, 'must be 0 or more'),
			/** Province codes (`TH` + 2 digits); null means every province (Bangkok has no LAO). */
			provinces: z
				.array(z.string().regex(/^TH[0-9]{2}$/, 'must be a province code such as TH30'))
				.min(1, 'must list at least one province, or be null for all')
				.nullable(),
			/** Leave out LAOs whose area is built from tambons they only partly cover. */
			excludeApproximateArea: z.boolean().optional(),
			/**
			 * Constraint layers as exclusions: an LAO is eligible only when its share of area inside
			 * the layer version (`constraint_<key>_v<n>`) is at most `maxShare` (0–1).
			 */
			constraints: z
				.array(
					z.object({
						indicator: z
							.string()
							.regex(constraintIndicatorPattern, 'must name a constraint layer version'),
						maxShare: finite().min(0, 'must be 0 or more').max(1, 'must be 1 or less')
					})
				)
				.optional()
		}),
		missingData: z.object({ policy: z.literal('renormalise') }),
		candidates: z.object({
			/** The area a candidate zone should reach, [smallest, largest], in km². */
			targetAreaKm2: z
				.tuple([finite().positive('must be more than 0'), finite().positive('must be more than 0')])
				.refine(([min, max]) => min <= max, 'the smallest area must not exceed the largest'),
			/** 0–1; 1 is a disc. */
			minCompactness: finite().min(0, 'must be 0 or more').max(1, 'must be 1 or less'),
			maxMembers: z.number().int().min(1, 'must be 1 or more')
		})
	})
	.superRefine((model, ctx) => {
		if (model.criteria.length > 0 && model.criteria.every((c) => c.weight === 0)) {
			ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'weights must not all be 0' });
		}
		const seen = new Set<string>();
		model.criteria.forEach((c, i) => {
			// A constraint layer's share (national park, flood-prone land …) can only count against an
			// LAO: as a criterion it is a cost, the less of the LAO inside the layer the better.
			if (isConstraintIndicator(c.indicator) && c.direction !== 'cost') {
				ctx.addIssue({
					code: 'custom',
					path: ['criteria', i, 'direction'],
					message: `${c.indicator} is a constraint layer's share: it must be a cost (less is better)`
				});
			}
			if (seen.has(c.indicator)) {
				ctx.addIssue({
					code: 'custom',
					path: ['criteria', i, 'indicator'],
					message: `indicator ${c.indicator} is already a criterion`
				});
			}
			seen.add(c.indicator);
		});
		const excluded = new Set<string>();
		(model.eligibility.constraints ?? []).forEach((c, i) => {
			if (excluded.has(c.indicator)) {
				ctx.addIssue({
					code: 'custom',
					path: ['eligibility', 'constraints', i, 'indicator'],
					message: `${c.indicator} is already an exclusion`
				});
			}
			excluded.add(c.indicator);
		});
	});

export type ScoringModel = z.infer<typeof scoringModelSchema>;
export type ScoringCriterion = z.infer<typeof scoringCriterionSchema>;

export type ScoringModelValidation =
	| { valid: true; model: ScoringModel }
	| { valid: false; reason: string; issues: { path: string; message: string }[] };

/** Checks a model document; every problem names its path, e.g. `criteria.0.weight`. */
export function validateScoringModel(document: unknown): ScoringModelValidation {
	const parsed = scoringModelSchema.safeParse(document);
	if (parsed.success) return { valid: true, model: parsed.data };
	const issues = parsed.error.issues.map((issue) => ({
		path: issue.path.map(String).join('.') || '(model)',
		message: issue.message
	}));
	return {
		valid: false,
		reason: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
		issues
	};
}

/** Like `validateScoringModel`, but throws an error naming each bad path. */
export function parseScoringModel(document: unknown): ScoringModel {
	const result = validateScoringModel(document);
	if (!result.valid) throw new Error(`Invalid scoring model: ${result.reason}`);
	return result.model;
}

/** The indicator holding each LAO's area, which eligibility reads. */
export const areaIndicatorKey = 'area_km2';

/** Indicator keys a model reads: its criteria, plus the area that eligibility checks. */
export function indicatorKeysOf(model: ScoringModel): string[] {
	return [
		...new Set([
			...model.criteria.map((c) => c.indicator),
			areaIndicatorKey,
			...(model.eligibility.constraints ?? []).map((c) => c.indicator)
		])
	];
}
