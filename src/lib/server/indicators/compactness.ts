import { area, length, lineString } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * Polsby–Popper compactness 4πA/P² of a (multi)polygon: 1 for a disc, about 0.785 for a square,
 * towards 0 for a long or ragged shape; null for an empty shape.
 *
 * Turf's spherical measures are used (area in square metres, perimeter in metres over every ring,
 * outer and inner) rather than PostGIS's ellipsoidal ones: the score is a ratio of area to
 * perimeter squared, so the sphere's small scale error cancels out.
 */
export function polsbyPopperCompactness(geometry: Polygon | MultiPolygon): number | null {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	let perimeterMetres = 0;
	for (const polygon of polygons) {
		for (const ring of polygon) {
			if (ring.length >= 2) perimeterMetres += length(lineString(ring), { units: 'meters' });
		}
	}
	const areaSquareMetres = area(geometry);
	if (perimeterMetres === 0 || areaSquareMetres === 0) return null;
	// Rounding on a near-circle can lift the ratio a hair above 1; the bound is exact in theory.
	return Math.min(1, (4 * Math.PI * areaSquareMetres) / (perimeterMetres * perimeterMetres));
}
