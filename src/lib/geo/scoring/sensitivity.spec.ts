import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreLaos } from './score-laos';
import { testLao, testModel } from './scoring-fixtures';
import { mulberry32 } from './seeded-random';
import { sensitivity } from './sensitivity';

const model = testModel([
	{ indicator: 'a', direction: 'benefit', normalisation: 'min_max', weight: 1 },
	{ indicator: 'b', direction: 'benefit', normalisation: 'min_max', weight: 1 }
]);
const options = { draws: 300, seed: 42, perturbation: 0.2, topN: 2 };

describe('sensitivity', () => {
	it('keeps a clear leader in the top N in every draw and a clear laggard in none', () => {
		const inputs = [
			testLao('6000001', { a: 10, b: 10 }),
			testLao('6000002', { a: 9, b: 1 }),
			testLao('6000003', { a: 1, b: 9 }),
			testLao('6000004', { a: 0, b: 0 }),
			testLao('6000005', { a: null, b: null }),
			testLao('6000006', { a: 10, b: 10 }, { provinceCode: 'TH40' })
		];
		const shares = Object.fromEntries(
			sensitivity(model, inputs, options).map((s) => [s.dlaCode, s.topNShare])
		);
		expect(shares['6000001']).toBe(1);
		expect(shares['6000004']).toBe(0);
		expect(shares['6000005']).toBeNull();
		expect(shares['6000006']).toBe(1);
		// 6000002 and 6000003 swap places as the two weights move: each holds second place
		// in some draws only, and exactly one of them holds it in each draw.
		expect(shares['6000002']! + shares['6000003']!).toBeCloseTo(1, 12);
		expect(shares['6000002']).toBeGreaterThan(0.2);
		expect(shares['6000002']).toBeLessThan(0.8);
	});

	it('gives one province the same result alone as with the whole country', () => {
		const inputs = [
			testLao('6000001', { a: 10, b: 3 }),
			testLao('6000002', { a: 9, b: 4 }),
			testLao('6000003', { a: 1, b: 9 }),
			testLao('6000006', { a: 5, b: 5 }, { provinceCode: 'TH40' })
		];
		const all = sensitivity(model, inputs, options).filter((s) => s.provinceCode === 'TH30');
		expect(sensitivity(model, inputs, { ...options, provinceCode: 'TH30' })).toEqual(all);
	});

	it('gives the same result for the same seed', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						a: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
						b: fc.option(fc.double({ min: 0, max: 100, noNaN: true }))
					}),
					{ minLength: 1, maxLength: 25 }
				),
				fc.integer(),
				(values, seed) => {
					const inputs = values.map((v, i) => testLao(String(6000000 + i), v));
					const run = () => sensitivity(model, inputs, { ...options, draws: 50, seed });
					expect(run()).toEqual(run());
				}
			),
			{ numRuns: 100 }
		);
	});

	it('has no effect when nothing is perturbed', () => {
		const inputs = [
			testLao('6000001', { a: 10, b: 3 }),
			testLao('6000002', { a: 9, b: 4 }),
			testLao('6000003', { a: 1, b: 9 })
		];
		const shares = sensitivity(model, inputs, { ...options, perturbation: 0 });
		const ranks = scoreLaos(model, inputs).map((s) => s.provinceRank);
		expect(shares.map((s) => s.topNShare)).toEqual(ranks.map((r) => (r! <= 2 ? 1 : 0)));
	});
});

describe('mulberry32', () => {
	it('repeats for a seed and stays in [0, 1)', () => {
		const a = mulberry32(7);
		const b = mulberry32(7);
		const drawn = Array.from({ length: 1000 }, () => a());
		expect(drawn).toEqual(Array.from({ length: 1000 }, () => b()));
		expect(drawn.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(mulberry32(8)()).not.toBe(drawn[0]);
	});
});
