import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import initSqlJs from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { collectionGeoPackage } from './open-data-files';

const run = promisify(execFile);
let database: Database;
let dir: string;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	dir = mkdtempSync(path.join(tmpdir(), 'sedz-gpkg-'));
});
afterAll(async () => {
	await database?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the GeoPackage downloads', () => {
	it('follow the GeoPackage tables and carry the source lines as metadata', async () => {
		const file = await collectionGeoPackage(database.db, 'provinces');
		expect(file.fileName).toBe('sedz-provinces.gpkg');
		const SQL = await initSqlJs();
		const gpkg = new SQL.Database(file.body);
		try {
			expect(gpkg.exec('PRAGMA application_id')[0]!.values[0]![0]).toBe(0x47504b47);
			expect(
				gpkg.exec('SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id')[0]!.values
			).toEqual([[-1], [0], [4326]]);
			expect(
				gpkg.exec("SELECT data_type, srs_id FROM gpkg_contents WHERE table_name = 'provinces'")[0]!
					.values
			).toEqual([['features', 4326]]);
			expect(
				gpkg.exec('SELECT column_name, geometry_type_name FROM gpkg_geometry_columns')[0]!.values
			).toEqual([['geom', 'MULTIPOLYGON']]);
			const blob = gpkg.exec('SELECT geom FROM provinces LIMIT 1')[0]!.values[0]![0] as Uint8Array;
			// "GP", version 0, little-endian with an xy envelope, SRS 4326, then WKB (little-endian
			// MultiPolygon, type 6).
			expect([...blob.subarray(0, 4)]).toEqual([0x47, 0x50, 0, 0b011]);
			expect(new DataView(blob.buffer, blob.byteOffset).getInt32(4, true)).toBe(4326);
			expect([blob[40], blob[41]]).toEqual([1, 6]);
			const metadata = JSON.parse(
				gpkg.exec('SELECT metadata FROM gpkg_metadata')[0]!.values[0]![0] as string
			) as { 'dct:source': string[] };
			expect(metadata['dct:source'].join(' ')).toContain('Royal Thai Survey Department');
			expect(metadata['dct:source'].join(' ')).toContain('กรมการปกครอง');
		} finally {
			gpkg.close();
		}
	});

	it('opens in GDAL with every LAO, typed, with Thai intact', async () => {
		const file = await collectionGeoPackage(database.db, 'laos');
		const out = path.join(dir, file.fileName);
		writeFileSync(out, file.body);
		const { stdout: summary } = await run('ogrinfo', ['-ro', '-so', out, 'laos']);
		expect(summary).toMatch(/Feature Count: 7849/);
		expect(summary).toMatch(/Geometry: Multi Polygon/);
		expect(summary).toMatch(/population: Integer/);
		expect(summary).toMatch(/geometry_approximate: Integer\(Boolean\)/);
		expect(summary).toMatch(/population_reference_date: Date/);
		expect(summary).toContain('GPKG_METADATA_ITEM_1=');
		expect(summary).toContain('CC BY-IGO 3.0');
		const { stdout: one } = await run('ogrinfo', [
			'-ro',
			'-where',
			"dla_code = '6400906'",
			out,
			'laos'
		]);
		expect(one).toContain('name_th (String) = ดูนสาด');
		expect(one).toMatch(/MULTIPOLYGON \(\(\(10[23]\.\d+ 1[67]\./);
	});
});
