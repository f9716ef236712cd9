import fc from 'fast-check';
import { area } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { rectangle } from '../../../../tests/fixtures/zones/zone-fixtures';
import {
	createZoneMetricsPreview,
	previewZoneMetrics,
	summariseCoverage,
	type CoverageLao,
	type ZoneContextLao
} from './zone-metrics';

const multi = (p: Polygon): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: [p.coordinates]
});

/** A grid of square "LAOs" (0.1° cells from 102.0 E, 16.0 N) that do not overlap. */
function gridLaos(columns: number, rows: number): ZoneContextLao[] {
	const laos: ZoneContextLao[] = [];
	for (let c = 0; c < columns; c++) {
		for (let r = 0; r < rows; r++) {
			const [w, s] = [102 + c * 0.1, 16 + r * 0.1];
			const geometry = rectangle(w, s, w + 0.1, s + 0.1);
			laos.push({
				dlaCode: `6${String(c).padStart(3, '0')}${String(r).padStart(3, '0')}`,
				nameTh: `อบต. ${c}-${r}`,
				laoType: 'subdistrict_admin_org',
				areaKm2: area(geometry) / 1e6,
				population: (c + 1) * 1000,
				score: r % 3 === 0 ? null : 10 * (r + 1),
				approximate: false,
				geometry,
				bbox: [w, s, w + 0.1, s + 0.1]
			});
		}
	}
	return laos;
}

const lao = (
	code: string,
	areaKm2: number,
	population: number | null,
	score: number | null
): CoverageLao => ({
	dlaCode: code,
	nameTh: code,
	laoType: 'subdistrict_admin_org',
	areaKm2,
	population,
	score,
	approximate: false
});

describe('summariseCoverage (the definitions)', () => {
	it('weights population by share and score by covered area, largest share first', () => {
		const summary = summariseCoverage([
			{ lao: lao('6000001', 100, 10_000, 80), coveredKm2: 25 },
			{ lao: lao('6000002', 10, 2_000, 40), coveredKm2: 10 },
			{ lao: lao('6000003', 50, null, null), coveredKm2: 5 }
		]);
		expect(summary.coveredLaos.map((c) => [c.dlaCode, c.shareOfLao])).toEqual([
			['6000002', 1],
			['6000001', 0.25],
			['6000003', 0.1]
		]);
		expect(summary.populationCovered).toBeCloseTo(10_000 * 0.25 + 2_000, 9);
		expect(summary.score).toBeCloseTo((80 * 25 + 40 * 10) / 35, 9);
	});

	it('leaves out slivers below 0.01 km² and 0.1 %, keeps a small municipality above 0.1 %', () => {
		const summary = summariseCoverage([
			{ lao: lao('6000001', 100, 1000, 50), coveredKm2: 0.005 },
			{ lao: lao('5000001', 2, 1000, 50), coveredKm2: 0.005 }
		]);
		expect(summary.coveredLaos.map((c) => c.dlaCode)).toEqual(['5000001']);
	});

	it('gives null population and score when no covered LAO has them', () => {
		expect(
			summariseCoverage([{ lao: lao('6000001', 10, null, null), coveredKm2: 5 }])
		).toMatchObject({
			populationCovered: null,
			score: null
		});
		expect(summariseCoverage([])).toEqual({
			coveredLaos: [],
			populationCovered: null,
			score: null
		});
	});
});

describe('previewZoneMetrics', () => {
	it('covers a whole cell and half of its neighbour', () => {
		const laos = gridLaos(3, 3);
		const zone = multi(rectangle(102.1, 16.1, 102.25, 16.2));
		const preview = previewZoneMetrics(zone, laos);
		expect(preview.coveredLaos.map((c) => [c.dlaCode, Number(c.shareOfLao.toFixed(3))])).toEqual([
			['6001001', 1],
			['6002001', 0.5]
		]);
		expect(preview.populationCovered).toBeCloseTo(2000 + 0.5 * 3000, 0);
		expect(preview.areaKm2).toBeCloseTo(area(zone) / 1e6, 9);
	});

	it('property: shares lie in [0, 1] and Σ coveredKm2 ≤ zone area (non-overlapping LAOs)', () => {
		const laos = gridLaos(4, 4);
		const coordinate = fc.double({ min: 101.9, max: 102.5, noNaN: true });
		const latitude = fc.double({ min: 15.9, max: 16.5, noNaN: true });
		fc.assert(
			fc.property(coordinate, latitude, coordinate, latitude, (x0, y0, x1, y1) => {
				fc.pre(Math.abs(x1 - x0) > 1e-4 && Math.abs(y1 - y0) > 1e-4);
				const zone = multi(
					rectangle(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1))
				);
				const preview = previewZoneMetrics(zone, laos);
				let coveredKm2 = 0;
				for (const covered of preview.coveredLaos) {
					expect(covered.shareOfLao).toBeGreaterThanOrEqual(0);
					expect(covered.shareOfLao).toBeLessThanOrEqual(1);
					coveredKm2 += covered.coveredKm2;
				}
				// coveredKm2 is the Turf share times the LAO's area: equal measures here, so ε is small.
				expect(coveredKm2).toBeLessThanOrEqual(preview.areaKm2 * (1 + 1e-9) + 1e-6);
			}),
			{ numRuns: 60, seed: 2564 }
		);
	});

	it('after a vertex move, the session previewer equals a full recomputation', () => {
		const laos = gridLaos(4, 4);
		const preview = createZoneMetricsPreview(laos);
		const zone = multi(rectangle(102.05, 16.05, 102.35, 16.25));
		expect(preview(zone)).toEqual(previewZoneMetrics(zone, laos));
		const ring = zone.coordinates[0]![0]!.map((p) => [...p]);
		ring[2] = [102.38, 16.28]; // drag the north-east corner
		const moved = multi({ type: 'Polygon', coordinates: [ring] });
		const incremental = preview(moved);
		const full = previewZoneMetrics(moved, laos);
		expect(incremental.coveredLaos.map((c) => c.dlaCode)).toEqual(
			full.coveredLaos.map((c) => c.dlaCode)
		);
		incremental.coveredLaos.forEach((c, i) =>
			expect(c.coveredKm2).toBeCloseTo(full.coveredLaos[i]!.coveredKm2, 9)
		);
		expect(incremental.populationCovered).toBeCloseTo(full.populationCovered!, 6);
	});
});
