import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { sameZoneGeometry } from './same-geometry';

const square = (lon: number, lat: number, size = 0.01): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[lon, lat],
				[lon + size, lat],
				[lon + size, lat + size],
				[lon, lat + size],
				[lon, lat]
			]
		]
	]
});

describe('sameZoneGeometry', () => {
	it('holds for the same outline, and for it rounded to 7 decimals as the API answers', () => {
		const drawn = square(102.123456789, 16.987654321);
		const rounded: MultiPolygon = {
			type: 'MultiPolygon',
			coordinates: drawn.coordinates.map((polygon) =>
				polygon.map((ring) => ring.map(([x, y]) => [Number(x!.toFixed(7)), Number(y!.toFixed(7))]))
			)
		};
		expect(sameZoneGeometry(drawn, drawn)).toBe(true);
		expect(sameZoneGeometry(drawn, rounded)).toBe(true);
	});

	it('fails for a vertex moved by more than a centimetre, added or removed, or another polygon', () => {
		const drawn = square(102.1, 16.9);
		const moved = structuredClone(drawn);
		const corner = moved.coordinates[0]![0]![2]!;
		corner[0] = corner[0]! + 1e-6;
		expect(sameZoneGeometry(drawn, moved)).toBe(false);

		const added = structuredClone(drawn);
		added.coordinates[0]![0]!.splice(1, 0, [102.105, 16.9]);
		expect(sameZoneGeometry(drawn, added)).toBe(false);

		const twoParts: MultiPolygon = {
			type: 'MultiPolygon',
			coordinates: [...drawn.coordinates, ...square(102.2, 16.9).coordinates]
		};
		expect(sameZoneGeometry(drawn, twoParts)).toBe(false);
		expect(sameZoneGeometry(twoParts, drawn)).toBe(false);

		const withHole = structuredClone(drawn);
		withHole.coordinates[0]!.push([...square(102.102, 16.902, 0.002).coordinates[0]![0]!]);
		expect(sameZoneGeometry(drawn, withHole)).toBe(false);
	});
});
