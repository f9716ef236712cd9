import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type {
	EnglishNameRecord,
	LaoPopulationRecord,
	LinkRecord,
	RegistryRecord,
	TambonPopulationRecord
} from './dataset-rows';
import type { PolygonGeometry } from './shapefile';

/**
 * Writes of the imported geography. Each function takes the transaction it runs in; rows are
 * upserted by their key and stamped with the run, and rows the run did not write are removed at
 * the end, so a second run of the same files leaves the same tables.
 */

/** Ellipsoidal area of a geometry column, in km²: the official area of every unit. */
const areaKm2 = (column: string) => sql<number>`ST_Area(${sql.ref(column)}::geography) / 1e6`;

// PostgreSQL allows 65,535 bind parameters a statement.
const batchRows = 1000;

function* batches<T>(items: readonly T[], size = batchRows): Generator<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function excluded(columns: readonly string[]) {
	return Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]));
}

export async function startImportRun(
	db: Kysely<DB>,
	trigger: 'cli' | 'first_start' | 'test'
): Promise<number> {
	const { id } = await db
		.insertInto('import_run')
		.values({ status: 'running', trigger, started_at: new Date() })
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export interface TambonInput {
	code: string;
	districtCode: string;
	provinceCode: string;
	nameTh: string;
	nameThSource: 'dopa' | 'cod_ab';
	nameEn: string;
	validOn: string | null;
	geometry: PolygonGeometry;
	sourceFeature: number;
}

export async function upsertTambons(db: Kysely<DB>, runId: number, tambons: readonly TambonInput[]) {
	for (const batch of batches(tambons, 500)) {
		await db
			.insertInto('tambon')
			.values(
				batch.map((t) => ({
					code: t.code,
					district_code: t.districtCode,
					province_code: t.provinceCode,
					name_th: t.nameTh,
					name_th_source: t.nameThSource,
					name_en: t.nameEn,
					valid_on: t.validOn,
					geom: sql<string>`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(t.geometry)}), 4326))`,
					// The real area is set below, once the geometry is known to be valid.
					area_km2: 1,
					source_feature: t.sourceFeature,
					import_run_id: runId
				}))
			)
			.onConflict((oc) =>
				oc
					.column('code')
					.doUpdateSet(
						excluded([
							'district_code',
							'province_code',
							'name_th',
							'name_th_source',
							'name_en',
							'valid_on',
							'geom',
							'source_feature',
							'import_run_id'
						])
					)
			)
			.execute();
	}
}

export interface InvalidGeometry {
	code: string;
	sourceFeature: number;
	reason: string;
}

export async function findInvalidTambons(db: Kysely<DB>, runId: number): Promise<InvalidGeometry[]> {
	return db
		.selectFrom('tambon')
		.select(['code', 'source_feature as sourceFeature', sql<string>`ST_IsValidReason(geom)`.as('reason')])
		.where('import_run_id', '=', runId)
		.where(sql<boolean>`NOT ST_IsValid(geom)`)
		.orderBy('source_feature')
		.execute();
}

export async function measureTambons(db: Kysely<DB>, runId: number) {
	await db
		.updateTable('tambon')
		.set({ area_km2: areaKm2('geom') })
		.where('import_run_id', '=', runId)
		.execute();
}

/**
 * Districts and provinces are the tambons dissolved: districts from tambons, provinces from
 * districts (fewer, larger pieces to union). Names come from the tambon attributes.
 */
export async function dissolveDistrictsAndProvinces(
	db: Kysely<DB>,
	runId: number,
	names: {
		provinces: Map<string, { nameTh: string; nameEn: string }>;
		districts: Map<string, { nameTh: string; nameEn: string; provinceCode: string }>;
	}
) {
	const nameRows = (map: Map<string, { nameTh: string; nameEn: string }>) =>
		sql.join(
			[...map].map(([code, n]) => sql`(${code}, ${n.nameTh}, ${n.nameEn})`),
			sql`, `
		);
	await sql`
		INSERT INTO province (code, name_th, name_en, geom, area_km2, import_run_id)
		SELECT n.code, n.name_th, n.name_en, u.geom, ST_Area(u.geom::geography) / 1e6, ${runId}
		FROM (VALUES ${nameRows(names.provinces)}) AS n (code, name_th, name_en)
		CROSS JOIN LATERAL (
			SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom
			FROM tambon WHERE province_code = n.code AND import_run_id = ${runId}
		) AS u
		ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en,
			geom = excluded.geom, area_km2 = excluded.area_km2, import_run_id = excluded.import_run_id
	`.execute(db);
	await sql`
		INSERT INTO district (code, province_code, name_th, name_en, geom, area_km2, import_run_id)
		SELECT n.code, n.province_code, n.name_th, n.name_en, u.geom, ST_Area(u.geom::geography) / 1e6, ${runId}
		FROM (VALUES ${sql.join(
			[...names.districts].map(
				([code, n]) => sql`(${code}, ${n.provinceCode}, ${n.nameTh}, ${n.nameEn})`
			),
			sql`, `
		)}) AS n (code, province_code, name_th, name_en)
		CROSS JOIN LATERAL (
			SELECT ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom
			FROM tambon WHERE district_code = n.code AND import_run_id = ${runId}
		) AS u
		ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code,
			name_th = excluded.name_th, name_en = excluded.name_en, geom = excluded.geom,
			area_km2 = excluded.area_km2, import_run_id = excluded.import_run_id
	`.execute(db);
}

export async function upsertLaos(
	db: Kysely<DB>,
	runId: number,
	laos: readonly RegistryRecord[],
	englishNames: readonly EnglishNameRecord[]
) {
	const english = new Map(englishNames.map((n) => [n.dlaCode, n.nameEn]));
	for (const batch of batches(laos)) {
		await db
			.insertInto('lao')
			.values(
				batch.map((l) => ({
					dla_code: l.dlaCode,
					lao_type: l.laoType,
					name_th: l.nameTh,
					name_en: english.get(l.dlaCode) ?? null,
					province_code: l.provinceCode,
					district_code: l.districtCode,
					district_name_th: l.districtNameTh,
					office_point:
						l.officeLon === null || l.officeLat === null
							? null
							: sql<string>`ST_SetSRID(ST_MakePoint(${l.officeLon}, ${l.officeLat}), 4326)`,
					area_km2_registered: l.areaKm2Registered,
					geom: null,
					area_km2: null,
					geom_approximate: false,
					source_row: l.row,
					import_run_id: runId
				}))
			)
			.onConflict((oc) =>
				oc
					.column('dla_code')
					.doUpdateSet(
						excluded([
							'lao_type',
							'name_th',
							'name_en',
							'province_code',
							'district_code',
							'district_name_th',
							'office_point',
							'area_km2_registered',
							'geom',
							'area_km2',
							'geom_approximate',
							'source_row',
							'import_run_id'
						])
					)
			)
			.execute();
	}
}

export async function upsertLinks(db: Kysely<DB>, runId: number, links: readonly LinkRecord[]) {
	for (const batch of batches(links)) {
		await db
			.insertInto('lao_tambon')
			.values(
				batch.map((l) => ({
					dla_code: l.dlaCode,
					tambon_code: l.tambonCode,
					dopa_tambon_code: l.dopaTambonCode,
					coverage: l.coverage,
					source_record: l.sourceRecord,
					import_run_id: runId
				}))
			)
			.onConflict((oc) =>
				oc
					.columns(['dla_code', 'tambon_code'])
					.doUpdateSet(excluded(['dopa_tambon_code', 'coverage', 'source_record', 'import_run_id']))
			)
			.execute();
	}
}

/**
 * LAO geometry: the union of its linked tambons, approximate when any link is partial; a PAO
 * takes its whole province. LAOs with no linked polygon keep no geometry.
 */
export async function buildLaoGeometry(db: Kysely<DB>, runId: number) {
	await sql`
		UPDATE lao SET geom = u.geom, area_km2 = ST_Area(u.geom::geography) / 1e6
		FROM (
			SELECT lt.dla_code, ST_Multi(ST_CollectionExtract(ST_Union(t.geom), 3)) AS geom
			FROM lao_tambon lt JOIN tambon t ON t.code = lt.tambon_code
			WHERE lt.import_run_id = ${runId}
			GROUP BY lt.dla_code
		) AS u
		WHERE lao.dla_code = u.dla_code AND lao.lao_type <> 'provincial_admin_org'
	`.execute(db);
	await sql`
		UPDATE lao SET geom_approximate = true
		WHERE import_run_id = ${runId} AND dla_code IN (
			SELECT dla_code FROM lao_tambon WHERE coverage = 'partially' AND import_run_id = ${runId}
		)
	`.execute(db);
	await sql`
		UPDATE lao SET geom = p.geom, area_km2 = p.area_km2
		FROM province p
		WHERE lao.lao_type = 'provincial_admin_org' AND p.code = lao.province_code
			AND lao.import_run_id = ${runId}
	`.execute(db);
}

export async function upsertTambonPopulation(
	db: Kysely<DB>,
	runId: number,
	rows: readonly TambonPopulationRecord[],
	referenceDate: string
) {
	const columns = [
		'tambon_code',
		'name_th',
		'name_en',
		'level',
		'dopa_district_code',
		'district_name_th',
		'dopa_province_code',
		'province_name_th',
		'population_total',
		'population_male',
		'population_female',
		'households',
		'population_nonmunicipal',
		'households_nonmunicipal',
		'population_municipal',
		'households_municipal',
		'municipal_parts',
		'reference_date',
		'import_run_id'
	] as const;
	// A tambon code may move between DOPA codes in a new edition: clear the unique P-code first.
	await db.deleteFrom('tambon_population').execute();
	for (const batch of batches(rows)) {
		await db
			.insertInto('tambon_population')
			.values(
				batch.map((r) => ({
					dopa_tambon_code: r.dopaTambonCode,
					tambon_code: r.tambonCode,
					name_th: r.nameTh,
					name_en: r.nameEn,
					level: r.level,
					dopa_district_code: r.dopaDistrictCode,
					district_name_th: r.districtNameTh,
					dopa_province_code: r.dopaProvinceCode,
					province_name_th: r.provinceNameTh,
					population_total: r.populationTotal,
					population_male: r.populationMale,
					population_female: r.populationFemale,
					households: r.households,
					population_nonmunicipal: r.populationNonmunicipal,
					households_nonmunicipal: r.householdsNonmunicipal,
					population_municipal: r.populationMunicipal,
					households_municipal: r.householdsMunicipal,
					municipal_parts: r.municipalParts,
					reference_date: referenceDate,
					import_run_id: runId
				}))
			)
			.onConflict((oc) => oc.column('dopa_tambon_code').doUpdateSet(excluded(columns)))
			.execute();
	}
}

export async function upsertLaoPopulation(
	db: Kysely<DB>,
	runId: number,
	rows: readonly LaoPopulationRecord[],
	referenceDate: string
) {
	for (const batch of batches(rows)) {
		await db
			.insertInto('lao_population_estimate')
			.values(
				batch.map((r) => ({
					dla_code: r.dlaCode,
					population: r.population,
					households: r.households,
					method: r.method,
					tambon_count: r.tambonCount,
					shared_tambon_count: r.sharedTambonCount,
					reference_date: referenceDate,
					import_run_id: runId
				}))
			)
			.onConflict((oc) =>
				oc
					.column('dla_code')
					.doUpdateSet(
						excluded([
							'population',
							'households',
							'method',
							'tambon_count',
							'shared_tambon_count',
							'reference_date',
							'import_run_id'
						])
					)
			)
			.execute();
	}
}

/** Removes what this run did not write: units gone from the new edition of the data. */
export async function removeRowsOfEarlierRuns(db: Kysely<DB>, runId: number) {
	for (const table of [
		'lao_population_estimate',
		'tambon_population',
		'lao_tambon',
		'lao',
		'tambon',
		'district',
		'province'
	] as const) {
		await db.deleteFrom(table).where('import_run_id', '<>', runId).execute();
	}
}

/** LAOs whose registered area is not believable; see `suspectAreaFactor`. */
export async function clearSuspectRegisteredAreas(
	db: Kysely<DB>,
	runId: number,
	suspectAreaFactor: number
) {
	return db
		.updateTable('lao')
		.set({ area_km2_registered: null })
		.from('province')
		.whereRef('province.code', '=', 'lao.province_code')
		.where('lao.import_run_id', '=', runId)
		.where((eb) =>
			eb.or([
				eb('lao.area_km2_registered', '<=', 0),
				eb(
					'lao.area_km2_registered',
					'>',
					sql<number>`${suspectAreaFactor} * coalesce(lao.area_km2, province.area_km2)`
				)
			])
		)
		.returning([
			'lao.dla_code as dlaCode',
			'lao.source_row as sourceRow',
			sql<number>`coalesce(lao.area_km2, province.area_km2)`.as('referenceKm2')
		])
		.execute();
}

/** Office points more than `toleranceMetres` outside the LAO's own province. */
export async function clearOfficePointsOutsideProvince(
	db: Kysely<DB>,
	runId: number,
	toleranceMetres: number
) {
	return db
		.updateTable('lao')
		.set({ office_point: null })
		.from('province')
		.whereRef('province.code', '=', 'lao.province_code')
		.where('lao.import_run_id', '=', runId)
		.where('lao.office_point', 'is not', null)
		.where(
			// The planar test is cheap and settles almost every point; only the rest pay for the
			// geodesic distance.
			sql<boolean>`CASE WHEN ST_Intersects(province.geom, lao.office_point) THEN false
				ELSE NOT ST_DWithin(province.geom::geography, lao.office_point::geography, ${toleranceMetres}) END`
		)
		.returning(['lao.dla_code as dlaCode', 'lao.source_row as sourceRow'])
		.execute();
}
