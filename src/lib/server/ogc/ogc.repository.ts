import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema';
import type { CollectionDefinition, CollectionProperty } from './ogc.collections';
import type { ServedCrs } from './ogc.crs';

/** West, south, east, north in CRS84. */
export type Bbox = [number, number, number, number];

export interface FeatureRow {
	id: string;
	/** GeoJSON text, or null for a feature without geometry (an LAO without a boundary). */
	geometry: string | null;
	properties: Record<string, unknown>;
}

/** What selects the features of one collection: a box, property values. */
export interface FeatureFilter {
	/** The box's corners in `crs` (axis order of that CRS), four numbers. */
	bbox?: { corners: [number, number, number, number]; crs: ServedCrs };
	/** property = value, for queryable properties only (checked by the params parser). */
	equals?: { property: string; value: string | number | boolean }[];
}

export interface SortKey {
	property: string;
	descending: boolean;
}

const column = (name: string) => sql.ref(`f.${name}`);

/** The box as a WGS 84 polygon: PostGIS reprojects it when it is given in another CRS. */
function boxIn4326({ corners, crs }: NonNullable<FeatureFilter['bbox']>) {
	const [a, b, c, d] = corners;
	// EPSG:4326 by URI is latitude first: minLat, minLon, maxLat, maxLon.
	const [west, south, east, north] = crs.latitudeFirst ? [b, a, d, c] : [a, b, c, d];
	const envelope = sql`ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, ${crs.srid}::int)`;
	// Projected boxes are densified before reprojection so their curved edges stay within ~1 km.
	return crs.srid === 4326 ? envelope : sql`ST_Transform(ST_Segmentize(${envelope}, 1000), 4326)`;
}

function whereClause(filter: FeatureFilter): RawBuilder<unknown> {
	const conditions: RawBuilder<unknown>[] = [];
	if (filter.bbox) {
		const box = boxIn4326(filter.bbox);
		// The index-friendly `&&` first, then the exact test.
		conditions.push(sql`(f.geom && ${box} AND ST_Intersects(f.geom, ${box}))`);
	}
	for (const { property, value } of filter.equals ?? [])
		conditions.push(sql`${column(property)} = ${value}`);
	return conditions.length === 0 ? sql`` : sql`WHERE ${sql.join(conditions, sql` AND `)}`;
}

/** The geometry as GeoJSON text in the asked CRS (axis order and decimals of that CRS). */
function geometryAs(crs: ServedCrs) {
	if (crs.srid === 4326 && !crs.latitudeFirst)
		return sql`ST_AsGeoJSON(f.geom, ${crs.decimals}::int)`;
	if (crs.srid === 4326) return sql`ST_AsGeoJSON(ST_FlipCoordinates(f.geom), ${crs.decimals}::int)`;
	return sql`ST_AsGeoJSON(ST_Transform(f.geom, ${crs.srid}::int), ${crs.decimals}::int)`;
}

function orderBy(collection: CollectionDefinition, sortBy: readonly SortKey[]) {
	const keys = [...sortBy];
	if (keys.length === 0)
		for (const property of [collection.defaultSort].flat())
			keys.push({ property, descending: false });
	// The id last, so pages never overlap when the sort keys tie.
	if (!keys.some((k) => k.property === collection.idProperty))
		keys.push({ property: collection.idProperty, descending: false });
	return sql.join(
		keys.map((k) => sql`${column(k.property)} ${sql.raw(k.descending ? 'DESC' : 'ASC')} NULLS LAST`)
	);
}

/** A property as its declared type: bigint sums and counts arrive as text from `pg`. */
export function typedValue(property: CollectionProperty, value: unknown): unknown {
	if (value === null || value === undefined) return null;
	switch (property.type) {
		case 'integer':
		case 'number':
			return Number(value);
		case 'boolean':
			return Boolean(value);
		default:
			return String(value);
	}
}

type SourceRow = Record<string, unknown> & { feature_id: string; geometry: string | null };

function toFeatureRow(collection: CollectionDefinition, row: SourceRow): FeatureRow {
	const properties: Record<string, unknown> = {};
	for (const property of collection.properties)
		properties[property.name] = typedValue(property, row[property.name]);
	return { id: String(row.feature_id), geometry: row.geometry, properties };
}

export async function countFeatures(
	db: Kysely<DB>,
	collection: CollectionDefinition,
	filter: FeatureFilter
): Promise<number> {
	await collection.prepare?.(db);
	const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n
		FROM (${collection.source()}) AS f ${whereClause(filter)}`.execute(db);
	return Number(rows[0]?.n ?? 0);
}

export async function pageFeatures(
	db: Kysely<DB>,
	collection: CollectionDefinition,
	query: {
		filter: FeatureFilter;
		sortBy: readonly SortKey[];
		crs: ServedCrs;
		limit: number;
		offset: number;
	}
): Promise<FeatureRow[]> {
	await collection.prepare?.(db);
	const columns = sql.join(collection.properties.map((p) => column(p.name)));
	const { rows } = await sql<SourceRow>`SELECT f.feature_id, ${columns},
		${geometryAs(query.crs)} AS geometry
		FROM (${collection.source()}) AS f ${whereClause(query.filter)}
		ORDER BY ${orderBy(collection, query.sortBy)}
		LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db);
	return rows.map((row) => toFeatureRow(collection, row));
}

export async function findFeature(
	db: Kysely<DB>,
	collection: CollectionDefinition,
	id: string,
	crs: ServedCrs
): Promise<FeatureRow | undefined> {
	await collection.prepare?.(db);
	if (!collection.idPattern.test(id)) return undefined;
	const columns = sql.join(collection.properties.map((p) => column(p.name)));
	const { rows } = await sql<SourceRow>`SELECT f.feature_id, ${columns},
		${geometryAs(crs)} AS geometry
		FROM (${collection.source()}) AS f WHERE f.feature_id = ${id}`.execute(db);
	return rows[0] && toFeatureRow(collection, rows[0]);
}

/** The collection's extent in CRS84, or null while it is empty. */
export async function collectionExtent(
	db: Kysely<DB>,
	collection: CollectionDefinition
): Promise<Bbox | null> {
	await collection.prepare?.(db);
	const { rows } = await sql<{
		west: number | null;
		south: number | null;
		east: number | null;
		north: number | null;
	}>`SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
		FROM (SELECT ST_Extent(f.geom)::geometry AS e FROM (${collection.source()}) AS f) AS x`.execute(db);
	const row = rows[0];
	return !row || row.west === null
		? null
		: ([row.west, row.south!, row.east!, row.north!].map(Number) as Bbox);
}

export interface ExportRow {
	wkb: Uint8Array | null;
	/** West, east, south, north (GeoPackage order), null without geometry. */
	envelope: [number, number, number, number] | null;
	values: Record<string, unknown>;
}

/** Every feature of a collection in its default order, geometry as WKB (WGS 84), for files. */
export async function exportRows(
	db: Kysely<DB>,
	collection: CollectionDefinition
): Promise<ExportRow[]> {
	await collection.prepare?.(db);
	const columns = sql.join(collection.properties.map((p) => column(p.name)));
	const { rows } = await sql<
		Record<string, unknown> & {
			wkb: Uint8Array | null;
			west: number | null;
			east: number | null;
			south: number | null;
			north: number | null;
		}
	>`SELECT ${columns}, ST_AsBinary(f.geom) AS wkb, ST_XMin(f.geom) AS west, ST_XMax(f.geom) AS east,
		ST_YMin(f.geom) AS south, ST_YMax(f.geom) AS north
		FROM (${collection.source()}) AS f
		ORDER BY ${orderBy(collection, [])}`.execute(db);
	return rows.map((row) => {
		const values: Record<string, unknown> = {};
		for (const property of collection.properties)
			values[property.name] = typedValue(property, row[property.name]);
		return {
			wkb: row.wkb ? new Uint8Array(row.wkb) : null,
			envelope:
				row.west === null
					? null
					: ([row.west, row.east, row.south, row.north].map(Number) as ExportRow['envelope']),
			values
		};
	});
}
