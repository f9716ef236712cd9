import { area, bboxClip, bbox as turfBbox, featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { LaoType } from '../../lao-types';
import type { CoveredLao } from './zone-terms';

/**
 * A zone's figures from the LAOs it covers. The definitions are written once here and used by
 * both sides: the server measures each LAO's covered area in PostGIS and calls
 * `summariseCoverage`; the browser's live preview measures it with Turf in `previewZoneMetrics`.
 *
 * - coveredKm2 of an LAO: area of (zone ∩ LAO); shareOfLao = coveredKm2 ÷ the LAO's area.
 * - An LAO is covered from 0.01 km² or 0.1 % of its area; largest share first.
 * - populationCovered = Σ population estimate × shareOfLao (area-proportional); null when no
 *   covered LAO has a population.
 * - score = Σ score × coveredKm2 ÷ Σ coveredKm2 over covered LAOs with an official score; null
 *   when none.
 */

/** One LAO of the province as the workspace receives it from `/api/zones/context`. */
export interface ZoneContextLao {
	dlaCode: string;
	nameTh: string;
	/** DLA's English name, when the registry has one. */
	nameEn?: string | null;
	laoType: LaoType;
	/** Official (ellipsoidal, PostGIS) area of the LAO's full geometry, km². */
	areaKm2: number;
	/** DOPA's 2021 estimate, people; null when there is none. */
	population: number | null;
	/** Official score 0–100 under the official model; null when not scored. */
	score: number | null;
	/** The geometry is built from partly covered tambons, so shares are approximate. */
	approximate: boolean;
	/** EPSG:4326, simplified for the browser (see the context endpoint). */
	geometry: Polygon | MultiPolygon;
	/** [west, south, east, north] of `geometry`, degrees. */
	bbox: [number, number, number, number];
}

/** What `summariseCoverage` reads of an LAO. */
export type CoverageLao = Omit<ZoneContextLao, 'geometry' | 'bbox'>;

export interface LaoCoverage {
	lao: CoverageLao;
	/** Area of the LAO inside the zone, km². */
	coveredKm2: number;
}

/** An LAO counts as covered from this much of it inside the zone… */
export const coveredLaoMinKm2 = 0.01;
/** …or from this share of its area (small municipalities). */
export const coveredLaoMinShare = 0.001;

export interface CoverageSummary {
	coveredLaos: CoveredLao[];
	populationCovered: number | null;
	score: number | null;
}

/** The definitions above, from each LAO's covered area however it was measured. */
export function summariseCoverage(coverages: readonly LaoCoverage[]): CoverageSummary {
	const coveredLaos: (CoveredLao & { population: number | null; score: number | null })[] = [];
	for (const { lao, coveredKm2 } of coverages) {
		if (!(lao.areaKm2 > 0) || !(coveredKm2 > 0)) continue;
		// Two measurements of one area may differ in the last digits: a share is at most 1.
		const shareOfLao = Math.min(1, coveredKm2 / lao.areaKm2);
		if (coveredKm2 < coveredLaoMinKm2 && shareOfLao < coveredLaoMinShare) continue;
		coveredLaos.push({
			dlaCode: lao.dlaCode,
			nameTh: lao.nameTh,
			...(lao.nameEn ? { nameEn: lao.nameEn } : {}),
			laoType: lao.laoType,
			coveredKm2: Math.min(coveredKm2, lao.areaKm2),
			shareOfLao,
			approximate: lao.approximate,
			population: lao.population,
			score: lao.score
		});
	}
	coveredLaos.sort(
		(a, b) =>
			b.shareOfLao - a.shareOfLao ||
			b.coveredKm2 - a.coveredKm2 ||
			a.dlaCode.localeCompare(b.dlaCode)
	);

	let population: number | null = null;
	let scoreSum = 0;
	let scoredKm2 = 0;
	for (const lao of coveredLaos) {
		if (lao.population !== null) population = (population ?? 0) + lao.population * lao.shareOfLao;
		if (lao.score !== null) {
			scoreSum += lao.score * lao.coveredKm2;
			scoredKm2 += lao.coveredKm2;
		}
	}
	return {
		coveredLaos: coveredLaos.map(({ population: _p, score: _s, ...covered }) => covered),
		populationCovered: population,
		score: scoredKm2 > 0 ? scoreSum / scoredKm2 : null
	};
}

export interface ZoneMetricsPreview extends CoverageSummary {
	/** Turf's spherical area, km²: 0.3–0.45 % above the server's ellipsoidal figure. */
	areaKm2: number;
}

type Bbox = [number, number, number, number];

const bboxesMeet = (a: Bbox, b: Bbox) =>
	a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Turf areas of the LAO geometries, computed once per geometry object. */
const laoSphericalAreaM2 = new WeakMap<object, number>();

function sphericalAreaM2(geometry: Polygon | MultiPolygon): number {
	let value = laoSphericalAreaM2.get(geometry);
	if (value === undefined) laoSphericalAreaM2.set(geometry, (value = area(geometry)));
	return value;
}

const asFeature = <G extends Polygon | MultiPolygon>(geometry: G): Feature<G> => ({
	type: 'Feature',
	properties: {},
	geometry
});

/**
 * The zone cut to a box with Sutherland–Hodgman (`bboxClip`, linear in the vertices): only the
 * zone's vertices near an LAO go into the polygon intersection, which is much slower per vertex.
 * Rings that collapse are dropped; null when nothing is left.
 */
function clipZone(zone: Feature<MultiPolygon>, box: Bbox): Feature<MultiPolygon> | null {
	const clipped = bboxClip(zone, box).geometry as MultiPolygon | Polygon;
	const polygons = (clipped.type === 'Polygon' ? [clipped.coordinates] : clipped.coordinates)
		.map((polygon) => polygon.filter((ring) => ring.length >= 4))
		.filter((polygon) => polygon.length > 0);
	return polygons.length === 0 ? null : asFeature({ type: 'MultiPolygon', coordinates: polygons });
}

/**
 * Turf's share of one LAO inside the zone (0–1), or 0 when they do not meet. Both areas are
 * Turf's spherical ones, so the ratio carries none of the sphere/ellipsoid difference.
 */
export function laoShareInside(
	zone: Feature<MultiPolygon>,
	zoneBbox: Bbox,
	lao: Pick<ZoneContextLao, 'geometry' | 'bbox'>
): number {
	if (!bboxesMeet(zoneBbox, lao.bbox)) return 0;
	// Slightly larger than the LAO's box, so clipping never cuts along the LAO's own edges.
	const pad = 1e-6;
	const near = clipZone(zone, [
		lao.bbox[0] - pad,
		lao.bbox[1] - pad,
		lao.bbox[2] + pad,
		lao.bbox[3] + pad
	]);
	if (!near) return 0;
	const inside = intersect(featureCollection([near, asFeature(lao.geometry)]));
	if (!inside) return 0;
	const laoAreaM2 = sphericalAreaM2(lao.geometry);
	return laoAreaM2 > 0 ? Math.min(1, area(inside) / laoAreaM2) : 0;
}

/**
 * The browser's live figures for a zone, by the definitions above, measured with Turf. Only LAOs
 * whose bounding box meets the zone's are intersected, each with the zone clipped to its box.
 * coveredKm2 is the Turf share times the LAO's official area, so it follows the server's figure
 * closely. For repeated edits of one zone, `createZoneMetricsPreview` reuses unchanged LAOs.
 */
export function previewZoneMetrics(
	zone: MultiPolygon,
	laos: readonly ZoneContextLao[]
): ZoneMetricsPreview {
	return createZoneMetricsPreview(laos)(zone);
}

/** Box of the positions that differ between two zones of the same shape, with their neighbours. */
function changedBox(before: MultiPolygon, after: MultiPolygon): Bbox | 'all' | null {
	if (before.coordinates.length !== after.coordinates.length) return 'all';
	const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
	const add = (p: Position) => {
		box[0] = Math.min(box[0], p[0]!);
		box[1] = Math.min(box[1], p[1]!);
		box[2] = Math.max(box[2], p[0]!);
		box[3] = Math.max(box[3], p[1]!);
	};
	for (let p = 0; p < after.coordinates.length; p++) {
		const a = before.coordinates[p]!;
		const b = after.coordinates[p]!;
		if (a.length !== b.length) return 'all';
		for (let r = 0; r < b.length; r++) {
			const ra = a[r]!;
			const rb = b[r]!;
			if (ra.length !== rb.length) return 'all';
			for (let i = 0; i < rb.length; i++) {
				if (ra[i]![0] === rb[i]![0] && ra[i]![1] === rb[i]![1]) continue;
				// The area between the old and new boundary lies within the moved vertex, its old
				// place and its two neighbours (the first and last positions are one vertex).
				const last = rb.length - 1;
				for (const j of [i - 1, i, i + 1]) {
					const k = j < 0 ? last - 1 : j > last ? 1 : j;
					add(ra[k]!);
					add(rb[k]!);
				}
			}
		}
	}
	return box[0] === Infinity ? null : box;
}

type Position = MultiPolygon['coordinates'][number][number][number];

/**
 * A previewer for one editing session: call it with each new version of the zone. When only some
 * vertices moved, LAOs whose box does not meet the moved part keep their share from the previous
 * call (the zone did not change inside their box), so a vertex drag costs a few intersections.
 */
export function createZoneMetricsPreview(
	laos: readonly ZoneContextLao[]
): (zone: MultiPolygon) => ZoneMetricsPreview {
	let previous: MultiPolygon | undefined;
	let shares = new Map<ZoneContextLao, number>();
	return (zone) => {
		const zoneFeature = asFeature(zone);
		const zoneBbox = turfBbox(zone) as Bbox;
		const changed = previous ? changedBox(previous, zone) : 'all';
		const next = new Map<ZoneContextLao, number>();
		const coverages: LaoCoverage[] = [];
		for (const lao of laos) {
			const reuse = changed !== 'all' && (changed === null || !bboxesMeet(changed, lao.bbox));
			const share = reuse ? (shares.get(lao) ?? 0) : laoShareInside(zoneFeature, zoneBbox, lao);
			if (share > 0) {
				next.set(lao, share);
				coverages.push({ lao, coveredKm2: share * lao.areaKm2 });
			}
		}
		previous = zone;
		shares = next;
		return { areaKm2: area(zone) / 1e6, ...summariseCoverage(coverages) };
	};
}
