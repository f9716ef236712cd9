import { area, distance, featureCollection, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** Geodesic length of one ring in kilometres (haversine between consecutive vertices). */
function ringLengthKm(ring: readonly Position[]): number {
	let lengthKm = 0;
	for (let i = 1; i < ring.length; i++) {
		lengthKm += distance(ring[i - 1]!, ring[i]!, { units: 'kilometers' });
	}
	return lengthKm;
}

/** Geodesic perimeter in kilometres: every ring, outer and inner, as Polsby–Popper counts it. */
export function perimeterKm(geometry: MultiPolygon): number {
	let total = 0;
	for (const polygon of geometry.coordinates)
		for (const ring of polygon) total += ringLengthKm(ring);
	return total;
}

/**
 * Polsby–Popper compactness 4πA/P² of a (multi)polygon, from its geodesic area and perimeter:
 * 1 for a disc, about 0.785 for a square, towards 0 for a thin or ragged shape. 0 when the
 * perimeter is 0.
 */
export function polsbyPopper(geometry: MultiPolygon): number {
	const areaKm2 = area(geometry) / 1e6;
	const lengthKm = perimeterKm(geometry);
	return lengthKm > 0 ? (4 * Math.PI * areaKm2) / (lengthKm * lengthKm) : 0;
}

export const asMultiPolygon = (geometry: Polygon | MultiPolygon): MultiPolygon =>
	geometry.type === 'MultiPolygon'
		? geometry
		: { type: 'MultiPolygon', coordinates: [geometry.coordinates] };

/** Turf union of two (multi)polygons, always a MultiPolygon. */
export function unionOf(a: MultiPolygon, b: MultiPolygon): MultiPolygon {
	const features: Feature<MultiPolygon>[] = [
		{ type: 'Feature', properties: {}, geometry: a },
		{ type: 'Feature', properties: {}, geometry: b }
	];
	const merged = union(featureCollection(features));
	// union returns null only for an empty collection; two inputs always give a geometry.
	return merged ? asMultiPolygon(merged.geometry) : a;
}
