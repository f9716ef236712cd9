import { difference, feature, featureCollection, union } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

export { boundsOf } from '$lib/geo/bounds';

/** The zone's polygons as one MultiPolygon, or null when there are none. */
export function toMultiPolygon(polygons: readonly Polygon[]): MultiPolygon | null {
	if (polygons.length === 0) return null;
	return { type: 'MultiPolygon', coordinates: polygons.map((p) => p.coordinates) };
}

/** The polygons of a Polygon or MultiPolygon (null gives none). */
export function toPolygons(geometry: Polygon | MultiPolygon | null | undefined): Polygon[] {
	if (!geometry) return [];
	if (geometry.type === 'Polygon') return [geometry];
	return geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

/**
 * Splits polygons into those Terra Draw can edit (one ring) and those with holes, which stay
 * outside the drawing layer (a union of LAOs around a municipality has such holes).
 */
export function splitByHoles(polygons: readonly Polygon[]): {
	editable: Polygon[];
	holed: Polygon[];
} {
	return {
		editable: polygons.filter((p) => p.coordinates.length === 1),
		holed: polygons.filter((p) => p.coordinates.length > 1)
	};
}

/** Geometric union of polygons (Turf), as polygons; an empty list gives none. */
export function unionOf(parts: readonly (Polygon | MultiPolygon)[]): Polygon[] {
	const polygons = parts.flatMap((part) => toPolygons(part));
	if (polygons.length === 0) return [];
	if (polygons.length === 1) return polygons;
	const merged = union(featureCollection(polygons.map((p) => feature(p))));
	return merged ? toPolygons(merged.geometry) : [];
}

/** `from` minus `minus` (Turf), as polygons. */
export function differenceOf(from: readonly Polygon[], minus: Polygon | MultiPolygon): Polygon[] {
	const whole = toMultiPolygon([...from]);
	if (!whole) return [];
	const rest = difference(featureCollection([feature(whole), feature(minus)]));
	return rest ? toPolygons(rest.geometry) : [];
}
