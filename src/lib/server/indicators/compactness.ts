import type { MultiPolygon, Polygon } from 'geojson';
import { asMultiPolygon, polsbyPopper } from '../../geo/candidates/polsby-popper';

/**
 * The `compactness` indicator: Polsby–Popper 4πA/P² of a (multi)polygon (see `polsbyPopper`, the
 * same measure the candidate zones use), or null for an empty shape.
 *
 * Turf's spherical measures are used rather than PostGIS's ellipsoidal ones: the score is a ratio
 * of area to perimeter squared, so the sphere's small scale error cancels out.
 */
export function polsbyPopperCompactness(geometry: Polygon | MultiPolygon): number | null {
	const compactness = polsbyPopper(asMultiPolygon(geometry));
	// Rounding on a near-circle can lift the ratio a hair above 1; the bound is exact in theory.
	return compactness > 0 ? Math.min(1, compactness) : null;
}
