import type { MultiPolygon, Position } from 'geojson';

/**
 * Whether two zone outlines are the same drawing: the same polygons, rings and vertices in the
 * same order, each vertex within `toleranceDegrees` (default 1e-7°, about 1 cm, the precision
 * the zone API answers with: `ST_AsGeoJSON(geom, 7)`). A save of what was loaded, unchanged,
 * compares equal; any moved, added or removed vertex does not. A ring's closing vertex is
 * compared like the others (both sides come closed from the parser).
 */
export function sameZoneGeometry(
	a: MultiPolygon,
	b: MultiPolygon,
	toleranceDegrees = 1e-7
): boolean {
	// Half a unit of the 7th decimal on each side, plus floating-point slack.
	const limit = toleranceDegrees + 1e-12;
	const samePosition = (p: Position, q: Position) =>
		Math.abs(p[0]! - q[0]!) <= limit && Math.abs(p[1]! - q[1]!) <= limit;
	if (a.coordinates.length !== b.coordinates.length) return false;
	return a.coordinates.every((polygon, i) => {
		const other = b.coordinates[i]!;
		if (polygon.length !== other.length) return false;
		return polygon.every((ring, j) => {
			const otherRing = other[j]!;
			return (
				ring.length === otherRing.length && ring.every((p, k) => samePosition(p, otherRing[k]!))
			);
		});
	});
}
