import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import type { PolygonGeometry } from './shapefile';
import { multiPolygonWkb } from './wkb';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

const square = (x: number, y: number, size: number) =>
	[
		[x, y],
		[x + size, y],
		[x + size, y + size],
		[x, y + size],
		[x, y]
	] as [number, number][];

describe('multiPolygonWkb', () => {
	it('round-trips a polygon with a hole and a multipolygon through PostGIS', async () => {
		const geometries: PolygonGeometry[] = [
			{ type: 'Polygon', coordinates: [square(100, 15, 1), square(100.25, 15.25, 0.5).reverse()] },
			{ type: 'MultiPolygon', coordinates: [[square(100, 15, 1)], [square(102.5, 13.75, 0.25)]] }
		];
		for (const geometry of geometries) {
			const { rows } = await sql<{ json: string; type: string }>`
				SELECT ST_AsGeoJSON(g) AS json, GeometryType(g) AS type
				FROM (SELECT ST_GeomFromWKB(${multiPolygonWkb(geometry)}, 4326) AS g) s`.execute(database.db);
			const expected = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
			expect(rows[0]!.type).toBe('MULTIPOLYGON');
			expect(JSON.parse(rows[0]!.json).coordinates).toEqual(expected);
		}
	});
});
