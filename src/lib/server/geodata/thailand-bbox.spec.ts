/**
 * The one Thailand bounding box ($lib/geo/thailand-bbox) against the real COD-AB tambon layer
 * (../shared/geodata, always there in CI: a missing file fails the test): every vertex of every
 * tambon is inside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thailandBbox } from '$lib/geo/thailand-bbox';
import { sharedGeodataDir } from '../../../../tests/setup/test-database';
import { manifestEntry } from './datasets';
import { readShapefileZip } from './shapefile';

describe('the Thailand bounding box', () => {
	it('contains every tambon of the real boundaries', () => {
		const zip = path.join(sharedGeodataDir, manifestEntry('tambon_boundaries').file);
		const { features } = readShapefileZip(path.basename(zip), new Uint8Array(fs.readFileSync(zip)));
		expect(features).toHaveLength(7425);
		const extent = [Infinity, Infinity, -Infinity, -Infinity];
		for (const { geometry } of features) {
			expect(geometry).not.toBeNull();
			const polygons =
				geometry!.type === 'Polygon' ? [geometry!.coordinates] : geometry!.coordinates;
			for (const ring of polygons.flat())
				for (const [lon, lat] of ring) {
					extent[0] = Math.min(extent[0]!, lon!);
					extent[1] = Math.min(extent[1]!, lat!);
					extent[2] = Math.max(extent[2]!, lon!);
					extent[3] = Math.max(extent[3]!, lat!);
				}
		}
		const [west, south, east, north] = thailandBbox;
		// The country's extreme points (SOURCES.md: 97.34–105.64 E, 5.61–20.46 N) …
		expect(extent[0]).toBeCloseTo(97.3436, 3);
		expect(extent[3]).toBeCloseTo(20.4647, 3);
		// … lie inside the box, each with at least 0.01° to spare.
		expect(extent[0]! - west).toBeGreaterThanOrEqual(0.01);
		expect(extent[1]! - south).toBeGreaterThanOrEqual(0.01);
		expect(east - extent[2]!).toBeGreaterThanOrEqual(0.01);
		expect(north - extent[3]!).toBeGreaterThanOrEqual(0.01);
	});
});
