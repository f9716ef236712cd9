import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** The latest succeeded import run: the data version the adjacency graph is cached for. */
export async function findLatestImportRunId(db: Kysely<DB>): Promise<number | undefined> {
	const row = await db
		.selectFrom('import_run')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('status', '=', 'succeeded')
		.executeTakeFirst();
	return row?.id ?? undefined;
}

/** One LAO (not a PAO) with what the candidate search needs; geometry as GeoJSON text. */
export interface CandidateLaoRow {
	dla_code: string;
	province_code: string;
	area_km2: number;
	geom_approximate: boolean;
	population: number | null;
	geometry: string;
}

/**
 * The LAOs of a province (or of the country) that have a geometry, PAOs excluded, by DLA code.
 * Population is DOPA's 2021 estimate (`lao_population_estimate`), null when there is none.
 * Coordinates at 6 decimals (about 0.1 m): shared boundaries stay identical on both sides.
 */
export async function listCandidateLaos(
	db: Kysely<DB>,
	provinceCode?: string
): Promise<CandidateLaoRow[]> {
	let query = db
		.selectFrom('lao')
		.leftJoin('lao_population_estimate as p', 'p.dla_code', 'lao.dla_code')
		.select(['lao.dla_code', 'lao.province_code', 'lao.geom_approximate', 'p.population'])
		.select([
			sql<number>`lao.area_km2`.as('area_km2'),
			sql<string>`ST_AsGeoJSON(lao.geom, 6)`.as('geometry')
		])
		.where('lao.lao_type', '<>', 'provincial_admin_org')
		.where('lao.geom', 'is not', null)
		.where('lao.area_km2', 'is not', null);
	if (provinceCode !== undefined) query = query.where('lao.province_code', '=', provinceCode);
	return query.orderBy('lao.dla_code').execute();
}
