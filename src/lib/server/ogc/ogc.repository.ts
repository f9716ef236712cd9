import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** West, south, east, north in CRS84. */
export type Bbox = [number, number, number, number];

export interface FeatureRow {
	id: string;
	/** GeoJSON text (6 decimals, ~0.1 m), or null for an LAO without a boundary. */
	geometry: string | null;
	properties: Record<string, unknown>;
}

const envelope = ([west, south, east, north]: Bbox) =>
	sql`ST_MakeEnvelope(${west}, ${south}, ${east}, ${north}, 4326)`;

// The index-friendly `&&` first, then the exact test.
const intersects = (column: string, bbox: Bbox) =>
	sql<boolean>`(${sql.ref(column)} && ${envelope(bbox)} AND ST_Intersects(${sql.ref(column)}, ${envelope(bbox)}))`;

function laoQuery(db: Kysely<DB>, bbox: Bbox | undefined) {
	let query = db
		.selectFrom('lao')
		.leftJoin('lao_population_estimate as pop', 'pop.dla_code', 'lao.dla_code');
	if (bbox) query = query.where(intersects('lao.geom', bbox));
	return query;
}

const laoColumns = (db: Kysely<DB>) =>
	laoQuery(db, undefined).select([
		'lao.dla_code',
		'lao.lao_type',
		'lao.name_th',
		'lao.name_en',
		'lao.province_code',
		'lao.district_code',
		'lao.area_km2',
		'lao.geom_approximate',
		'pop.population',
		'pop.households',
		'pop.method',
		'pop.reference_date',
		sql<string | null>`ST_AsGeoJSON(lao.geom, 6)`.as('geometry')
	]);

type LaoRow = Awaited<ReturnType<ReturnType<typeof laoColumns>['execute']>>[number];

function laoFeature(row: LaoRow): FeatureRow {
	return {
		id: row.dla_code,
		geometry: row.geometry,
		properties: {
			dla_code: row.dla_code,
			lao_type: row.lao_type,
			name_th: row.name_th,
			name_en: row.name_en,
			province_code: row.province_code,
			district_code: row.district_code,
			area_km2: row.area_km2,
			geometry_approximate: row.geom_approximate,
			population: row.population,
			households: row.households,
			population_method: row.method,
			population_reference_date: row.reference_date
		}
	};
}

export async function countLaos(db: Kysely<DB>, bbox: Bbox | undefined): Promise<number> {
	const row = await laoQuery(db, bbox)
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function pageLaos(
	db: Kysely<DB>,
	{ bbox, limit, offset }: { bbox: Bbox | undefined; limit: number; offset: number }
): Promise<FeatureRow[]> {
	let query = laoColumns(db);
	if (bbox) query = query.where(intersects('lao.geom', bbox));
	const rows = await query.orderBy('lao.dla_code').limit(limit).offset(offset).execute();
	return rows.map(laoFeature);
}

export async function findLao(db: Kysely<DB>, dlaCode: string): Promise<FeatureRow | undefined> {
	const row = await laoColumns(db).where('lao.dla_code', '=', dlaCode).executeTakeFirst();
	return row && laoFeature(row);
}

export async function laoExtent(db: Kysely<DB>): Promise<Bbox | null> {
	const row = await db
		.selectFrom('lao')
		.select([
			sql<number | null>`ST_XMin(ST_Extent(geom))`.as('west'),
			sql<number | null>`ST_YMin(ST_Extent(geom))`.as('south'),
			sql<number | null>`ST_XMax(ST_Extent(geom))`.as('east'),
			sql<number | null>`ST_YMax(ST_Extent(geom))`.as('north')
		])
		.executeTakeFirstOrThrow();
	return row.west === null ? null : [row.west, row.south!, row.east!, row.north!];
}

/** The LAO data's version: the latest successful boundary and registry import. */
export async function laoDataVersion(db: Kysely<DB>): Promise<string> {
	const row = await db
		.selectFrom('import_run')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('status', '=', 'succeeded')
		.executeTakeFirst();
	return `import-${row?.id ?? 0}`;
}
