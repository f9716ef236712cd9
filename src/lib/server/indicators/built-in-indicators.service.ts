import { sql, type Insertable, type Kysely } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DB, IndicatorValueTable } from '../db/schema';
import { manifestEntry } from '../geodata/datasets';
import { polsbyPopperCompactness } from './compactness';
import { insertImportBatch, upsertValues } from './indicator.repository';

/** The indicators computed from the geodata; a CSV import may not write them. */
export const builtInIndicatorKeys = [
	'area_km2',
	'population',
	'households',
	'population_density',
	'compactness'
] as const;
export type BuiltInIndicatorKey = (typeof builtInIndicatorKeys)[number];

/**
 * The year a boundary figure describes: the COD-AB tambon boundaries are valid on 2022-01-22
 * (geodata/manifest.json), and the LAO–tambon links describe the state of about 2022.
 */
export const boundaryYear = 2022;

// LAOs are read in pages so the GeoJSON of every boundary is never in memory at once.
const laosPerPage = 1000;

interface LaoFigures {
	dla_code: string;
	area_km2: number | null;
	geom_approximate: boolean;
	geojson: string | null;
	population: number | null;
	households: number | null;
	population_year: number | null;
}

export interface BuiltInRefreshResult {
	importId: number;
	counts: Record<BuiltInIndicatorKey, number>;
}

/**
 * Recomputes the built-in indicators of every LAO except the PAOs (which are provinces) from the
 * imported geodata, replacing the previous ones, in one transaction. Running it twice gives the
 * same values. Missing figures stay missing: an LAO without a boundary has no area, density or
 * compactness; one without a population estimate has no population.
 */
export async function refreshBuiltInIndicators(db: Kysely<DB>): Promise<BuiltInRefreshResult> {
	// Joins the caller's transaction when given one (e.g. the geodata import's).
	if (db.isTransaction) return refresh(db);
	return db.transaction().execute(refresh);
}

async function refresh(trx: Kysely<DB>): Promise<BuiltInRefreshResult> {
	const boundarySource = `${manifestEntry('tambon_boundaries').sourceLine}; ${manifestEntry('lao_tambon_links').sourceLine}`;
	const populationSource = manifestEntry('lao_population_estimate').sourceLine;
	const counts: Record<BuiltInIndicatorKey, number> = {
		area_km2: 0,
		population: 0,
		households: 0,
		population_density: 0,
		compactness: 0
	};
	const values: Insertable<IndicatorValueTable>[] = [];
	const add = (
		key: BuiltInIndicatorKey,
		dlaCode: string,
		year: number,
		value: number,
		approximate: boolean,
		unit: string,
		source: string
	) => {
		counts[key]++;
		values.push({
			unit_kind: 'lao',
			unit_code: dlaCode,
			indicator_key: key,
			year,
			value,
			unit,
			source,
			approximate,
			import_id: 0
		});
	};

	let after = '';
	for (;;) {
		const page: LaoFigures[] = await trx
			.selectFrom('lao')
			.leftJoin('lao_population_estimate as p', 'p.dla_code', 'lao.dla_code')
			.select([
				'lao.dla_code',
				'lao.area_km2',
				'lao.geom_approximate',
				'p.population',
				'p.households',
				sql<string | null>`ST_AsGeoJSON(lao.geom)`.as('geojson'),
				sql<number | null>`extract(year from p.reference_date)::integer`.as('population_year')
			])
			.where('lao.lao_type', '<>', 'provincial_admin_org')
			.where('lao.dla_code', '>', after)
			.orderBy('lao.dla_code')
			.limit(laosPerPage)
			.execute();
		if (page.length === 0) break;
		after = page[page.length - 1]!.dla_code;
		for (const lao of page) {
			const code = lao.dla_code;
			if (lao.area_km2 !== null) {
				add(
					'area_km2',
					code,
					boundaryYear,
					lao.area_km2,
					lao.geom_approximate,
					'km²',
					boundarySource
				);
			}
			if (lao.population !== null && lao.population_year !== null) {
				// DOPA's LAO figures are estimates by a stated method (SOURCES.md), shown with it
				// wherever population is; the method is the same for every LAO of a type, so it does
				// not make one figure less comparable than another and is not "approximate".
				add(
					'population',
					code,
					lao.population_year,
					lao.population,
					false,
					'people',
					populationSource
				);
				add(
					'households',
					code,
					lao.population_year,
					lao.households!,
					false,
					'households',
					populationSource
				);
				if (lao.area_km2 !== null) {
					add(
						'population_density',
						code,
						lao.population_year,
						lao.population / lao.area_km2,
						// Approximate where the area is: built from partially linked tambons.
						lao.geom_approximate,
						'people/km²',
						`${populationSource}; ${boundarySource}`
					);
				}
			}
			if (lao.geojson !== null) {
				const compactness = polsbyPopperCompactness(
					JSON.parse(lao.geojson) as Polygon | MultiPolygon
				);
				if (compactness !== null) {
					add(
						'compactness',
						code,
						boundaryYear,
						compactness,
						lao.geom_approximate,
						'ratio',
						boundarySource
					);
				}
			}
		}
	}

	await trx
		.deleteFrom('indicator_value')
		.where('indicator_key', 'in', builtInIndicatorKeys)
		.execute();
	const importId = await insertImportBatch(trx, {
		status: 'succeeded',
		trigger: 'built_in',
		fileName: null,
		sha256: null,
		counts,
		messages: []
	});
	for (const value of values) value.import_id = importId;
	await upsertValues(trx, values);
	return { importId, counts };
}
