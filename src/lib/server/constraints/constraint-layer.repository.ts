import { sql, type Insertable, type Kysely } from 'kysely';
import type { MultiPolygon } from 'geojson';
import type { ConstraintLayerTable, DB } from '../db/schema';

/** Queries on the constraint layers; the caller owns the transaction. */

export async function latestVersionOf(db: Kysely<DB>, key: string): Promise<number> {
	const row = await db
		.selectFrom('constraint_layer')
		.select((eb) => eb.fn.max('version').as('version'))
		.where('key', '=', key)
		.executeTakeFirst();
	return row?.version ?? 0;
}

export async function insertLayer(
	db: Kysely<DB>,
	layer: Insertable<ConstraintLayerTable>
): Promise<number> {
	const { id } = await db
		.insertInto('constraint_layer')
		.values(layer)
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

// Polygons go in as one JSON parameter per batch read back by jsonb_to_recordset, as the
// geodata import does (a VALUES list needs a parameter a field).
const polygonsPerStatement = 250;

export async function insertPolygons(
	db: Kysely<DB>,
	layerId: number,
	polygons: readonly MultiPolygon[],
	features: readonly number[]
): Promise<void> {
	for (let i = 0; i < polygons.length; i += polygonsPerStatement) {
		const rows = JSON.stringify(
			polygons.slice(i, i + polygonsPerStatement).map((geometry, j) => ({
				feature: features[i + j],
				geometry: JSON.stringify(geometry)
			}))
		);
		await sql`
			INSERT INTO constraint_polygon (layer_id, feature, geom)
			SELECT ${layerId}, r.feature, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326))
			FROM jsonb_to_recordset(${rows}::jsonb) AS r (feature integer, geometry text)
			-- Two polygons of one feature (a GeometryCollection) become one MultiPolygon row.
			ON CONFLICT (layer_id, feature) DO UPDATE
				SET geom = ST_Multi(ST_CollectionExtract(ST_Collect(constraint_polygon.geom, excluded.geom), 3))`.execute(
			db
		);
	}
}

/** Polygons PostGIS finds invalid (a bow-tie, a ring crossing itself…), with the reason. */
export async function invalidPolygons(db: Kysely<DB>, layerId: number) {
	const { rows } = await sql<{ feature: number; reason: string }>`
		SELECT feature, ST_IsValidReason(geom) AS reason
		FROM constraint_polygon
		WHERE layer_id = ${layerId} AND NOT ST_IsValid(geom)
		ORDER BY feature
		LIMIT 100`.execute(db);
	return rows;
}

/**
 * Every LAO's share of area inside the layer (0–1), stored as an LAO-level indicator value, in
 * one statement. The layer is dissolved (overlapping polygons count once) and cut into
 * small pieces (`ST_Subdivide`, at most 256 vertices each) so each LAO meets only the pieces
 * near it through the LAO geometry index. Shares are ratios of areas in degrees²: both areas
 * are of the same small place, where a degree² is as good as a km² for a ratio. PAOs (the
 * province) and LAOs without a geometry get no value; an LAO outside the layer gets 0.
 */
export async function storeShares(
	db: Kysely<DB>,
	args: { layerId: number; indicatorKey: string; year: number; importId: number; source: string }
): Promise<{ laoCount: number; laosTouched: number }> {
	// PostgreSQL's JIT compiles this statement (its cost estimate is high) for about 2 s of a 4 s
	// run on 1,000 polygons, then runs it in 1 s; without JIT the whole is faster. Local to the
	// caller's transaction. (PGlite has no JIT; the setting exists there and does nothing.)
	await sql`SET LOCAL jit = off`.execute(db);
	const { rows } = await sql<{ lao_count: number; touched: number }>`
		WITH clustered AS (
			-- Only polygons that touch or overlap need dissolving: one union per cluster, not one of
			-- the whole layer (1,000 polygons spread over the country: 1.4 s instead of 2.6 s).
			SELECT ST_ClusterDBSCAN(geom, 0, 1) OVER () AS cluster, geom
			FROM constraint_polygon WHERE layer_id = ${args.layerId}
		), pieces AS MATERIALIZED (
			SELECT ST_Subdivide(ST_UnaryUnion(ST_Collect(geom)), 256) AS geom
			FROM clustered GROUP BY cluster
		), inside AS (
			SELECT lao.dla_code, sum(ST_Area(ST_Intersection(lao.geom, pieces.geom))) AS area
			FROM pieces JOIN lao ON lao.geom && pieces.geom AND ST_Intersects(lao.geom, pieces.geom)
			WHERE lao.lao_type <> 'provincial_admin_org'
			GROUP BY lao.dla_code
		), stored AS (
			INSERT INTO indicator_value
				(unit_kind, unit_code, indicator_key, year, value, unit, source, approximate, import_id)
			SELECT 'lao', lao.dla_code, ${args.indicatorKey}, ${args.year},
				least(1, greatest(0, coalesce(inside.area, 0) / ST_Area(lao.geom))),
				'share', ${args.source}, lao.geom_approximate, ${args.importId}
			FROM lao LEFT JOIN inside ON inside.dla_code = lao.dla_code
			WHERE lao.lao_type <> 'provincial_admin_org' AND lao.geom IS NOT NULL AND ST_Area(lao.geom) > 0
			RETURNING value
		)
		SELECT count(*)::integer AS lao_count, count(*) FILTER (WHERE value > 0)::integer AS touched
		FROM stored`.execute(db);
	return { laoCount: rows[0]!.lao_count, laosTouched: rows[0]!.touched };
}

export interface ConstraintLayerSummary {
	id: number;
	key: string;
	version: number;
	nameTh: string;
	nameEn: string;
	sourceLine: string;
	licence: string;
	fileName: string;
	featureCount: number;
	vertexCount: number;
	indicatorKey: string;
	createdBy: string | null;
	createdAt: Date;
	latest: boolean;
}

/** Every version of every layer, newest first, each marked whether it is its key's latest. */
export async function listLayers(db: Kysely<DB>): Promise<ConstraintLayerSummary[]> {
	const rows = await db
		.selectFrom('constraint_layer')
		.select([
			'id',
			'key',
			'version',
			'name_th',
			'name_en',
			'source_line',
			'licence',
			'file_name',
			'feature_count',
			'vertex_count',
			'indicator_key',
			'created_by',
			'created_at',
			sql<boolean>`version = max(version) OVER (PARTITION BY key)`.as('latest')
		])
		.orderBy('key')
		.orderBy('version', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		key: r.key,
		version: r.version,
		nameTh: r.name_th,
		nameEn: r.name_en,
		sourceLine: r.source_line,
		licence: r.licence,
		fileName: r.file_name,
		featureCount: r.feature_count,
		vertexCount: r.vertex_count,
		indicatorKey: r.indicator_key,
		createdBy: r.created_by,
		createdAt: r.created_at,
		latest: r.latest
	}));
}

/**
 * One version's polygons as GeoJSON for the map overlay, simplified to `toleranceDegrees`
 * (about 100 m at 0.001°) so a national layer stays a few MB.
 */
export async function layerGeoJson(
	db: Kysely<DB>,
	key: string,
	version: number,
	toleranceDegrees: number
): Promise<string | null> {
	const { rows } = await sql<{ geojson: string | null; found: boolean }>`
		SELECT EXISTS (SELECT 1 FROM constraint_layer WHERE key = ${key} AND version = ${version}) AS found,
			(SELECT json_build_object(
				'type', 'FeatureCollection',
				'features', coalesce(json_agg(json_build_object(
					'type', 'Feature',
					'properties', json_build_object('feature', p.feature),
					'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(p.geom, ${toleranceDegrees}), 5)::json
				) ORDER BY p.feature), '[]'::json))::text
			FROM constraint_polygon p JOIN constraint_layer l ON l.id = p.layer_id
			WHERE l.key = ${key} AND l.version = ${version}) AS geojson`.execute(db);
	return rows[0]!.found ? rows[0]!.geojson : null;
}
