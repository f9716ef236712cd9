import type { Polygon } from 'geojson';
import { describe, expect, test } from 'vitest';
import { VertexSnapper } from './vertex-snapper';

/** A flat projection: 1 pixel = 0.0001°, y downwards like the screen. */
const project = (lng: number, lat: number) => ({ x: lng * 10_000, y: -lat * 10_000 });
const square = (west: number, south: number, size: number): Polygon => ({
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

describe('VertexSnapper', () => {
	const snapper = new VertexSnapper([square(102.8, 16.4, 0.05), square(102.85, 16.4, 0.05)]);

	test('indexes shared boundary vertices once', () => {
		// Two squares side by side share two corners: 4 + 4 − 2.
		expect(snapper.vertexCount).toBe(6);
	});

	test('snaps to the nearest vertex within the tolerance', () => {
		// 5 px east and 3 px north of the shared corner (102.85, 16.4).
		expect(snapper.nearest(102.8505, 16.4003, project, 10, 0.0001)).toEqual([102.85, 16.4]);
	});

	test('leaves the pointer alone beyond the tolerance', () => {
		expect(snapper.nearest(102.8525, 16.4025, project, 10, 0.0001)).toBeUndefined();
	});

	test('finds a vertex in a neighbouring grid cell', () => {
		// The corner (102.9, 16.45) lies in another cell than a pointer just south-west of it.
		const snapped = snapper.nearest(102.8996, 16.4497, project, 10, 0.0001);
		expect(snapped?.[0]).toBeCloseTo(102.9, 9);
		expect(snapped?.[1]).toBeCloseTo(16.45, 9);
	});
});
