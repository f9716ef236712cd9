import { area, difference, feature, featureCollection, intersect } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { rectangle } from '../../../../tests/fixtures/zones/zone-fixtures';
import { contextProblems, type ContextCheckInput } from './context-checks';

const multi = (p: Polygon): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: [p.coordinates]
});

/** A 1° × 1° "province" at 102–103 E, 16–17 N, and one active zone in its north-east corner. */
const input = (overrides: Partial<ContextCheckInput> = {}): ContextCheckInput => ({
	province: multi(rectangle(102, 16, 103, 17)),
	provinceCode: 'TH40',
	activeZones: [
		{ id: 7, name: 'เขตกระนวน', geometry: multi(rectangle(102.8, 16.8, 102.95, 16.95)) }
	],
	ownZoneId: null,
	limits: { outsideProvinceMaxShare: 0.01, outsideProvinceMaxKm2: 1, overlapMaxHectares: 1 },
	...overrides
});

describe('contextProblems (the live verdict on the province edge and active zones)', () => {
	it('finds nothing for a zone well inside the province, clear of other zones', () => {
		expect(contextProblems(multi(rectangle(102.2, 16.2, 102.4, 16.4)), input())).toEqual([]);
	});

	it('names the area outside the province, with the allowance and the place', () => {
		// 0.1° of the zone's 0.3° width lies west of 102 E: a third of it.
		const zone = multi(rectangle(101.9, 16.2, 102.2, 16.4));
		const [problem, ...rest] = contextProblems(zone, input());
		expect(rest).toEqual([]);
		expect(problem!.rule).toBe('zone.outside_province');
		const outsideKm2 = problem!.details!.outsideKm2 as number;
		expect(outsideKm2).toBeCloseTo(area(zone) / 1e6 / 3, 0);
		// The smaller of 1 % of the zone and 1 km².
		expect(problem!.details!.allowedKm2).toBe(1);
		expect((problem!.details!.at as MultiPolygon).type).toMatch(/Polygon/);
	});

	it('lets a sliver under the allowance pass', () => {
		const zone = multi(rectangle(101.9999, 16.2, 102.3, 16.4));
		expect(contextProblems(zone, input())).toEqual([]);
	});

	it('names the overlapped zone and the overlap in hectares, and skips the zone itself', () => {
		const zone = multi(rectangle(102.7, 16.7, 102.9, 16.9));
		const [problem, ...rest] = contextProblems(zone, input());
		expect(rest).toEqual([]);
		expect(problem!.rule).toBe('zone.overlaps_zone');
		expect(problem!.details).toMatchObject({
			otherZoneId: 7,
			otherZoneName: 'เขตกระนวน',
			maxHectares: 1
		});
		const expectedHa = area(rectangle(102.8, 16.8, 102.9, 16.9)) / 1e4;
		expect(problem!.details!.overlapHectares as number).toBeCloseTo(expectedHa, -1);
		expect(contextProblems(zone, input({ ownZoneId: 7 }))).toEqual([]);
	});

	it('allows an overlap up to the limit in hectares', () => {
		// About 0.00005° × 0.01° (5 m × 1.1 km) ≈ 0.6 ha of overlap at 16.8 N: under 1 ha.
		const zone = multi(rectangle(102.7, 16.8, 102.80005, 16.81));
		expect(contextProblems(zone, input())).toEqual([]);
		expect(
			contextProblems(zone, input({ limits: { ...input().limits, overlapMaxHectares: 0.1 } }))
		).toHaveLength(1);
	});
});

describe('contextProblems with an amendment', () => {
	it('names a zone in the context twice (working copy and revision in force) once, by its larger overlap', () => {
		const zone = multi(rectangle(102.7, 16.7, 102.9, 16.9));
		const twice = input({
			activeZones: [
				{ id: 7, name: 'เขตกระนวน', geometry: multi(rectangle(102.8, 16.8, 102.95, 16.95)) },
				{ id: 7, name: 'เขตกระนวน', geometry: multi(rectangle(102.85, 16.85, 102.95, 16.95)) }
			]
		});
		const problems = contextProblems(zone, twice);
		expect(problems).toHaveLength(1);
		expect(problems[0]!.details!.overlapHectares as number).toBeCloseTo(
			area(rectangle(102.8, 16.8, 102.9, 16.9)) / 1e4,
			-1
		);
	});
});

describe('contextProblems on many vertices (judged near the zone, the zone at 0.0001°)', () => {
	/** A closed ring of `n` vertices around (cx, cy), its radius waving by `wave` of itself. */
	const circle = (cx: number, cy: number, radius: number, n: number, wave = 0): MultiPolygon => {
		const ring = Array.from({ length: n }, (_, i) => {
			const angle = (2 * Math.PI * i) / n;
			const r = radius * (1 + wave * Math.sin(angle * 37));
			return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
		});
		return { type: 'MultiPolygon', coordinates: [[[...ring, ring[0]!]]] };
	};

	it('gives the areas the whole outlines give, within 0.2 %', () => {
		const province = circle(102.5, 16.5, 0.7, 4000, 0.05);
		const zone = circle(103.15, 16.5, 0.1, 2000);
		const active = circle(103.1, 16.5, 0.05, 300);
		const problems = contextProblems(
			zone,
			input({ province, activeZones: [{ id: 7, name: 'เขตกระนวน', geometry: active }] })
		);
		expect(problems.map((p) => p.rule)).toEqual(['zone.outside_province', 'zone.overlaps_zone']);
		const exactOutside = difference(featureCollection([feature(zone), feature(province)]));
		const exactOverlap = intersect(featureCollection([feature(zone), feature(active)]));
		const outsideKm2 = problems[0]!.details!.outsideKm2 as number;
		const overlapHectares = problems[1]!.details!.overlapHectares as number;
		expect(Math.abs(outsideKm2 / (area(exactOutside!) / 1e6) - 1)).toBeLessThan(0.002);
		expect(Math.abs(overlapHectares / (area(exactOverlap!) / 1e4) - 1)).toBeLessThan(0.002);
	});
});
