import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks, shortMonth } from './chart-scale';

describe('chart scales', () => {
	it('puts axis ticks on round steps that reach the largest value', () => {
		expect(niceTicks(40_000)).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
		expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
		expect(niceTicks(0)).toEqual([0, 1]);
		expect(niceTicks(1, 4, true)).toEqual([0, 1]);
		expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
	});
	it('maps values linearly, a flat domain to the start', () => {
		expect(linearScale([0, 100], [200, 0])(25)).toBe(150);
		expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
	});
	it('labels months in the Buddhist Era in Thai', () => {
		expect(shortMonth('th', '2026-12')).toBe('ธ.ค. 69');
		expect(shortMonth('en', '2026-12')).toBe('Dec 2026');
	});
});
