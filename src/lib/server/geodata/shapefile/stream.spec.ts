/**
 * The streamed reader (the importer's): the same answers as the whole-file reader on the real
 * layer, and memory that does not grow with the layer. Refusals are held to the whole-file
 * reader's in `zip.spec.ts` (every zip refusal runs through both).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDensifiedZip } from '../../../../../tests/fixtures/densify-shapefile';
import { sharedGeodataDir } from '../../../../../tests/setup/test-database';
import { manifestEntry } from '../datasets';
import { readShapefileZip, readShapefileZipFile } from './index';

const realZip = path.join(sharedGeodataDir, manifestEntry('tambon_boundaries').file);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stream-spec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the streamed shapefile reader', () => {
	it('reads the real tambon zip record by record exactly as the whole-file read does', async () => {
		const whole = readShapefileZip(
			path.basename(realZip),
			new Uint8Array(fs.readFileSync(realZip))
		);
		const streamed = await readShapefileZipFile(realZip, path.basename(realZip));

		expect(streamed.features).toHaveLength(7425);
		expect(streamed).toEqual(whole);
	}, 60_000);

	it('keeps shared edges identical when the layer is densified (the scale fixture)', async () => {
		const layer = await writeDensifiedZip(realZip, 3, tmp, 'tambon-x3');
		const original = readShapefileZip('o.zip', new Uint8Array(fs.readFileSync(realZip)));
		const dense = await readShapefileZipFile(layer.zipPath, 'tambon-x3.zip');

		expect(dense.features).toHaveLength(original.features.length);
		expect(dense.features.map((f) => f.properties)).toEqual(
			original.features.map((f) => f.properties)
		);
		// Every segment is cut into 3, so each inserted point lies on a segment of the original and
		// the edge shared by two neighbours carries the same points in both.
		const edgePoints = new Map<string, number>();
		for (const { geometry } of dense.features) {
			const polygons =
				geometry!.type === 'Polygon' ? [geometry!.coordinates] : geometry!.coordinates;
			for (const ring of polygons.flat()) {
				for (let i = 0; i + 1 < ring.length; i++) {
					const [a, b] = [ring[i]!.join(','), ring[i + 1]!.join(',')];
					const key = a < b ? `${a}|${b}` : `${b}|${a}`;
					edgePoints.set(key, (edgePoints.get(key) ?? 0) + 1);
				}
			}
		}
		// A segment used by two tambons shows up twice: exactly the same segment, point for point.
		const shared = [...edgePoints.values()].filter((n) => n === 2).length;
		const originalShared = new Map<string, number>();
		for (const { geometry } of original.features) {
			const polygons =
				geometry!.type === 'Polygon' ? [geometry!.coordinates] : geometry!.coordinates;
			for (const ring of polygons.flat()) {
				for (let i = 0; i + 1 < ring.length; i++) {
					const [a, b] = [ring[i]!.join(','), ring[i + 1]!.join(',')];
					const key = a < b ? `${a}|${b}` : `${b}|${a}`;
					originalShared.set(key, (originalShared.get(key) ?? 0) + 1);
				}
			}
		}
		const sharedBefore = [...originalShared.values()].filter((n) => n === 2).length;
		expect(sharedBefore).toBeGreaterThan(10_000);
		expect(shared).toBe(3 * sharedBefore);
		// V vertices in R rings: each ring's V_r − 1 segments get 2 points more, 3V − 2R in all.
		const rings = original.features.flatMap(({ geometry }) =>
			geometry!.type === 'Polygon' ? geometry!.coordinates : geometry!.coordinates.flat()
		);
		const vertices = rings.reduce((sum, ring) => sum + ring.length, 0);
		expect(layer.vertices).toBe(3 * vertices - 2 * rings.length);
	}, 120_000);

	it('reads a layer far larger than the memory it is given', async () => {
		// The national layer ×48: a .shp of 153 MB (9.5 million vertices), a zip of ~100 MB.
		const layer = await writeDensifiedZip(realZip, 48, tmp, 'tambon-x48');
		expect(layer.shpBytes).toBeGreaterThan(150e6);
		const child = path.resolve('tests/fixtures/read-zip-child.ts');
		const read = (mode: 'stream') =>
			JSON.parse(
				execFileSync(
					process.execPath,
					// A 32 MB V8 heap: the layer's features (~500 MB as JavaScript arrays) could not fit
					// in it; the whole-file read dies of "heap out of memory" here (measured ×24).
					['--max-old-space-size=32', '--import', 'tsx', child, layer.zipPath, mode],
					{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
				)
			) as { features: number; vertices: number; rssBeforeBytes: number; peakRssBytes: number };

		const streamed = read('stream');
		expect(streamed.features).toBe(7425);
		expect(streamed.vertices).toBe(layer.vertices);
		// The read's own memory: the 32 MB heap, a few 1 MiB chunks, one record. Measured: +23 MB
		// for ×2, +75 MB for ×24, +79 MB for ×48: flat, where the layer grows 24-fold.
		const grewBytes = streamed.peakRssBytes - streamed.rssBeforeBytes;
		expect(grewBytes).toBeLessThan(128e6);
		expect(grewBytes).toBeLessThan(layer.shpBytes * 0.8);
	}, 300_000);
});
