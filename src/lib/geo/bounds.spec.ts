import { bbox } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { describe, expect, test } from 'vitest';
import { boundsOf } from './bounds';

const square = (west: number, south: number, size: number): Geometry => ({
	type: 'Polygon',
	coordinates: [
		[
			[west, south],
			[west + size, south],
			[west + size, south + size],
			[west, south + size],
			[west, south]
		]
	]
});

describe('boundsOf', () => {
	test('agrees with Turf on every kind of GeoJSON', () => {
		const shapes: (Geometry | Feature | FeatureCollection)[] = [
			{ type: 'Point', coordinates: [100.5, 13.75] },
			{
				type: 'LineString',
				coordinates: [
					[98.9, 18.8],
					[102.8, 16.4],
					[100.5, 7.0]
				]
			},
			square(102.8, 16.4, 0.25),
			{
				type: 'MultiPolygon',
				coordinates: [
					(square(98.9, 18.8, 0.1) as { coordinates: number[][][] }).coordinates,
					(square(100.4, 7.0, 0.2) as { coordinates: number[][][] }).coordinates
				]
			},
			{ type: 'Feature', properties: {}, geometry: square(-1, -2, 3) },
			{
				type: 'FeatureCollection',
				features: [
					{ type: 'Feature', properties: {}, geometry: square(100, 13, 1) },
					{
						type: 'Feature',
						properties: {},
						geometry: { type: 'Point', coordinates: [105.6, 5.6] }
					}
				]
			},
			{
				type: 'GeometryCollection',
				geometries: [square(97.3, 5.6, 0.5), { type: 'Point', coordinates: [105.6, 20.5] }]
			}
		];
		for (const shape of shapes) expect(boundsOf(shape)).toEqual(bbox(shape));
	});

	test('a feature without a geometry has no bounds', () => {
		expect(
			boundsOf({ type: 'Feature', properties: {}, geometry: null as unknown as Geometry })
		).toEqual([Infinity, Infinity, -Infinity, -Infinity]);
	});
});
