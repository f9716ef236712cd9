import { describe, expect, it } from 'vitest';
import { rectangle } from '../../../tests/fixtures/zones/zone-fixtures';
import { measureShapes } from './measure';

describe('measureShapes', () => {
	it('adds lines up to km and polygons up to km²', () => {
		// One degree of latitude is about 110.6 km at 16 N; 0.1° × 0.1° there about 118 km².
		const figures = measureShapes([
			{
				type: 'LineString',
				coordinates: [
					[102, 16],
					[102, 16.5],
					[102, 17]
				]
			},
			rectangle(102, 16, 102.1, 16.1)
		]);
		expect(figures.lines).toBe(1);
		expect(figures.polygons).toBe(1);
		expect(figures.lengthKm).toBeGreaterThan(110);
		expect(figures.lengthKm).toBeLessThan(111.5);
		expect(figures.areaKm2).toBeGreaterThan(115);
		expect(figures.areaKm2).toBeLessThan(121);
	});

	it('is zero for nothing measured', () => {
		expect(measureShapes([])).toEqual({ lengthKm: 0, areaKm2: 0, lines: 0, polygons: 0 });
	});
});
