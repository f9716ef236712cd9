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

/**
 * Every pair of different LAOs (PAOs excluded) that border each other, once, `a < b`: a tambon
 * of one shares an edge with a tambon of the other, or both cover part of the same tambon.
 *
 * Edges come from the tambon layer, which has no overlaps or gaps, so two tambons border each
 * other when their boundaries meet along a line and their interiors do not meet:
 * DE-9IM `F***1****` (a shared point, `F***0****`, is not a border). The bounding-box test
 * `&&` lets the GiST index on `tambon.geom` find the few tambons to relate. On the real data:
 * ≈ 21,000 tambon pairs in ≈ 0.5 s on PostgreSQL.
 */
export async function listAdjacentLaoPairs(db: Kysely<DB>): Promise<{ a: string; b: string }[]> {
	const { rows } = await sql<{ a: string; b: string }>`
		WITH tambon_edge AS (
			SELECT t1.code AS a, t2.code AS b
			FROM tambon t1
			JOIN tambon t2 ON t1.geom && t2.geom AND t1.code < t2.code
			WHERE ST_Relate(t1.geom, t2.geom, 'F***1****')
		),
		tambon_pair AS (
			SELECT a, b FROM tambon_edge
			UNION ALL SELECT b, a FROM tambon_edge
			UNION ALL SELECT code, code FROM tambon
		),
		lao_link AS (
			SELECT lt.dla_code, lt.tambon_code
			FROM lao_tambon lt
			JOIN lao ON lao.dla_code = lt.dla_code
			WHERE lao.lao_type <> 'provincial_admin_org'
		)
		SELECT DISTINCT la.dla_code AS a, lb.dla_code AS b
		FROM tambon_pair p
		JOIN lao_link la ON la.tambon_code = p.a
		JOIN lao_link lb ON lb.tambon_code = p.b
		WHERE la.dla_code < lb.dla_code
		ORDER BY a, b
	`.execute(db);
	return rows;
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
