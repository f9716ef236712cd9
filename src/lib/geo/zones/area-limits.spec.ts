import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaLimitProblems } from './area-limits';

const zone: MultiPolygon = {
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[102, 16],
				[102.1, 16],
				[102.1, 16.1],
				[102, 16]
			]
		]
	]
};
const limits = { minAreaKm2: 1, maxAreaKm2: 500 };

describe('areaLimitProblems', () => {
	it('passes an area within the limits, the limits themselves included', () => {
		expect(areaLimitProblems(zone, 1, limits)).toEqual([]);
		expect(areaLimitProblems(zone, 250, limits)).toEqual([]);
		expect(areaLimitProblems(zone, 500, limits)).toEqual([]);
	});

	it('names a zone too small or too large, with the figures, placed on the whole zone', () => {
		expect(areaLimitProblems(zone, 0.5, limits)).toEqual([
			{ rule: 'zone.area_too_small', message: '0.50 km² < 1 km²', at: zone }
		]);
		expect(areaLimitProblems(zone, 612.345, limits)).toEqual([
			{ rule: 'zone.area_too_large', message: '612.35 km² > 500 km²', at: zone }
		]);
	});
});
