import { sql, type Insertable, type Kysely } from 'kysely';
import type { LaoType } from '../../lao-types';
import type { CandidateSolutionTable, DB } from '../db/schema';

/** The latest succeeded import run: the data version the adjacency graph is cached for. */
export async function findLatestImportRunId(db: Kysely<DB>): Promise<number | undefined> {
	const row = await db
		.selectFrom('import_run')
		.select((eb) => eb.fn.max('id').as('id'))
		.where('status', '=', 'succeeded')
		.executeTakeFirst();
	return row?.id ?? undefined;
}

/** One LAO (not a PAO) with what the candidate search and its list need. */
export interface CandidateLaoRow {
	dla_code: string;
	province_code: string;
	lao_type: LaoType;
	name_th: string;
	name_en: string | null;
	district_code: string | null;
	district_name_th: string | null;
	district_name_en: string | null;
	area_km2: number;
	geom_approximate: boolean;
	population: number | null;
}

/**
 * The LAOs of a province (or of the country) that have a geometry, PAOs excluded, by DLA code,
 * with their district. Population is DOPA's 2021 estimate (`lao_population_estimate`), null when
 * there is none. No geometry: compactness comes from the stored graph.
 */
export async function listCandidateLaos(
	db: Kysely<DB>,
	provinceCode?: string
): Promise<CandidateLaoRow[]> {
	let query = db
		.selectFrom('lao')
		.leftJoin('lao_population_estimate as p', 'p.dla_code', 'lao.dla_code')
		.leftJoin('district', 'district.code', 'lao.district_code')
		.select([
			'lao.dla_code',
			'lao.province_code',
			'lao.lao_type',
			'lao.name_th',
			'lao.name_en',
			'lao.district_code',
			'lao.geom_approximate',
			'p.population'
		])
		.select([
			sql<number>`lao.area_km2`.as('area_km2'),
			sql<string | null>`coalesce(district.name_th, lao.district_name_th)`.as('district_name_th'),
			'district.name_en as district_name_en'
		])
		.where('lao.lao_type', '<>', 'provincial_admin_org')
		.where('lao.geom', 'is not', null)
		.where('lao.area_km2', 'is not', null);
	if (provinceCode !== undefined) query = query.where('lao.province_code', '=', provinceCode);
	return query.orderBy('lao.dla_code').execute();
}

/**
 * The outlines of the given LAOs as GeoJSON text, coordinates at 6 decimals (about 0.1 m):
 * shared boundaries stay identical on both sides, so a union closes them.
 */
export async function listLaoGeometries(
	db: Kysely<DB>,
	dlaCodes: readonly string[]
): Promise<{ dla_code: string; geometry: string }[]> {
	if (dlaCodes.length === 0) return [];
	return db
		.selectFrom('lao')
		.select(['dla_code', sql<string>`ST_AsGeoJSON(geom, 6)`.as('geometry')])
		.where('dla_code', 'in', [...dlaCodes])
		.where('geom', 'is not', null)
		.execute();
}

/** The stored exact answer for a province under a model, whatever its input hash. */
export function findCandidateSolution(db: Kysely<DB>, modelId: number, provinceCode: string) {
	return db
		.selectFrom('candidate_solution')
		.selectAll()
		.where('model_id', '=', modelId)
		.where('province_code', '=', provinceCode)
		.executeTakeFirst();
}

/** Stores (or replaces) the exact answer for a province under a model. */
export async function saveCandidateSolution(
	db: Kysely<DB>,
	row: Insertable<CandidateSolutionTable>
): Promise<void> {
	await db
		.insertInto('candidate_solution')
		.values(row)
		.onConflict((oc) =>
			oc.columns(['model_id', 'province_code']).doUpdateSet((eb) => ({
				input_hash: eb.ref('excluded.input_hash'),
				status: eb.ref('excluded.status'),
				reason: eb.ref('excluded.reason'),
				objective: eb.ref('excluded.objective'),
				best_bound: eb.ref('excluded.best_bound'),
				gap: eb.ref('excluded.gap'),
				greedy_objective: eb.ref('excluded.greedy_objective'),
				set_count: eb.ref('excluded.set_count'),
				enumerate_ms: eb.ref('excluded.enumerate_ms'),
				solve_ms: eb.ref('excluded.solve_ms'),
				zones: eb.ref('excluded.zones'),
				computed_at: sql`now()`
			}))
		)
		.execute();
}
