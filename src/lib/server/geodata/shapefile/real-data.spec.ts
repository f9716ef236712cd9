/**
 * The real COD-AB tambon boundaries (see ../shared/geodata/SOURCES.md), read from GEODATA_DIR or
 * the shared folder beside the checkout (always there in CI: a missing file fails the test).
 * Its reading time is measured by `npm run bench:import`, not here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedGeodataDir } from '../../../../../tests/setup/test-database';
import { manifestEntry } from '../datasets';
import { readShapefileZip } from './index';

const zipPath = path.join(sharedGeodataDir, manifestEntry('tambon_boundaries').file);

describe('real tambon boundaries (tha_admbnda_adm3_rtsd_20220121.zip)', () => {
	it('reads 7,425 tambons', () => {
		const result = readShapefileZip(
			path.basename(zipPath),
			new Uint8Array(fs.readFileSync(zipPath))
		);

		expect(result.features).toHaveLength(7425);
		expect(result.encoding).toBe('utf-8');
		expect(result.crs).toBe('EPSG:4326 (WGS 84)');
		expect(result.messages).toEqual([]);
		expect(result.features.map((f) => f.feature)).toEqual(
			Array.from({ length: 7425 }, (_, i) => i + 1)
		);

		const types = { Polygon: 0, MultiPolygon: 0 };
		let vertices = 0;
		for (const { geometry } of result.features) {
			expect(geometry).not.toBeNull();
			types[geometry!.type]++;
			const polygons =
				geometry!.type === 'Polygon' ? [geometry!.coordinates] : geometry!.coordinates;
			for (const polygon of polygons) {
				for (const ring of polygon) {
					vertices += ring.length;
					for (const [lon, lat] of ring) {
						// Thailand's extent, with a margin.
						if (!(lon > 97 && lon < 106 && lat > 5 && lat < 21)) {
							expect.fail(`coordinate ${lon},${lat} is outside Thailand`);
						}
					}
				}
			}
		}
		expect(types).toEqual({ Polygon: 7387, MultiPolygon: 38 });
		// "about 199,000 vertices (simplified)"; closing points are counted here.
		expect(vertices).toBeGreaterThan(190_000);
		expect(vertices).toBeLessThan(215_000);

		const fieldNames = result.fields.map((f) => f.name);
		for (const name of ['ADM3_PCODE', 'ADM3_TH', 'ADM3_EN', 'ADM2_PCODE', 'ADM1_PCODE']) {
			expect(fieldNames).toContain(name);
		}
		const first = result.features[0]!.properties;
		expect(first.ADM3_PCODE).toMatch(/^TH\d{6}$/);
		expect(first.ADM2_PCODE).toMatch(/^TH\d{4}$/);
		expect(first.ADM1_PCODE).toMatch(/^TH\d{2}$/);
		expect(typeof first.Shape_Area).toBe('number');
		// Thai names decode as Thai script.
		expect(first.ADM3_TH).toMatch(/^[\u0E00-\u0E7F ]+$/);
		const codes = new Set(result.features.map((f) => f.properties.ADM3_PCODE));
		expect(codes.size).toBe(7425);
		const provinces = new Set(result.features.map((f) => f.properties.ADM1_PCODE));
		expect(provinces.size).toBe(77);
	});
});
