import { sql, type Kysely } from 'kysely';
import type { BBox, PlaceKind, TambonCoverage } from '$lib/places/types';
import type { DB, LaoPopulationEstimateTable, LaoType } from '../db/schema';
import type { SearchUnit } from './search';

/**
 * Queries behind place search and place information. Every function takes the caller's handle.
 *
 * Over 400 lines: each query is small; they share the import run's tables and joins, and are kept
 * together so that the search and the information panel read them the same way.
 */

interface BBoxColumns {
	west: number | null;
	south: number | null;
	east: number | null;
	north: number | null;
}

function bboxOf(row: BBoxColumns): BBox | null {
	return row.west === null || row.south === null || row.east === null || row.north === null
		? null
		: [row.west, row.south, row.east, row.north];
}

// ST_XMin and friends read the geometry's cached bounding box: cheap even for provinces.
const bboxColumns = (geom: string) => [
	sql<number | null>`ST_XMin(${sql.ref(geom)})`.as('west'),
	sql<number | null>`ST_YMin(${sql.ref(geom)})`.as('south'),
	sql<number | null>`ST_XMax(${sql.ref(geom)})`.as('east'),
	sql<number | null>`ST_YMax(${sql.ref(geom)})`.as('north')
];

/** The id of the latest succeeded import run, which keys the in-memory search index. */
export async function latestImportRunId(db: Kysely<DB>): Promise<number | null> {
	const row = await db
		.selectFrom('import_run')
		.select('id')
		.where('status', '=', 'succeeded')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.id ?? null;
}

/** Every province, district, tambon and LAO, with what search shows and matches (~16,300). */
export async function listSearchUnits(db: Kysely<DB>): Promise<SearchUnit[]> {
	const provinces = await db
		.selectFrom('province')
		.select(['code', 'name_th', 'name_en', ...bboxColumns('geom')])
		.execute();
	const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
	const provinceOf = (code: string) => {
		const p = provinceByCode.get(code);
		if (!p) throw new Error(`No province ${code}`);
		return { provinceCode: p.code, provinceNameTh: p.name_th, provinceNameEn: p.name_en };
	};
	const districts = await db
		.selectFrom('district')
		.select(['code', 'province_code', 'name_th', 'name_en', ...bboxColumns('geom')])
		.execute();
	const districtName = new Map(districts.map((d) => [d.code, d.name_th]));
	const tambons = await db
		.selectFrom('tambon')
		.leftJoin('tambon_population as tp', 'tp.tambon_code', 'tambon.code')
		.select([
			'tambon.code',
			'tambon.district_code',
			'tambon.province_code',
			'tambon.name_th',
			'tambon.name_en',
			'tp.dopa_tambon_code',
			...bboxColumns('tambon.geom')
		])
		.execute();
	const laos = await db
		.selectFrom('lao')
		.select([
			'dla_code',
			'lao_type',
			'name_th',
			'name_en',
			'province_code',
			'district_code',
			'district_name_th',
			...bboxColumns('geom')
		])
		.execute();

	const withoutTh = (code: string) => code.slice(2);
	return [
		...provinces.map((p): SearchUnit => ({
			kind: 'province',
			code: p.code,
			nameTh: p.name_th,
			nameEn: p.name_en,
			laoType: null,
			...provinceOf(p.code),
			districtNameTh: null,
			bbox: bboxOf(p),
			otherCodes: [withoutTh(p.code)]
		})),
		...districts.map((d): SearchUnit => ({
			kind: 'district',
			code: d.code,
			nameTh: d.name_th,
			nameEn: d.name_en,
			laoType: null,
			...provinceOf(d.province_code),
			districtNameTh: null,
			bbox: bboxOf(d),
			otherCodes: [withoutTh(d.code)]
		})),
		...tambons.map((t): SearchUnit => ({
			kind: 'tambon',
			code: t.code,
			nameTh: t.name_th,
			nameEn: t.name_en,
			laoType: null,
			...provinceOf(t.province_code),
			districtNameTh: districtName.get(t.district_code) ?? null,
			bbox: bboxOf(t),
			otherCodes: [
				...new Set([withoutTh(t.code), ...(t.dopa_tambon_code ? [t.dopa_tambon_code] : [])])
			]
		})),
		...laos.map((l): SearchUnit => ({
			kind: 'lao',
			code: l.dla_code,
			nameTh: l.name_th,
			nameEn: l.name_en,
			laoType: l.lao_type,
			...provinceOf(l.province_code),
			// A PAO's office district is not its extent: it covers the whole province.
			districtNameTh:
				l.lao_type === 'provincial_admin_org'
					? null
					: ((l.district_code ? districtName.get(l.district_code) : undefined) ??
						l.district_name_th),
			bbox: bboxOf(l),
			otherCodes: []
		}))
	];
}

const pointOf = (lon: number, lat: number) =>
	sql`ST_SetSRID(ST_MakePoint(${lon}::double precision, ${lat}::double precision), 4326)`;

export interface PlaceAtRow {
	kind: PlaceKind;
	code: string;
	name_th: string;
	name_en: string | null;
	lao_type: LaoType | null;
	approximate: boolean;
}

/**
 * The province, district, tambon and LAOs whose geometry contains or touches the point (a point
 * on a shared border is in both units). An LAO is approximate here when the point lies in a
 * tambon it covers only partly: its extent there overstates it.
 */
export async function listPlacesAt(
	db: Kysely<DB>,
	lon: number,
	lat: number
): Promise<PlaceAtRow[]> {
	const point = pointOf(lon, lat);
	const result = await sql<PlaceAtRow>`
		SELECT 'province' AS kind, code, name_th, name_en, NULL AS lao_type, false AS approximate
		FROM province WHERE ST_Intersects(geom, ${point})
		UNION ALL
		SELECT 'district', code, name_th, name_en, NULL, false
		FROM district WHERE ST_Intersects(geom, ${point})
		UNION ALL
		SELECT 'tambon', code, name_th, name_en, NULL, false
		FROM tambon WHERE ST_Intersects(geom, ${point})
		UNION ALL
		SELECT 'lao', l.dla_code, l.name_th, l.name_en, l.lao_type,
			l.geom_approximate AND EXISTS (
				SELECT 1 FROM lao_tambon lt JOIN tambon t ON t.code = lt.tambon_code
				WHERE lt.dla_code = l.dla_code AND lt.coverage = 'partially'
					AND ST_Intersects(t.geom, ${point})
			)
		FROM lao l WHERE ST_Intersects(l.geom, ${point})
	`.execute(db);
	return result.rows;
}

export interface AdminUnitRow extends BBoxColumns {
	code: string;
	name_th: string;
	name_en: string;
	area_km2: number;
	province_code: string;
	province_name_th: string;
	province_name_en: string;
	district_code: string | null;
	district_name_th: string | null;
	district_name_en: string | null;
}

export async function findProvince(
	db: Kysely<DB>,
	code: string
): Promise<AdminUnitRow | undefined> {
	return db
		.selectFrom('province')
		.select([
			'code',
			'name_th',
			'name_en',
			'area_km2',
			'code as province_code',
			'name_th as province_name_th',
			'name_en as province_name_en',
			sql<null>`NULL`.as('district_code'),
			sql<null>`NULL`.as('district_name_th'),
			sql<null>`NULL`.as('district_name_en'),
			...bboxColumns('geom')
		])
		.where('code', '=', code)
		.executeTakeFirst();
}

export async function findDistrict(
	db: Kysely<DB>,
	code: string
): Promise<AdminUnitRow | undefined> {
	return db
		.selectFrom('district as d')
		.innerJoin('province as p', 'p.code', 'd.province_code')
		.select([
			'd.code',
			'd.name_th',
			'd.name_en',
			'd.area_km2',
			'p.code as province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			sql<null>`NULL`.as('district_code'),
			sql<null>`NULL`.as('district_name_th'),
			sql<null>`NULL`.as('district_name_en'),
			...bboxColumns('d.geom')
		])
		.where('d.code', '=', code)
		.executeTakeFirst();
}

export async function findTambon(db: Kysely<DB>, code: string): Promise<AdminUnitRow | undefined> {
	return db
		.selectFrom('tambon as t')
		.innerJoin('province as p', 'p.code', 't.province_code')
		.innerJoin('district as d', 'd.code', 't.district_code')
		.select([
			't.code',
			't.name_th',
			't.name_en',
			't.area_km2',
			'p.code as province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'd.code as district_code',
			'd.name_th as district_name_th',
			'd.name_en as district_name_en',
			...bboxColumns('t.geom')
		])
		.where('t.code', '=', code)
		.executeTakeFirst();
}

export interface PopulationRow {
	population: number;
	households: number;
	reference_date: string;
	dopa_code: string;
}

/** DOPA's row for one tambon, by ADM3 P-code; undefined when DOPA has none (3 polygons). */
export async function findTambonPopulation(
	db: Kysely<DB>,
	tambonCode: string
): Promise<PopulationRow | undefined> {
	return db
		.selectFrom('tambon_population')
		.select([
			'population_total as population',
			'households',
			sql<string>`to_char(reference_date, 'YYYY-MM-DD')`.as('reference_date'),
			'dopa_tambon_code as dopa_code'
		])
		.where('tambon_code', '=', tambonCode)
		.executeTakeFirst();
}

/**
 * The sum of DOPA's rows coded in a province (`TH40`) or district (`TH4001`), by DOPA's own
 * coding rather than by today's polygons: Bangkok's khwaeng split after the boundary edition
 * (บางนา into บางนาเหนือ and บางนาใต้) still count, and the total of all provinces is DOPA's
 * national total. Undefined when DOPA has no row there.
 */
export async function sumPopulationUnder(
	db: Kysely<DB>,
	codePrefix: string
): Promise<Omit<PopulationRow, 'dopa_code'> | undefined> {
	const row = await db
		.selectFrom('tambon_population')
		.select([
			sql<number>`sum(population_total)::bigint`.as('population'),
			sql<number>`sum(households)::bigint`.as('households'),
			sql<string>`to_char(max(reference_date), 'YYYY-MM-DD')`.as('reference_date'),
			sql<number>`count(*)::int`.as('rows'),
			sql<number>`count(DISTINCT reference_date)::int`.as('dates')
		])
		.where('tambon_code', 'like', `${codePrefix}%`)
		.executeTakeFirstOrThrow();
	if (row.rows === 0) return undefined;
	if (row.dates > 1) throw new Error(`DOPA rows under ${codePrefix} have several reference dates`);
	return {
		population: row.population,
		households: row.households,
		reference_date: row.reference_date
	};
}

/** DOPA's province or district code as DOPA writes it in the rows under an ADM code. */
export async function findDopaAreaCode(
	db: Kysely<DB>,
	kind: 'province' | 'district',
	codePrefix: string
): Promise<string | undefined> {
	const column = kind === 'province' ? 'dopa_province_code' : 'dopa_district_code';
	const row = await db
		.selectFrom('tambon_population')
		.select(column)
		.where('tambon_code', 'like', `${codePrefix}%`)
		.limit(1)
		.executeTakeFirst();
	return row?.[column];
}

/** How many LAOs of each type lie in a province (`province_code`) or district (`district_code`). */
export async function countLaosByType(
	db: Kysely<DB>,
	column: 'province_code' | 'district_code',
	code: string
): Promise<{ lao_type: LaoType; count: number }[]> {
	return db
		.selectFrom('lao')
		.select(['lao_type', sql<number>`count(*)::int`.as('count')])
		.where(column, '=', code)
		.groupBy('lao_type')
		.execute();
}

export interface LaoRow extends BBoxColumns {
	dla_code: string;
	lao_type: LaoType;
	name_th: string;
	name_en: string | null;
	province_code: string;
	province_name_th: string;
	province_name_en: string;
	district_code: string | null;
	district_name_th: string | null;
	district_name_en: string | null;
	area_km2: number | null;
	area_km2_registered: number | null;
	geom_approximate: boolean;
}

export async function findLao(db: Kysely<DB>, dlaCode: string): Promise<LaoRow | undefined> {
	return db
		.selectFrom('lao as l')
		.innerJoin('province as p', 'p.code', 'l.province_code')
		.leftJoin('district as d', 'd.code', 'l.district_code')
		.select([
			'l.dla_code',
			'l.lao_type',
			'l.name_th',
			'l.name_en',
			'p.code as province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'd.code as district_code',
			'd.name_th as district_name_th',
			'd.name_en as district_name_en',
			'l.area_km2',
			'l.area_km2_registered',
			'l.geom_approximate',
			...bboxColumns('l.geom')
		])
		.where('l.dla_code', '=', dlaCode)
		.executeTakeFirst();
}

export interface LaoPopulationRow {
	population: number;
	households: number;
	method: LaoPopulationEstimateTable['method'];
	reference_date: string;
}

export async function findLaoPopulationEstimate(
	db: Kysely<DB>,
	dlaCode: string
): Promise<LaoPopulationRow | undefined> {
	return db
		.selectFrom('lao_population_estimate')
		.select([
			'population',
			'households',
			'method',
			sql<string>`to_char(reference_date, 'YYYY-MM-DD')`.as('reference_date')
		])
		.where('dla_code', '=', dlaCode)
		.executeTakeFirst();
}

export interface LinkedTambonRow {
	code: string;
	name_th: string | null;
	name_en: string | null;
	coverage: TambonCoverage;
	has_polygon: boolean;
}

/** The tambons an LAO covers; names from the boundaries, else from DOPA's row (TH530407). */
export async function listLinkedTambons(
	db: Kysely<DB>,
	dlaCode: string
): Promise<LinkedTambonRow[]> {
	const rows = await db
		.selectFrom('lao_tambon as lt')
		.leftJoin('tambon as t', 't.code', 'lt.tambon_code')
		.leftJoin('tambon_population as tp', 'tp.tambon_code', 'lt.tambon_code')
		.select([
			'lt.tambon_code as code',
			(eb) => eb.fn.coalesce('t.name_th', 'tp.name_th').as('name_th'),
			(eb) => eb.fn.coalesce('t.name_en', 'tp.name_en').as('name_en'),
			'lt.coverage',
			sql<boolean>`t.code IS NOT NULL`.as('has_polygon')
		])
		.where('lt.dla_code', '=', dlaCode)
		.orderBy('lt.tambon_code')
		.execute();
	return rows;
}

/** Whether a province code names a province of the imported data. */
export async function provinceExists(db: Kysely<DB>, code: string): Promise<boolean> {
	const row = await db
		.selectFrom('province')
		.select('code')
		.where('code', '=', code)
		.executeTakeFirst();
	return row !== undefined;
}
