import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { z } from 'zod';
import type { ZoneRuleId, ZoneRuleLimits } from './zone-rules';
// The browser's first check; the server also checks the zone against the provinces themselves.
import { thailandBbox } from '../thailand-bbox';
import { ringCrossings } from './ring-crossings';

/**
 * The incoming zone geometry (drawn in the browser, built from LAOs, read from a file) and the
 * checks the browser can run before the server judges. Pure: no database, no SvelteKit.
 */

const coordinate = z.number().finite();
/** [longitude, latitude] in degrees, EPSG:4326; a third value (altitude) is accepted and dropped. */
const position = z
	.array(coordinate)
	.min(2, 'a position needs longitude and latitude')
	.max(3, 'a position has at most 3 numbers (longitude, latitude, altitude)')
	.transform((p): Position => [p[0]!, p[1]!]);
// Closure is not required here: an unclosed ring is reported by `checkZoneGeometry` with its
// place, which a schema error could not give.
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');
const polygonCoordinates = z.array(ring).min(1, 'a polygon needs an exterior ring');

const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates });
const multiPolygonSchema = z.object({
	type: z.literal('MultiPolygon'),
	coordinates: z.array(polygonCoordinates).min(1, 'a multipolygon needs at least one polygon')
});

/** A Polygon or MultiPolygon, normalised to a 2-D MultiPolygon. */
export const zoneGeometrySchema = z
	.discriminatedUnion('type', [polygonSchema, multiPolygonSchema])
	.transform((geometry): MultiPolygon =>
		geometry.type === 'Polygon'
			? { type: 'MultiPolygon', coordinates: [geometry.coordinates] }
			: { type: 'MultiPolygon', coordinates: geometry.coordinates }
	);

/** One problem found in the browser (or by the server, which adds `field` and `details`). */
export interface ZoneGeometryProblem {
	rule: ZoneRuleId;
	message: string;
	/** Where it is: a point (the first bad coordinate, a crossing) or a geometry. */
	at?: Point | Geometry;
	details?: Record<string, unknown>;
}

export type ParsedZoneGeometry =
	{ valid: true; geometry: MultiPolygon } | { valid: false; problems: ZoneGeometryProblem[] };

/** Parses unknown input; each structural problem names its path, e.g. `coordinates.0.2`. */
export function parseZoneGeometry(input: unknown): ParsedZoneGeometry {
	const parsed = zoneGeometrySchema.safeParse(input);
	if (parsed.success) return { valid: true, geometry: parsed.data };
	return {
		valid: false,
		problems: parsed.error.issues.slice(0, 20).map((issue) => {
			const path = issue.path.join('.');
			return {
				rule: 'geojson.invalid',
				message: `Not a valid GeoJSON Polygon or MultiPolygon${path ? ` at ${path}` : ''}: ${issue.message}`,
				details: { path }
			};
		})
	};
}

const point = (coordinates: Position): Point => ({ type: 'Point', coordinates });

/** Positions of every ring, closing positions included (as PostGIS `ST_NPoints` counts). */
export function countVertices(geometry: MultiPolygon): number {
	let count = 0;
	for (const polygon of geometry.coordinates) for (const r of polygon) count += r.length;
	return count;
}

function isClosed(r: readonly Position[]): boolean {
	const first = r[0]!;
	const last = r[r.length - 1]!;
	return first[0] === last[0] && first[1] === last[1];
}

function outsideBbox(position: Position): boolean {
	const [west, south, east, north] = thailandBbox;
	const lon = position[0]!;
	const lat = position[1]!;
	return lon < west || lon > east || lat < south || lat > north;
}

/**
 * Above this many vertices the browser leaves self-intersections to the server. The grid search
 * of `ringCrossings` is near-linear for real boundaries, but a degenerate one (every segment in
 * one cell) is quadratic; the server's limit on vertices is 20,000 by default.
 */
export const kinksVertexLimit = 20000;

export interface CheckOptions {
	/** The server finds self-intersections with PostGIS (`ST_IsValidDetail`) instead. */
	selfIntersection?: boolean;
}

/**
 * The checks that need no database, all of them collected: unclosed rings, self-intersections
 * and bow-ties (`ringCrossings`, as turf's `kinks` finds them), the vertex limit, and coordinates outside Thailand's bounding box.
 * The server repeats them and adds what needs the provinces, LAOs and other zones.
 */
export function checkZoneGeometry(
	geometry: MultiPolygon,
	rules: Pick<ZoneRuleLimits, 'maxVertices'>,
	options: CheckOptions = {}
): ZoneGeometryProblem[] {
	const problems: ZoneGeometryProblem[] = [];
	geometry.coordinates.forEach((polygon, p) =>
		polygon.forEach((r, k) => {
			if (isClosed(r)) return;
			problems.push({
				rule: 'ring.unclosed',
				message: `Ring ${k + 1} of polygon ${p + 1} is not closed: its last position differs from its first`,
				at: point(r[r.length - 1]!),
				details: { polygon: p, ring: k, first: r[0], last: r[r.length - 1] }
			});
		})
	);

	const vertexCount = countVertices(geometry);
	if (vertexCount > rules.maxVertices) {
		problems.push({
			rule: 'geometry.too_many_vertices',
			message: `The zone has ${vertexCount} vertices; at most ${rules.maxVertices} are allowed (simplify it)`,
			at: point(geometry.coordinates[0]![0]![0]!),
			details: { vertexCount, maxVertices: rules.maxVertices }
		});
	}

	outer: for (const polygon of geometry.coordinates) {
		for (const r of polygon) {
			for (const position of r) {
				if (!outsideBbox(position)) continue;
				problems.push({
					rule: 'geometry.outside_thailand',
					message: `Coordinate ${position[0]}, ${position[1]} is outside Thailand`,
					at: point(position),
					details: { bbox: thailandBbox }
				});
				break outer;
			}
		}
	}

	if (options.selfIntersection !== false && vertexCount <= kinksVertexLimit) {
		const crossings: Position[] = [];
		for (const polygon of geometry.coordinates) {
			// Close an open ring so its other crossings are still found.
			const closed = polygon.map((r) => (isClosed(r) ? r : [...r, r[0]!]));
			crossings.push(...ringCrossings(closed));
		}
		if (crossings.length > 0) {
			problems.push({
				rule: 'geometry.self_intersection',
				message: `The boundary crosses itself at ${crossings.length} point${crossings.length === 1 ? '' : 's'} (a bow-tie or a loop)`,
				at:
					crossings.length === 1
						? point(crossings[0]!)
						: { type: 'MultiPoint', coordinates: crossings },
				details: { crossingCount: crossings.length }
			});
		}
	}
	return problems;
}

/** A polygon or multipolygon as a MultiPolygon. */
export function toMultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
	return geometry.type === 'MultiPolygon'
		? geometry
		: { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}
