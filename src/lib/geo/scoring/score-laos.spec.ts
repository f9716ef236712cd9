import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareScoring, scoreLaos, type LaoScore } from './score-laos';
import { testLao, testModel } from './scoring-fixtures';

const byCode = (scores: LaoScore[]) => Object.fromEntries(scores.map((s) => [s.dlaCode, s]));

describe('scoreLaos normalisation', () => {
	it('maps min–max to 0–100 over the eligible LAOs', () => {
		const model = testModel([
			{ indicator: 'area_km2', direction: 'benefit', normalisation: 'min_max', weight: 1 }
		]);
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { area_km2: 10 }),
				testLao('6000002', { area_km2: 20 }),
				testLao('6000003', { area_km2: 50 }),
				// Ineligible: its value must not stretch the range.
				testLao('5000001', { area_km2: 1000 }, { laoType: 'subdistrict_municipality' })
			])
		);
		expect(s['6000001']!.score).toBe(0);
		expect(s['6000002']!.score).toBe(25);
		expect(s['6000003']!.score).toBe(100);
		expect(s['6000002']!.breakdown[0]).toMatchObject({
			indicator: 'area_km2',
			raw: 20,
			normalised: 0.25,
			weight: 1,
			effectiveWeight: 1,
			contribution: 25
		});
		expect(s['5000001']).toMatchObject({
			eligible: false,
			ineligibleReason: 'lao_type_not_in_model',
			score: null,
			nationalRank: null
		});
	});

	it('gives every LAO 1 on a min–max criterion where all values are equal', () => {
		const model = testModel([
			{ indicator: 'x', direction: 'benefit', normalisation: 'min_max', weight: 1 }
		]);
		const scores = scoreLaos(model, [testLao('6000001', { x: 3 }), testLao('6000002', { x: 3 })]);
		expect(scores.map((s) => s.score)).toEqual([100, 100]);
		expect(scores.map((s) => s.nationalRank)).toEqual([1, 1]);
	});

	it('ranks by percentile with ties given their average rank', () => {
		const model = testModel([
			{ indicator: 'x', direction: 'benefit', normalisation: 'percentile_rank', weight: 1 }
		]);
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { x: 5 }),
				testLao('6000002', { x: 1 }),
				testLao('6000003', { x: 5 }),
				testLao('6000004', { x: 1000 }),
				testLao('6000005', { x: 2 })
			])
		);
		// Ascending ranks 1, 2, 3.5, 3.5, 5 → (r − 1) / 4.
		expect(s['6000002']!.breakdown[0]!.normalised).toBe(0);
		expect(s['6000005']!.breakdown[0]!.normalised).toBe(0.25);
		expect(s['6000001']!.breakdown[0]!.normalised).toBe(0.625);
		expect(s['6000003']!.breakdown[0]!.normalised).toBe(0.625);
		expect(s['6000004']!.breakdown[0]!.normalised).toBe(1);
	});

	it('inverts cost criteria so that less is better', () => {
		const model = testModel([
			{ indicator: 'density', direction: 'cost', normalisation: 'min_max', weight: 1 }
		]);
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { density: 10 }),
				testLao('6000002', { density: 110 }),
				testLao('6000003', { density: 60 })
			])
		);
		expect(s['6000001']!.score).toBe(100);
		expect(s['6000002']!.score).toBe(0);
		expect(s['6000003']!.score).toBe(50);
	});
});

describe('scoreLaos weights and missing data', () => {
	const model = testModel([
		{ indicator: 'a', direction: 'benefit', normalisation: 'min_max', weight: 3 },
		{ indicator: 'b', direction: 'benefit', normalisation: 'min_max', weight: 1 }
	]);

	it('takes the weighted mean of the normalised values', () => {
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { a: 0, b: 10 }),
				testLao('6000002', { a: 10, b: 0 }),
				testLao('6000003', { a: 5, b: 5 })
			])
		);
		expect(s['6000001']!.score).toBe(25);
		expect(s['6000002']!.score).toBe(75);
		expect(s['6000003']!.score).toBe(50);
		const contributions = s['6000003']!.breakdown.map((b) => b.contribution);
		expect(contributions[0]).toBeCloseTo(37.5, 12);
		expect(contributions[1]).toBeCloseTo(12.5, 12);
		expect(s['6000003']!.missingWeightShare).toBe(0);
	});

	it('renormalises the weights over the criteria an LAO has data for', () => {
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { a: 0, b: 10 }),
				testLao('6000002', { a: 10, b: 0 }),
				testLao('6000003', { a: null, b: 10 }),
				testLao('6000004', { b: 0 }),
				testLao('6000005', { a: null, b: null })
			])
		);
		expect(s['6000003']).toMatchObject({ score: 100, missingWeightShare: 0.75 });
		expect(s['6000003']!.breakdown[0]).toMatchObject({
			raw: null,
			normalised: null,
			effectiveWeight: 0,
			contribution: null
		});
		expect(s['6000003']!.breakdown[1]).toMatchObject({ effectiveWeight: 1, contribution: 100 });
		expect(s['6000004']).toMatchObject({ score: 0, missingWeightShare: 0.75 });
		// Eligible but without any data: no score, no rank, all weight missing.
		expect(s['6000005']).toMatchObject({
			eligible: true,
			score: null,
			missingWeightShare: 1,
			nationalRank: null
		});
	});

	it('marks a score approximate when a value behind it is', () => {
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { a: { value: 1, approximate: true }, b: 1 }),
				testLao('6000002', { a: 2, b: 2 })
			])
		);
		expect(s['6000001']!.approximate).toBe(true);
		expect(s['6000001']!.breakdown[0]!.approximate).toBe(true);
		expect(s['6000002']!.approximate).toBe(false);
	});
});

describe('scoreLaos eligibility', () => {
	const criteria = [
		{ indicator: 'x', direction: 'benefit', normalisation: 'min_max', weight: 1 }
	] as const;

	it('names the reason an LAO is left out', () => {
		const model = testModel([...criteria], {
			laoTypes: ['subdistrict_admin_org', 'subdistrict_municipality'],
			minAreaKm2: 20,
			provinces: ['TH30', 'TH40'],
			excludeApproximateArea: true
		});
		const s = byCode(
			scoreLaos(model, [
				testLao('6000001', { x: 1, area_km2: 25 }),
				testLao('5000001', { x: 1, area_km2: 25 }, { laoType: 'subdistrict_municipality' }),
				testLao('4000001', { x: 1, area_km2: 25 }, { laoType: 'town_municipality' }),
				testLao('6000002', { x: 1, area_km2: 25 }, { provinceCode: 'TH50' }),
				testLao('6000003', { x: 1, area_km2: 19.9 }),
				testLao('6000004', { x: 1, area_km2: null }),
				testLao('6000005', { x: 1, area_km2: { value: 30, approximate: true } })
			])
		);
		expect(
			Object.fromEntries(Object.values(s).map((l) => [l.dlaCode, l.ineligibleReason]))
		).toEqual({
			'6000001': null,
			'5000001': null,
			'4000001': 'lao_type_not_in_model',
			'6000002': 'province_not_in_model',
			'6000003': 'area_below_minimum',
			'6000004': 'area_unknown',
			'6000005': 'area_approximate'
		});
		expect(s['6000005']!.approximate).toBe(true);
	});

	it('leaves Bangkok out when the model names no provinces', () => {
		const model = testModel([...criteria]);
		const [bangkok] = scoreLaos(model, [testLao('6000001', { x: 1 }, { provinceCode: 'TH10' })]);
		expect(bangkok!.ineligibleReason).toBe('province_not_in_model');
	});
});

describe('scoreLaos ranks', () => {
	it('gives equal scores the same rank (1, 2, 2, 4), nationally and by province', () => {
		const model = testModel([
			{ indicator: 'x', direction: 'benefit', normalisation: 'min_max', weight: 1 }
		]);
		const scores = scoreLaos(model, [
			testLao('6000004', { x: 5 }, { provinceCode: 'TH40' }),
			testLao('6000003', { x: 5 }, { provinceCode: 'TH30' }),
			testLao('6000001', { x: 9 }, { provinceCode: 'TH30' }),
			testLao('6000002', { x: 1 }, { provinceCode: 'TH40' }),
			testLao('6000005', { x: 7 }, { provinceCode: 'TH40' })
		]);
		const s = byCode(scores);
		expect(scores.map((l) => l.dlaCode)).toEqual([
			'6000004',
			'6000003',
			'6000001',
			'6000002',
			'6000005'
		]);
		expect(s['6000001']).toMatchObject({ nationalRank: 1, provinceRank: 1 });
		expect(s['6000005']).toMatchObject({ nationalRank: 2, provinceRank: 1 });
		expect(s['6000003']).toMatchObject({ nationalRank: 3, provinceRank: 2 });
		expect(s['6000004']).toMatchObject({ nationalRank: 3, provinceRank: 2 });
		expect(s['6000002']).toMatchObject({ nationalRank: 5, provinceRank: 3 });
	});
});

// Properties on random small sets of LAOs with two or three criteria.
const criterionArb = fc.record({
	indicator: fc.constantFrom('a', 'b', 'c'),
	direction: fc.constantFrom('benefit' as const, 'cost' as const),
	normalisation: fc.constantFrom('min_max' as const, 'percentile_rank' as const),
	weight: fc.double({ min: 0.01, max: 10, noNaN: true })
});
const criteriaArb = fc.uniqueArray(criterionArb, {
	minLength: 1,
	maxLength: 3,
	selector: (c) => c.indicator
});
const valueArb = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { freq: 5 });
const laosArb = fc.array(
	fc.record({ a: valueArb, b: valueArb, c: valueArb, province: fc.constantFrom('TH30', 'TH40') }),
	{ minLength: 1, maxLength: 30 }
);
const toInputs = (
	laos: { a: number | null; b: number | null; c: number | null; province: string }[]
) =>
	laos.map((l, i) =>
		testLao(String(6000000 + i), { a: l.a, b: l.b, c: l.c }, { provinceCode: l.province })
	);

describe('scoreLaos properties', () => {
	it('never lowers an LAO’s score when one of its benefit values improves', () => {
		fc.assert(
			fc.property(
				criteriaArb,
				laosArb,
				fc.nat(),
				fc.double({ min: 0, max: 1e6, noNaN: true }),
				(criteria, laos, pick, gain) => {
					const model = testModel(
						criteria.map((c, i) => (i === 0 ? { ...c, direction: 'benefit' } : c))
					);
					const key = criteria[0]!.indicator as 'a' | 'b' | 'c';
					const index = pick % laos.length;
					const lao = laos[index]!;
					const before = lao[key];
					fc.pre(before !== null);
					const better = laos.map((l, i) => (i === index ? { ...l, [key]: before + gain } : l));
					const scoreBefore = scoreLaos(model, toInputs(laos))[index]!.score;
					const scoreAfter = scoreLaos(model, toInputs(better))[index]!.score;
					if (scoreBefore === null) return;
					expect(scoreAfter).not.toBeNull();
					expect(scoreAfter!).toBeGreaterThanOrEqual(scoreBefore - 1e-9);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('keeps scores and ranks when every weight is scaled by the same positive factor', () => {
		fc.assert(
			fc.property(
				criteriaArb,
				laosArb,
				fc.double({ min: 0.001, max: 1000, noNaN: true }),
				(criteria, laos, factor) => {
					const inputs = toInputs(laos);
					const base = scoreLaos(testModel(criteria), inputs);
					const scaled = scoreLaos(
						testModel(criteria.map((c) => ({ ...c, weight: c.weight * factor }))),
						inputs
					);
					scaled.forEach((s, i) => {
						const b = base[i]!;
						if (b.score === null) expect(s.score).toBeNull();
						else expect(s.score).toBeCloseTo(b.score, 6);
						expect(s.nationalRank).toBe(b.nationalRank);
						expect(s.provinceRank).toBe(b.provinceRank);
					});
				}
			),
			{ numRuns: 300 }
		);
	});
});

describe('scoreLaos with prepared normalisation (the what-if sliders)', () => {
	it('gives for new weights exactly what a fresh run gives, for the LAOs asked for', () => {
		fc.assert(
			fc.property(
				criteriaArb,
				laosArb,
				fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
				(criteria, laos, newWeights) => {
					const inputs = toInputs(laos);
					const official = testModel(criteria);
					const whatIf = testModel(criteria.map((c, i) => ({ ...c, weight: newWeights[i]! })));
					fc.pre(whatIf.criteria.some((c) => c.weight > 0));
					const fresh = scoreLaos(whatIf, inputs).filter((s) => s.provinceCode === 'TH40');
					const reused = scoreLaos(whatIf, inputs, {
						prepared: prepareScoring(official, inputs),
						only: (input) => input.provinceCode === 'TH40'
					});
					expect(reused).toEqual(fresh);
				}
			),
			{ numRuns: 200 }
		);
	});
});
