import { sql, type Kysely } from 'kysely';
import type { LaoType } from '../../lao-types';
import type { DB } from '../db/schema';

/**
 * The queries behind the zone workspace: the province and its LAOs to draw on, and the union of
 * LAOs a zone can start from. Geometries come out as GeoJSON text; bounding boxes in degrees.
 */

/** What decides whether an LAO can be part of a zone: its province, type and whether it has a geometry. */
export function findLaosForUnion(db: Kysely<DB>, dlaCodes: readonly string[]) {
	return db
		.selectFrom('lao')
		.select([
			'dla_code',
			'province_code',
			'lao_type',
			sql<boolean>`geom IS NOT NULL`.as('has_geom')
		])
		.where('dla_code', 'in', dlaCodes)
		.execute();
}

/**
 * The union of the LAOs, clipped to the province, as GeoJSON text (7 decimals). Snapped to the
 * 7-decimal grid of the GeoJSON it travels as (ST_ReducePrecision keeps it valid; plain rounding
 * can make two close edges cross). Clipped to the province: a few LAOs are linked to a tambon
 * across the province boundary in the registry's links, and a zone belongs to one province.
 */
export async function unionOfLaoGeometries(
	db: Kysely<DB>,
	args: { dlaCodes: readonly string[]; provinceCode: string }
): Promise<string> {
	const { rows } = await sql<{ geometry: string }>`
		WITH u AS (SELECT ST_Union(geom) AS g FROM lao WHERE dla_code IN (${sql.join(args.dlaCodes)}))
		SELECT ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_ReducePrecision(
				CASE WHEN ST_CoveredBy(u.g, p.geom) THEN u.g ELSE ST_Intersection(u.g, p.geom) END,
				1e-7), 3)), 7) AS geometry
		FROM u, province p WHERE p.code = ${args.provinceCode}
	`.execute(db);
	return rows[0]!.geometry;
}

export async function findLaoNameTh(db: Kysely<DB>, dlaCode: string): Promise<string> {
	const row = await db
		.selectFrom('lao')
		.select('name_th')
		.where('dla_code', '=', dlaCode)
		.executeTakeFirstOrThrow();
	return row.name_th;
}

/** The province with its bounding box and its outline simplified at `simplifyDegrees`. */
export async function findProvinceOutline(
	db: Kysely<DB>,
	args: { provinceCode: string; simplifyDegrees: number }
) {
	const { rows } = await sql<{
		code: string;
		name_th: string;
		name_en: string;
		west: number;
		south: number;
		east: number;
		north: number;
		geometry: string;
	}>`
		SELECT code, name_th, name_en, ST_XMin(geom) AS west, ST_YMin(geom) AS south,
			ST_XMax(geom) AS east, ST_YMax(geom) AS north,
			ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, ${args.simplifyDegrees})), 6) AS geometry
		FROM province WHERE code = ${args.provinceCode}
	`.execute(db);
	return rows[0];
}

/**
 * The LAOs a zone may be drawn from in a province (not the PAO, with a geometry and an area),
 * with the official figures: population estimate and the score under `modelId`.
 */
export async function listWorkspaceLaos(
	db: Kysely<DB>,
	args: { provinceCode: string; modelId: number; simplifyDegrees: number }
) {
	const { rows } = await sql<{
		dla_code: string;
		name_th: string;
		name_en: string | null;
		lao_type: LaoType;
		area_km2: number;
		population: number | null;
		score: number | null;
		geom_approximate: boolean;
		geometry: string;
		west: number;
		south: number;
		east: number;
		north: number;
	}>`
		SELECT l.dla_code, l.name_th, l.name_en, l.lao_type, l.area_km2, pe.population, s.score,
			l.geom_approximate,
			ST_AsGeoJSON(ST_SimplifyPreserveTopology(l.geom, ${args.simplifyDegrees}), 6) AS geometry,
			ST_XMin(l.geom) AS west, ST_YMin(l.geom) AS south, ST_XMax(l.geom) AS east, ST_YMax(l.geom) AS north
		FROM lao l
		LEFT JOIN lao_population_estimate pe ON pe.dla_code = l.dla_code
		LEFT JOIN lao_score s ON s.dla_code = l.dla_code AND s.model_id = ${args.modelId}
		WHERE l.province_code = ${args.provinceCode} AND l.lao_type <> 'provincial_admin_org'
			AND l.geom IS NOT NULL AND l.area_km2 > 0
		ORDER BY l.dla_code
	`.execute(db);
	return rows;
}
