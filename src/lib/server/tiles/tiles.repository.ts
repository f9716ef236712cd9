import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { laoDrawOrder, type TileFeatureProperties, type TileLayerName } from './tile-layers';

/** One unit of a tile layer as read from the database, geometry still as GeoJSON text. */
export interface TileUnit {
	/** Numeric feature id, stable for a unit: its code without `TH` (or its DLA code). */
	id: number;
	properties: TileFeatureProperties;
	/** `ST_AsGeoJSON` of the MultiPolygon in EPSG:4326, 6 decimals (about 0.1 m). */
	geometryGeoJson: string;
	/** `ST_AsGeoJSON` of the label point. */
	labelGeoJson: string;
}

/** Decimal places of longitude and latitude read from PostGIS: 1e-6° is about 0.11 m. */
const coordinateDecimals = 6;

const geometryGeoJson = sql<string>`ST_AsGeoJSON(geom, ${sql.lit(coordinateDecimals)})`;

/**
 * The label point: a point on the surface of the unit's largest part (by planar area in
 * degrees, enough to rank parts), so an island district is labelled on its main land.
 */
const labelGeoJson = sql<string>`ST_AsGeoJSON(ST_PointOnSurface((
	SELECT part.geom FROM ST_Dump(geom) AS part ORDER BY ST_Area(part.geom) DESC LIMIT 1
)), ${sql.lit(coordinateDecimals)})`;

/** Areas in tiles are in km², rounded to 0.01 km²: enough for a label or a legend. */
const areaKm2 = sql<number>`round(area_km2::numeric, 2)::double precision`;

const codeNumber = (code: string) => Number.parseInt(code.replace(/^TH/, ''), 10);

/** The latest succeeded import run: the dataset version tiles are built from. */
export async function findDatasetVersion(db: Kysely<DB>): Promise<number | undefined> {
	const row = await db
		.selectFrom('import_run')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('status', '=', 'succeeded')
		.executeTakeFirst();
	return row?.id ?? undefined;
}

/**
 * Which part of a layer to read: its units whose geometry meets `clipTo` (west, south, east,
 * north in degrees), each clipped to it; or every unit simplified to `simplifyDegrees`
 * (Douglas–Peucker, tiny parts kept). The label point is always the whole unit's.
 */
export interface TileUnitArea {
	clipTo?: readonly [west: number, south: number, east: number, north: number];
	simplifyDegrees?: number;
}

function geometryIn(area: TileUnitArea | undefined) {
	if (area?.clipTo) {
		const [west, south, east, north] = area.clipTo;
		return sql<string>`ST_AsGeoJSON(ST_ClipByBox2D(geom, ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)), ${sql.lit(coordinateDecimals)})`;
	}
	if (area?.simplifyDegrees !== undefined)
		return sql<string>`ST_AsGeoJSON(ST_Simplify(geom, ${area.simplifyDegrees}, true), ${sql.lit(coordinateDecimals)})`;
	return geometryGeoJson;
}

/** Only the units whose geometry meets `area.clipTo` (its bounding box, through the index). */
function meets(area: TileUnitArea | undefined) {
	if (!area?.clipTo) return sql<boolean>`true`;
	const [west, south, east, north] = area.clipTo;
	return sql<boolean>`geom && ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`;
}

/** The table each tile layer is read from. */
const layerTable = {
	province: 'province',
	district: 'district',
	tambon: 'tambon',
	lao: 'lao'
} as const satisfies Record<TileLayerName, keyof DB>;

/** A layer's vertices and extent (west, south, east, north), or undefined when it is empty. */
export async function findLayerSize(
	db: Kysely<DB>,
	layer: TileLayerName
): Promise<{ vertices: number; extent: [number, number, number, number] } | undefined> {
	const { rows } = await sql<{
		vertices: string;
		west: number | null;
		south: number | null;
		east: number | null;
		north: number | null;
	}>`
		SELECT coalesce(sum(ST_NPoints(geom)), 0)::bigint::text AS vertices,
			ST_XMin(ST_Extent(geom)) AS west, ST_YMin(ST_Extent(geom)) AS south,
			ST_XMax(ST_Extent(geom)) AS east, ST_YMax(ST_Extent(geom)) AS north
		FROM ${sql.table(layerTable[layer])} WHERE geom IS NOT NULL`.execute(db);
	const row = rows[0];
	if (!row || row.west === null || row.south === null || row.east === null || row.north === null)
		return undefined;
	return { vertices: Number(row.vertices), extent: [row.west, row.south, row.east, row.north] };
}

/**
 * Every unit of a layer (or of `area`) with its geometry, in drawing order (LAOs: PAOs first,
 * see `laoDrawOrder`).
 */
export async function listTileUnits(
	db: Kysely<DB>,
	layer: TileLayerName,
	area?: TileUnitArea
): Promise<TileUnit[]> {
	const geometryText = geometryIn(area);
	switch (layer) {
		case 'province': {
			const rows = await db
				.selectFrom('province')
				.select(['code', 'name_th', 'name_en'])
				.select([areaKm2.as('area_km2'), geometryText.as('geometry'), labelGeoJson.as('label')])
				.where(meets(area))
				.orderBy('code')
				.execute();
			return rows.map(({ geometry, label, ...properties }) => ({
				id: codeNumber(properties.code),
				properties,
				geometryGeoJson: geometry,
				labelGeoJson: label
			}));
		}
		case 'district': {
			const rows = await db
				.selectFrom('district')
				.select(['code', 'province_code', 'name_th', 'name_en'])
				.select([areaKm2.as('area_km2'), geometryText.as('geometry'), labelGeoJson.as('label')])
				.where(meets(area))
				.orderBy('code')
				.execute();
			return rows.map(({ geometry, label, ...properties }) => ({
				id: codeNumber(properties.code),
				properties,
				geometryGeoJson: geometry,
				labelGeoJson: label
			}));
		}
		case 'tambon': {
			const rows = await db
				.selectFrom('tambon')
				.select(['code', 'district_code', 'province_code', 'name_th', 'name_en'])
				.select([areaKm2.as('area_km2'), geometryText.as('geometry'), labelGeoJson.as('label')])
				.where(meets(area))
				.orderBy('code')
				.execute();
			return rows.map(({ geometry, label, ...properties }) => ({
				id: codeNumber(properties.code),
				properties,
				geometryGeoJson: geometry,
				labelGeoJson: label
			}));
		}
		case 'lao': {
			const rows = await db
				.selectFrom('lao')
				.select(['dla_code', 'lao_type', 'name_th', 'name_en', 'province_code'])
				.select([
					'geom_approximate',
					areaKm2.as('area_km2'),
					geometryText.as('geometry'),
					labelGeoJson.as('label')
				])
				.where('geom', 'is not', null)
				.where(meets(area))
				.orderBy('dla_code')
				.execute();
			const ordered = rows
				.map((row) => ({ row, drawOrder: laoDrawOrder[row.lao_type] }))
				// Stable sort: within one draw order the DLA code order stays.
				.sort((a, b) => a.drawOrder - b.drawOrder);
			return ordered.map(({ row, drawOrder }) => {
				const properties: TileFeatureProperties = {
					dla_code: row.dla_code,
					lao_type: row.lao_type,
					name_th: row.name_th,
					province_code: row.province_code,
					approximate: row.geom_approximate,
					draw_order: drawOrder,
					area_km2: row.area_km2
				};
				if (row.name_en !== null) properties.name_en = row.name_en;
				return {
					id: Number.parseInt(row.dla_code, 10),
					properties,
					geometryGeoJson: row.geometry,
					labelGeoJson: row.label
				};
			});
		}
	}
}

/** The latest succeeded import run and, when its tiles are stored, their set. */
export async function findTileVersion(
	db: Kysely<DB>
): Promise<{ version: number; stored: boolean } | undefined> {
	const version = await findDatasetVersion(db);
	if (version === undefined) return undefined;
	const set = await db
		.selectFrom('vector_tile_set')
		.select('import_run_id')
		.where('import_run_id', '=', version)
		.executeTakeFirst();
	return { version, stored: set !== undefined };
}

/**
 * What tells a PostgreSQL database's tile set apart from any other's, for a copy of it cached
 * outside the database: the database's object id (a database dropped and created again under its
 * name gets another) and the set's cut time in microseconds (a new cluster may give the same id).
 */
export async function findTileSetIdentity(
	db: Kysely<DB>,
	version: number
): Promise<{ databaseOid: string; cutAtMicros: string } | undefined> {
	const { rows } = await sql<{ database_oid: string; cut_at_micros: string }>`
		SELECT (SELECT oid FROM pg_database WHERE datname = current_database())::text AS database_oid,
			(extract(epoch FROM cut_at) * 1000000)::bigint::text AS cut_at_micros
		FROM vector_tile_set WHERE import_run_id = ${version}`.execute(db);
	const row = rows[0];
	return row && { databaseOid: row.database_oid, cutAtMicros: row.cut_at_micros };
}

/** A stored tile's gzip-compressed MVT, or undefined for an empty tile. */
export async function findStoredTile(
	db: Kysely<DB>,
	version: number,
	layer: TileLayerName,
	z: number,
	x: number,
	y: number
): Promise<Uint8Array | undefined> {
	const row = await db
		.selectFrom('vector_tile')
		.select('gzip')
		.where('import_run_id', '=', version)
		.where('layer', '=', layer)
		.where('z', '=', z)
		.where('x', '=', x)
		.where('y', '=', y)
		.executeTakeFirst();
	return row?.gzip;
}

export interface StoredTileRow {
	layer: TileLayerName;
	z: number;
	x: number;
	y: number;
	gzip: Uint8Array;
}

/** Opens the set of a run's tiles; its tiles follow with `insertTiles`. */
export async function insertTileSet(db: Kysely<DB>, version: number): Promise<void> {
	await db
		.insertInto('vector_tile_set')
		.values({ import_run_id: version, tile_count: 0, gzip_bytes: 0, cut_ms: 0 })
		.execute();
}

export async function insertTiles(
	db: Kysely<DB>,
	version: number,
	tiles: readonly StoredTileRow[]
): Promise<void> {
	if (tiles.length === 0) return;
	await db
		.insertInto('vector_tile')
		.values(tiles.map((tile) => ({ import_run_id: version, ...tile })))
		.execute();
}

export async function completeTileSet(
	db: Kysely<DB>,
	version: number,
	totals: { tileCount: number; gzipBytes: number; cutMs: number }
): Promise<void> {
	await db
		.updateTable('vector_tile_set')
		.set({
			tile_count: totals.tileCount,
			gzip_bytes: totals.gzipBytes,
			cut_ms: Math.round(totals.cutMs)
		})
		.where('import_run_id', '=', version)
		.execute();
}

/** Drops the tiles of every run but `version` (its data is gone: the import replaced it). */
export async function deleteOtherTileSets(db: Kysely<DB>, version: number): Promise<number> {
	const deleted = await db
		.deleteFrom('vector_tile_set')
		.where('import_run_id', '<>', version)
		.executeTakeFirst();
	return Number(deleted.numDeletedRows);
}

/**
 * One page of a run's stored tiles up to zoom `maxZoom` in key order, after the tile `after`
 * (keyset paging: each page is one primary-key range read, however far into the set).
 */
export async function listStoredTiles(
	db: Kysely<DB>,
	version: number,
	maxZoom: number,
	after: Omit<StoredTileRow, 'gzip'> | undefined,
	limit: number
): Promise<StoredTileRow[]> {
	let query = db
		.selectFrom('vector_tile')
		.select(['layer', 'z', 'x', 'y', 'gzip'])
		.where('import_run_id', '=', version)
		.where('z', '<=', maxZoom);
	// The whole key, run first: a row comparison that is a prefix of the primary key starts the
	// index scan where the last page ended; `(layer, z, x, y) > …` alone was a filter over every
	// earlier row of the run, each page slower than the last (0.3 s a page at 516,000 tiles).
	if (after)
		query = query.where(
			sql<boolean>`(import_run_id, layer, z, x, y) > (${version}, ${after.layer}, ${after.z}, ${after.x}, ${after.y})`
		);
	return query
		.orderBy('import_run_id')
		.orderBy('layer')
		.orderBy('z')
		.orderBy('x')
		.orderBy('y')
		.limit(limit)
		.execute();
}
