import { kinks } from '@turf/turf';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ringCrossings } from './ring-crossings';

const close = (ring: Position[]) => [...ring, ring[0]!];

describe('ringCrossings', () => {
	it('finds the crossing of a bow-tie and none in a square or a square with a hole', () => {
		const bowTie = close([
			[0, 0],
			[2, 2],
			[2, 0],
			[0, 2]
		]);
		expect(ringCrossings([bowTie])).toEqual([[1, 1]]);
		const square = close([
			[0, 0],
			[4, 0],
			[4, 4],
			[0, 4]
		]);
		const hole = close([
			[1, 1],
			[1, 2],
			[2, 2],
			[2, 1]
		]);
		expect(ringCrossings([square])).toEqual([]);
		expect(ringCrossings([square, hole])).toEqual([]);
		// A hole that pokes out of its shell crosses it twice.
		const pokingHole = close([
			[3, 1],
			[5, 1],
			[5, 2],
			[3, 2]
		]);
		expect(ringCrossings([square, pokingHole])).toHaveLength(2);
	});

	it('agrees with turf kinks on random polygons', () => {
		const coordinate = fc.integer({ min: 0, max: 20 });
		const ringArb = fc.array(fc.tuple(coordinate, coordinate), { minLength: 3, maxLength: 12 });
		fc.assert(
			fc.property(ringArb, (points) => {
				const ring = close(points.map(([x, y]) => [x, y]));
				const ours = ringCrossings([ring]);
				const theirs = kinks({ type: 'Polygon', coordinates: [ring] }).features.map(
					(f) => f.geometry.coordinates
				);
				const key = (p: Position) => `${p[0]!.toFixed(9)},${p[1]!.toFixed(9)}`;
				expect(new Set(ours.map(key))).toEqual(new Set(theirs.map(key)));
			}),
			{ numRuns: 500 }
		);
	});
});
