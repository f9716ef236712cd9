import { sql, type Kysely } from 'kysely';
import type { Geometry, MultiPolygon, Point } from 'geojson';
import { checkZoneGeometry, type ZoneGeometryProblem } from '../../geo/zones/zone-geometry';
import {
	bangkokProvinceCode,
	outsideProvinceAllowanceKm2,
	type ZoneRuleLimits
} from '../../geo/zones/zone-rules';
import { activeZoneStatuses, type ZoneStatus } from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';
import type { Problem } from '../domain-errors';
import type { Actor } from '../../accounts/roles';
import { consultedDlaCodesOf, zoneSight, type ZoneSight } from './zone-visibility';

/**
 * The server's judgement of a zone geometry, in PostGIS: every rule is checked and every problem
 * collected (as far as the geometry allows: an unclosed ring cannot even be built). Each problem
 * names its rule and where it is (`details.at`, GeoJSON). The browser's preview runs the pure
 * subset (`checkZoneGeometry`); this is the one that decides. Over 400 lines because the rules
 * share one prepared geometry and one round of PostGIS queries; split, each would re-read it.
 */

/** The geometry as PostGIS made it: what is saved when there is no problem. */
export interface PreparedZoneGeometry {
	/** MultiPolygon, EPSG:4326, hex EWKB from PostGIS. */
	geomHex: string;
	/** Ellipsoidal area, `ST_Area(geom::geography)`, km². */
	areaKm2: number;
	vertexCount: number;
	/** Area outside the zone's province, km² (allowed up to the allowance). */
	outsideProvinceKm2: number;
	/** Overlaps with other active zones small enough to be allowed, hectares. */
	toleratedOverlaps: ToleratedOverlap[];
}

export interface ZoneValidation {
	problems: Problem[];
	/** Null when the geometry could not be built (it is not valid GeoJSON, a ring is open). */
	prepared: PreparedZoneGeometry | null;
}

/**
 * An overlap with another zone too small to refuse (hectares). The other zone's id only when it
 * has a revision in force (its id is public); its province always.
 */
export interface ToleratedOverlap {
	zoneId: number | null;
	provinceCode: string;
	overlapHectares: number;
}

const parse = (json: string | null): Geometry | undefined =>
	json ? (JSON.parse(json) as Geometry) : undefined;

const km2 = (value: number) => `${value.toFixed(3)} km²`;

export async function validateZoneGeometry(
	db: Kysely<DB>,
	input: {
		geometry: MultiPolygon;
		provinceCode: string;
		rules: ZoneRuleLimits;
		/** The zone being edited: its own earlier revisions are not "another zone". */
		excludeZoneId?: number;
		/** Who asks: what the overlap refusal may tell them of the other zone (`zone-visibility.ts`). */
		viewer: Actor | null;
	}
): Promise<ZoneValidation> {
	const { geometry, provinceCode, rules } = input;
	// Self-intersections come from PostGIS below (ST_IsValidDetail), not from turf.
	const pure = checkZoneGeometry(geometry, rules, { selfIntersection: false });
	const problems: Problem[] = pure.map(({ at, details, ...rest }) => ({
		...rest,
		field: 'geometry',
		details: { ...details, at }
	}));
	if (pure.some((p) => p.rule === 'ring.unclosed')) return { problems, prepared: null };
	const outsideBboxReported = pure.some((p) => p.rule === 'geometry.outside_thailand');

	// 1. Build it, check validity, make a valid copy so the other rules can still be measured
	// on an invalid input (GEOS overlays refuse invalid geometries), and measure area, province
	// and Bangkok: one round trip.
	const built = await expectRows(
		sql<{
			valid: boolean;
			reason: string | null;
			location: string | null;
			geom: string;
			area_km2: number;
			vertex_count: number;
			point_on_surface: string | null;
			province_exists: boolean;
			in_province: boolean | null;
			bangkok_km2: number | null;
			bangkok_geojson: string | null;
		}>`
			WITH input AS (
				SELECT ST_Multi(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))) AS raw
			),
			z AS (
				SELECT d.valid, d.reason, d.location,
					CASE WHEN d.valid THEN input.raw
						ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(input.raw), 3)) END AS g
				FROM input, LATERAL ST_IsValidDetail(input.raw) AS d
			),
			bkk AS (
				SELECT ST_Intersection(z.g, p.geom) AS g FROM z, province p
				WHERE p.code = ${bangkokProvinceCode} AND p.geom && z.g AND ST_Intersects(p.geom, z.g)
			)
			SELECT z.valid, z.reason, ST_AsGeoJSON(z.location, 7) AS location, z.g AS geom,
				ST_Area(z.g::geography) / 1e6 AS area_km2,
				ST_NPoints(z.g) AS vertex_count,
				CASE WHEN ST_IsEmpty(z.g) THEN NULL ELSE ST_AsGeoJSON(ST_PointOnSurface(z.g), 7) END
					AS point_on_surface,
				EXISTS (SELECT 1 FROM province WHERE code = ${provinceCode}) AS province_exists,
				(SELECT ST_CoveredBy(z.g, p.geom) FROM province p WHERE p.code = ${provinceCode})
					AS in_province,
				(SELECT ST_Area(bkk.g::geography) / 1e6 FROM bkk) AS bangkok_km2,
				(SELECT ST_AsGeoJSON(bkk.g, 6) FROM bkk) AS bangkok_geojson
			FROM z
		`.execute(db),
		'the geometry'
	);
	const m = built[0]!;
	if (!m.valid) {
		problems.push({
			rule: 'geometry.self_intersection',
			field: 'geometry',
			message: `The geometry is not valid: ${m.reason ?? 'unknown reason'} (a bow-tie, a loop, or overlapping parts)`,
			details: { reason: m.reason, at: parse(m.location) }
		});
	}
	const geomHex = m.geom;

	const areaKm2 = m.area_km2 ?? 0;
	const pointOnSurface = parse(m.point_on_surface) as Point | undefined;
	const allowanceKm2 = outsideProvinceAllowanceKm2(rules, areaKm2);

	if (areaKm2 < rules.minAreaKm2) {
		problems.push({
			rule: 'zone.area_too_small',
			field: 'geometry',
			message: `The zone's area is ${km2(areaKm2)}; at least ${rules.minAreaKm2} km² is required`,
			details: { areaKm2, minAreaKm2: rules.minAreaKm2, at: pointOnSurface }
		});
	}
	if (areaKm2 > rules.maxAreaKm2) {
		problems.push({
			rule: 'zone.area_too_large',
			field: 'geometry',
			message: `The zone's area is ${km2(areaKm2)}; at most ${rules.maxAreaKm2} km² is allowed`,
			details: { areaKm2, maxAreaKm2: rules.maxAreaKm2, at: pointOnSurface }
		});
	}

	const bangkokKm2 = m.bangkok_km2 ?? 0;
	if (provinceCode === bangkokProvinceCode || bangkokKm2 > allowanceKm2) {
		problems.push({
			rule: 'zone.in_bangkok',
			field: provinceCode === bangkokProvinceCode ? 'provinceCode' : 'geometry',
			message:
				'Bangkok (TH10) is governed by the Bangkok Metropolitan Administration, which is not in ' +
				"DLA's registry: it has no LAOs, so no SEDZ can be planned there",
			details: { bangkokKm2, at: parse(m.bangkok_geojson) ?? pointOnSurface }
		});
	}

	let outsideProvinceKm2 = 0;
	if (!m.province_exists) {
		problems.push({
			rule: 'zone.outside_province',
			field: 'provinceCode',
			message: `There is no province ${provinceCode}`,
			details: { provinceCode }
		});
	} else if (m.in_province === false && provinceCode !== bangkokProvinceCode) {
		const outside = await measureOutside(db, geomHex, provinceCode, allowanceKm2);
		outsideProvinceKm2 = outside.outsideKm2;
		if (outside.outsideKm2 > allowanceKm2) {
			problems.push({
				rule: 'zone.outside_province',
				field: 'geometry',
				message:
					`${km2(outside.outsideKm2)} of the zone lies outside province ${provinceCode}; ` +
					`at most ${km2(allowanceKm2)} is allowed (the smaller of ` +
					`${rules.outsideProvinceMaxShare * 100} % of its area and ${rules.outsideProvinceMaxKm2} km²)`,
				details: {
					outsideKm2: outside.outsideKm2,
					allowedKm2: allowanceKm2,
					otherProvinces: outside.otherProvinces,
					at: outside.outside
				}
			});
		}
		if (!outsideBboxReported && outside.outsideThailandKm2 > allowanceKm2) {
			const firstOutside = await firstCoordinateOutsideThailand(db, outside.outsideHex);
			problems.push({
				rule: 'geometry.outside_thailand',
				field: 'geometry',
				message: `${km2(outside.outsideThailandKm2)} of the zone lies outside Thailand (beyond every province)`,
				details: {
					outsideThailandKm2: outside.outsideThailandKm2,
					firstCoordinate: firstOutside,
					at: firstOutside ?? outside.outside
				}
			});
		}
	}

	// 3. Overlaps with other active zones' current revisions (GiST index on zone_revision.geom),
	// and with every revision in force: an SEDZ whose amendment was rejected or withdrawn is
	// still an SEDZ. Every working copy counts, also those the caller may not read (another
	// province's drafts must be protected too); what the refusal tells of the other zone follows
	// the visibility rule (`reportOverlaps`).
	const { rows: overlaps } = await sql<OverlapRow>`
		WITH z AS (SELECT ${geomHex}::geometry AS g)
		SELECT zone.id AS zone_id, zone.province_code, zone.status,
			zone.current_revision_id, zone.approved_revision_id, r.id AS revision_id, r.name,
			ST_Area(i.g::geography) / 1e4 AS overlap_ha, ST_AsGeoJSON(i.g, 6) AS overlap,
			(SELECT ST_AsGeoJSON(ST_Multi(ST_Collect(d.geom)), 6) FROM ST_Dump(z.g) AS d
				WHERE d.geom && r.geom AND ST_Relate(d.geom, r.geom, 'T********')) AS own_parts
		FROM z
		JOIN zone_revision r ON r.geom && z.g
		JOIN zone ON (zone.current_revision_id = r.id
				AND (zone.status IN (${sql.join([...activeZoneStatuses])})
					OR zone.approved_revision_id IS NOT NULL))
			OR (zone.approved_revision_id = r.id AND zone.approved_revision_id <> zone.current_revision_id)
		CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(r.geom, z.g), 3) AS g) i
		WHERE zone.id <> ${input.excludeZoneId ?? -1}
			AND ST_Intersects(r.geom, z.g)
		ORDER BY overlap_ha DESC, zone.id
	`.execute(db);
	const consulted = await consultedDlaCodesOf(
		db,
		input.viewer,
		overlaps.map((o) => o.zone_id)
	);
	const reported = reportOverlaps(overlaps, {
		viewer: input.viewer,
		consulted,
		maxHectares: rules.overlapMaxHectares
	});
	problems.push(...reported.problems);
	const toleratedOverlaps = reported.tolerated;

	return {
		problems,
		prepared: {
			geomHex,
			areaKm2,
			vertexCount: m.vertex_count,
			outsideProvinceKm2,
			toleratedOverlaps
		}
	};
}

/**
 * The part outside the province, the provinces it reaches into, and how much of it lies outside
 * Thailand. A piece of the outside part counts as outside Thailand when its point on surface is
 * in no province: predicates only, no overlay with the large province polygons. Why: on PGlite
 * 0.5.8 (PostGIS 3.6 in WASM) `ST_Intersection(sliver, province.geom)` made the whole query
 * return no row and no error (seen on a zone straddling TH40/TH36; PostgreSQL answers it), so
 * an overlay here could silently drop the figure. Not yet reported upstream (electric-sql/pglite).
 */
async function measureOutside(
	db: Kysely<DB>,
	geomHex: string,
	provinceCode: string,
	allowanceKm2: number
) {
	const rows = await expectRows(
		sql<{ outside_hex: string; outside_km2: number; outside: string }>`
			WITH o AS (
				SELECT ST_Multi(ST_CollectionExtract(ST_Difference(${geomHex}::geometry, p.geom), 3)) AS g
				FROM province p WHERE p.code = ${provinceCode}
			)
			SELECT o.g AS outside_hex, ST_Area(o.g::geography) / 1e6 AS outside_km2,
				ST_AsGeoJSON(o.g, 6) AS outside
			FROM o
		`.execute(db),
		'the part outside the province'
	);
	const row = rows[0]!;
	// Within the allowance nothing is reported, and the part outside Thailand is no larger.
	if (row.outside_km2 <= allowanceKm2) {
		return {
			outsideHex: row.outside_hex,
			outsideKm2: row.outside_km2,
			outside: undefined,
			otherProvinces: [],
			outsideThailandKm2: 0
		};
	}
	const { rows: pieces } = await sql<{ km2: number; provinces: string[] | string | null }>`
		SELECT ST_Area(d.geom::geography) / 1e6 AS km2,
			ARRAY(SELECT p.code FROM province p
				WHERE p.code <> ${provinceCode} AND p.geom && d.geom AND ST_Intersects(p.geom, d.geom)
				ORDER BY p.code) AS provinces,
			EXISTS (SELECT 1 FROM province p
				WHERE p.geom && d.geom AND ST_Intersects(p.geom, ST_PointOnSurface(d.geom))) AS in_thailand
		FROM ST_Dump(${row.outside_hex}::geometry) AS d
	`.execute(db);
	const otherProvinces = new Set<string>();
	let outsideThailandKm2 = 0;
	for (const piece of pieces as {
		km2: number;
		provinces: string[] | string | null;
		in_thailand: boolean;
	}[]) {
		for (const code of parseTextArray(piece.provinces)) otherProvinces.add(code);
		if (!piece.in_thailand) outsideThailandKm2 += piece.km2;
	}
	return {
		outsideHex: row.outside_hex,
		outsideKm2: row.outside_km2,
		outside: parse(row.outside),
		otherProvinces: [...otherProvinces].sort(),
		outsideThailandKm2
	};
}

/** A text[] as either engine returns it (an array, or PostgreSQL's `{a,b}` text). */
function parseTextArray(value: string[] | string | null): string[] {
	if (value === null) return [];
	if (Array.isArray(value)) return value;
	return value
		.replace(/^\{|\}$/g, '')
		.split(',')
		.filter(Boolean);
}

/**
 * The rows of a query that must return at least one; an empty answer is an engine failure (see
 * `measureOutside`), never a figure of zero.
 */
export async function expectRows<R>(query: Promise<{ rows: R[] }>, what: string): Promise<R[]> {
	const { rows } = await query;
	if (rows.length === 0) {
		throw new Error(
			`The database returned no row for ${what}: a geometry operation failed silently`
		);
	}
	return rows;
}

/** The first vertex (in ring order) that no province holds, or undefined when all are held. */
async function firstCoordinateOutsideThailand(
	db: Kysely<DB>,
	geomHex: string
): Promise<Point | undefined> {
	const { rows } = await sql<{ point: string }>`
		SELECT ST_AsGeoJSON(dp.geom, 7) AS point
		FROM ST_DumpPoints(${geomHex}::geometry) AS dp
		WHERE NOT EXISTS (
			SELECT 1 FROM province p WHERE p.geom && dp.geom AND ST_Intersects(p.geom, dp.geom)
		)
		ORDER BY dp.path
		LIMIT 1
	`.execute(db);
	return rows[0] ? (JSON.parse(rows[0].point) as Point) : undefined;
}

/** One revision of another zone that the candidate geometry meets. */
interface OverlapRow {
	zone_id: number;
	province_code: string;
	status: ZoneStatus;
	current_revision_id: number | null;
	approved_revision_id: number | null;
	revision_id: number;
	name: string;
	overlap_ha: number;
	/** The intersection: the other revision's outline within the candidate. */
	overlap: string;
	/** The candidate's own polygons that overlap it, whole: nothing of the other's outline. */
	own_parts: string | null;
}

/**
 * The overlap refusals, as the visibility rule lets the caller see the other zone (issue 12):
 * - the caller reads its working copy: every revision counts as before, the largest overlap
 *   names the zone (id, name) and `details.at` is the overlap itself;
 * - the caller reads only its revision in force: an overlap with that revision names the zone
 *   by its public name and draws the overlap with the public outline; an overlap with the
 *   amendment alone is refused as with a hidden zone;
 * - hidden (another province's draft, or an amendment): refused all the same, saying only that
 *   a zone of that province overlaps by N ha, with `details.at` = the caller's own overlapping
 *   polygons, never the other's outline, id or name.
 */
export function reportOverlaps(
	rows: readonly OverlapRow[],
	context: { viewer: Actor | null; consulted: Map<number, string[]>; maxHectares: number }
): { problems: Problem[]; tolerated: ToleratedOverlap[] } {
	const byZone = new Map<number, OverlapRow[]>();
	for (const row of rows) {
		if (!(row.overlap_ha > 0)) continue;
		byZone.set(row.zone_id, [...(byZone.get(row.zone_id) ?? []), row]);
	}
	const problems: Problem[] = [];
	const tolerated: ToleratedOverlap[] = [];
	for (const [zoneId, zoneRows] of byZone) {
		const first = zoneRows[0]!;
		const sight: ZoneSight = zoneSight(context.viewer, {
			provinceCode: first.province_code,
			status: first.status,
			currentRevisionId: first.current_revision_id,
			approvedRevisionId: first.approved_revision_id,
			consultedDlaCodes: context.consulted.get(zoneId) ?? []
		});
		const largest = (candidates: OverlapRow[]) =>
			candidates.reduce<OverlapRow | undefined>(
				(best, r) => (best === undefined || r.overlap_ha > best.overlap_ha ? r : best),
				undefined
			);
		// The revision the caller may name and draw, if any, and the largest overlap of all.
		const nameable =
			sight.sees === 'working_copy'
				? largest(zoneRows)
				: sight.sees === 'in_force'
					? zoneRows.find((r) => r.revision_id === sight.revisionId)
					: undefined;
		const overall = largest(zoneRows)!;
		if (nameable && nameable.overlap_ha > context.maxHectares) {
			problems.push({
				rule: 'zone.overlaps_zone',
				field: 'geometry',
				message:
					`The zone overlaps zone ${zoneId} “${nameable.name}” by ${nameable.overlap_ha.toFixed(2)} ha; ` +
					`at most ${context.maxHectares} ha is allowed`,
				details: {
					overlapHectares: nameable.overlap_ha,
					maxHectares: context.maxHectares,
					otherZoneId: zoneId,
					otherZoneName: nameable.name,
					otherProvinceCode: first.province_code,
					at: parse(nameable.overlap)
				}
			});
			continue;
		}
		// What the caller may not see still refuses the save, disclosing nothing of it.
		const hidden = zoneRows.filter((r) => r !== nameable);
		const hiddenLargest = largest(hidden);
		if (hiddenLargest && hiddenLargest.overlap_ha > context.maxHectares) {
			problems.push({
				rule: 'zone.overlaps_zone',
				field: 'geometry',
				message:
					`The zone overlaps another active zone of province ${first.province_code} by ` +
					`${hiddenLargest.overlap_ha.toFixed(2)} ha; at most ${context.maxHectares} ha is allowed`,
				details: {
					overlapHectares: hiddenLargest.overlap_ha,
					maxHectares: context.maxHectares,
					otherZoneId: null,
					otherZoneName: null,
					otherProvinceCode: first.province_code,
					at: parse(hiddenLargest.own_parts)
				}
			});
			continue;
		}
		// Kept in the revision's metrics, which every later reader of the revision gets (the
		// public too, once it is approved): only the id of a zone that is public itself.
		tolerated.push({
			zoneId: first.approved_revision_id !== null ? zoneId : null,
			provinceCode: first.province_code,
			overlapHectares: overall.overlap_ha
		});
	}
	return { problems, tolerated };
}

/** The parser's problems with a geometry as problems of the `geometry` field (where → details). */
export function geometryFieldProblems(problems: readonly ZoneGeometryProblem[]): Problem[] {
	return problems.map(({ at, details, ...p }) => ({
		...p,
		field: 'geometry',
		details: { ...details, at }
	}));
}
