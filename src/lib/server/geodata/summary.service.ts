import { sql, type Kysely } from 'kysely';
import { laoTypes, type DB, type LaoType } from '../db/schema';
import { manifest } from './datasets';

export interface DatasetSummary {
	provinceCount: number;
	districtCount: number;
	tambonCount: number;
	laoCount: number;
	laoCountByType: Record<LaoType, number>;
	laoWithoutGeometryCount: number;
	laoApproximateCount: number;
	populationTotal: number;
	countryAreaKm2: number;
	lastImport: { id: number; finishedAt: Date | null; warningCount: number } | null;
	/** One entry per source line (two datasets may share one). */
	sources: { sourceLine: string; licence: string }[];
}

/** The figures on the home page, counted from the database (never from the import's memory). */
export async function getDatasetSummary(db: Kysely<DB>): Promise<DatasetSummary> {
	const counts = await sql<{
		provinces: number;
		districts: number;
		tambons: number;
		laos: number;
		without_geometry: number;
		approximate: number;
		population: number | null;
		area: number | null;
	}>`
		SELECT
			(SELECT count(*)::int FROM province) AS provinces,
			(SELECT count(*)::int FROM district) AS districts,
			(SELECT count(*)::int FROM tambon) AS tambons,
			(SELECT count(*)::int FROM lao) AS laos,
			(SELECT count(*)::int FROM lao WHERE geom IS NULL AND lao_type <> 'provincial_admin_org') AS without_geometry,
			(SELECT count(*)::int FROM lao WHERE geom_approximate) AS approximate,
			(SELECT sum(population_total)::bigint FROM tambon_population) AS population,
			(SELECT sum(area_km2) FROM province) AS area
	`.execute(db);
	const row = counts.rows[0]!;
	const byType = await db
		.selectFrom('lao')
		.select(['lao_type', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy('lao_type')
		.execute();
	const laoCountByType = Object.fromEntries(laoTypes.map((t) => [t, 0])) as Record<LaoType, number>;
	for (const { lao_type, n } of byType) laoCountByType[lao_type] = Number(n);
	const run = await db
		.selectFrom('import_run')
		.select(['id', 'finished_at', 'warning_count'])
		.where('status', '=', 'succeeded')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return {
		provinceCount: row.provinces,
		districtCount: row.districts,
		tambonCount: row.tambons,
		laoCount: row.laos,
		laoCountByType,
		laoWithoutGeometryCount: row.without_geometry,
		laoApproximateCount: row.approximate,
		populationTotal: Number(row.population ?? 0),
		countryAreaKm2: Number(row.area ?? 0),
		lastImport: run
			? { id: run.id, finishedAt: run.finished_at, warningCount: run.warning_count }
			: null,
		// The first dataset with a source line gives its licence (the original, not a derivative).
		sources: manifest
			.filter((d, i) => manifest.findIndex((e) => e.sourceLine === d.sourceLine) === i)
			.map((d) => ({ sourceLine: d.sourceLine, licence: d.licence }))
	};
}
