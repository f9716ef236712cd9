import { describe, expect, it } from 'vitest';
import { defaultScoringModel, defaultScoringModelV1 } from './default-model';
import { parseScoringModel, validateScoringModel } from './scoring-model';
import { testModel } from './scoring-fixtures';

const good = testModel([
	{ indicator: 'area_km2', direction: 'benefit', normalisation: 'min_max', weight: 1 }
]);

describe('the scoring model document', () => {
	it('accepts a well-formed model and the default model', () => {
		expect(validateScoringModel(good).valid).toBe(true);
		expect(validateScoringModel(defaultScoringModel).valid).toBe(true);
	});

	it('names the path of each problem', () => {
		const result = validateScoringModel({
			...good,
			criteria: [{ ...good.criteria[0], weight: -1 }],
			eligibility: { ...good.eligibility, laoTypes: ['village'], provinces: ['Bangkok'] },
			candidates: { ...good.candidates, targetAreaKm2: [500, 100] }
		});
		expect(result.valid).toBe(false);
		if (result.valid) return;
		expect(result.issues.map((i) => i.path)).toEqual(
			expect.arrayContaining([
				'criteria.0.weight',
				'eligibility.laoTypes.0',
				'eligibility.provinces.0',
				'candidates.targetAreaKm2'
			])
		);
		expect(() => parseScoringModel({ ...good, name: '' })).toThrow(/name: must not be empty/);
	});

	it('refuses weights that are all 0 and a criterion listed twice', () => {
		const zero = validateScoringModel({
			...good,
			criteria: [{ ...good.criteria[0], weight: 0 }]
		});
		expect(zero).toMatchObject({ valid: false, reason: 'criteria: weights must not all be 0' });
		const twice = validateScoringModel({
			...good,
			criteria: [good.criteria[0], good.criteria[0]]
		});
		expect(twice).toMatchObject({ valid: false });
		if (!twice.valid) expect(twice.issues[0]!.path).toBe('criteria.1.indicator');
	});

	it('takes a constraint layer version as a cost criterion only, and as an exclusion once', () => {
		const share = {
			indicator: 'constraint_parks_v2',
			direction: 'cost',
			normalisation: 'min_max',
			weight: 0.2
		} as const;
		expect(validateScoringModel({ ...good, criteria: [...good.criteria, share] }).valid).toBe(true);
		const benefit = validateScoringModel({
			...good,
			criteria: [...good.criteria, { ...share, direction: 'benefit' }]
		});
		expect(!benefit.valid && benefit.issues.map((i) => i.path)).toEqual(['criteria.1.direction']);
		const exclusion = { indicator: 'constraint_parks_v2', maxShare: 0.1 };
		const twice = validateScoringModel({
			...good,
			eligibility: { ...good.eligibility, constraints: [exclusion, exclusion] }
		});
		expect(!twice.valid && twice.issues.map((i) => i.path)).toEqual([
			'eligibility.constraints.1.indicator'
		]);
		const unversioned = validateScoringModel({
			...good,
			eligibility: {
				...good.eligibility,
				constraints: [{ indicator: 'constraint_parks', maxShare: 0.1 }]
			}
		});
		expect(!unversioned.valid && unversioned.issues[0]).toEqual({
			path: 'eligibility.constraints.0.indicator',
			message: 'must name a constraint layer version'
		});
	});

	it('builds the first edition from the built-in indicators and the second from presence per km², not size alone', () => {
		expect(defaultScoringModelV1.criteria.map((c) => [c.indicator, c.direction])).toEqual([
			['area_km2', 'benefit'],
			['population_density', 'cost'],
			['population', 'benefit'],
			['compactness', 'benefit']
		]);
		expect(defaultScoringModel.criteria.map((c) => [c.indicator, c.direction])).toEqual([
			['area_km2', 'benefit'],
			['osm_local_assets_per_km2', 'benefit'],
			['osm_places_of_worship_per_km2', 'benefit'],
			['osm_schools_per_km2', 'benefit'],
			['population', 'benefit'],
			['compactness', 'benefit']
		]);
		expect(defaultScoringModel.eligibility).toMatchObject({
			laoTypes: ['subdistrict_admin_org'],
			provinces: null
		});
	});
});
