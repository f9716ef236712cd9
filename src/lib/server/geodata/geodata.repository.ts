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
import { multiPolygonWkb } from './wkb';

/**
 * Writes of the imported geography. Each function takes the transaction it runs in; rows are
 * upserted by their key and stamped with the run, and rows the run did not write are removed at
 * the end, so a second run of the same files leaves the same tables.
 *
 * Over 400 lines: one write per imported table and the checks that read them back, all stamped with
 * the run the same way.
 */

/**
 * Rows as one JSON parameter, read back as a table by `jsonb_to_recordset`: one statement and
 * one parameter for thousands of rows, where a VALUES list needs a parameter a field (and
 * PostgreSQL allows 65,535 a statement). `columns` maps each JSON key to its SQL type.
 */
function jsonRecords(rows: readonly object[], columns: Record<string, string>) {
	const definition = sql.raw(
		Object.entries(columns)
			.map(([name, type]) => `${name} ${type}`)
			.join(', ')
	);
	return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r (${definition})`;
}

function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
	for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
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

/**
 * Upserts the tambons, measuring each on the ellipsoid as it goes in. Invalid polygons are left
 * out and returned with PostGIS's reason, so the caller can name the feature and roll back.
 */
export async function upsertTambons(
	db: Kysely<DB>,
	runId: number,
	tambons: readonly TambonInput[]
): Promise<InvalidGeometry[]> {
	const invalid: InvalidGeometry[] = [];
	for (const batch of batches(tambons, 500)) {
		const rows = sql.join(
			batch.map(
				(t) =>
					sql`(${t.code}, ${t.districtCode}, ${t.provinceCode}, ${t.nameTh}, ${t.nameThSource}, ${t.nameEn}, ${t.validOn}::date, ST_GeomFromWKB(${multiPolygonWkb(t.geometry)}, 4326), ${t.sourceFeature}::int)`
			),
			sql`, `
		);
		const inserted = await sql<{ code: string }>`
			INSERT INTO tambon (code, district_code, province_code, name_th, name_th_source, name_en,
				valid_on, geom, area_km2, source_feature, import_run_id)
			SELECT v.code, v.district_code, v.province_code, v.name_th, v.name_th_source, v.name_en,
				v.valid_on, v.geom, ST_Area(v.geom::geography) / 1e6, v.source_feature, ${runId}::int
			FROM (VALUES ${rows}) AS v (code, district_code, province_code, name_th, name_th_source,
				name_en, valid_on, geom, source_feature)
			WHERE ST_IsValid(v.geom)
			ON CONFLICT (code) DO UPDATE SET district_code = excluded.district_code,
				province_code = excluded.province_code, name_th = excluded.name_th,
				name_th_source = excluded.name_th_source, name_en = excluded.name_en,
				valid_on = excluded.valid_on, geom = excluded.geom, area_km2 = excluded.area_km2,
				source_feature = excluded.source_feature, import_run_id = excluded.import_run_id
			RETURNING code`.execute(db);
		if (inserted.rows.length === batch.length) continue;
		const loaded = new Set(inserted.rows.map((r) => r.code));
		for (const t of batch.filter((t) => !loaded.has(t.code))) {
			const { rows: reason } = await sql<{ reason: string }>`
				SELECT ST_IsValidReason(ST_GeomFromWKB(${multiPolygonWkb(t.geometry)}, 4326)) AS reason`.execute(
				db
			);
			invalid.push({ code: t.code, sourceFeature: t.sourceFeature, reason: reason[0]!.reason });
		}
	}
	return invalid;
}

export interface InvalidGeometry {
	code: string;
	sourceFeature: number;
	reason: string;
}

/**
 * Districts and provinces are the tambons dissolved: districts from tambons, then provinces from
 * districts (fewer, larger pieces: four times faster than from the tambons). Names come from the
 * tambon attributes. Tambons neither overlap nor leave gaps (SOURCES.md; `real-data.spec.ts`
 * checks it), so a unit's ellipsoidal area is the sum of its tambons': the figure
 * `ST_Area(geom::geography)` gives for the union, without measuring the large polygons again.
 */
export async function dissolveDistrictsAndProvinces(
	db: Kysely<DB>,
	runId: number,
	names: {
		provinces: Map<string, { nameTh: string; nameEn: string }>;
		districts: Map<string, { nameTh: string; nameEn: string; provinceCode: string }>;
	}
) {
	const districtNames = sql.join(
		[...names.districts].map(
			([code, n]) => sql`(${code}, ${n.provinceCode}, ${n.nameTh}, ${n.nameEn})`
		),
		sql`, `
	);
	await sql`
		INSERT INTO district (code, province_code, name_th, name_en, geom, area_km2, import_run_id)
		SELECT n.code, n.province_code, n.name_th, n.name_en, u.geom, u.area_km2, ${runId}
		FROM (VALUES ${districtNames}) AS n (code, province_code, name_th, name_en)
		JOIN (
			SELECT district_code, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom,
				sum(area_km2) AS area_km2
			FROM tambon WHERE import_run_id = ${runId} GROUP BY district_code
		) AS u ON u.district_code = n.code
		ON CONFLICT (code) DO UPDATE SET province_code = excluded.province_code,
			name_th = excluded.name_th, name_en = excluded.name_en, geom = excluded.geom,
			area_km2 = excluded.area_km2, import_run_id = excluded.import_run_id
	`.execute(db);
	const provinceNames = sql.join(
		[...names.provinces].map(([code, n]) => sql`(${code}, ${n.nameTh}, ${n.nameEn})`),
		sql`, `
	);
	await sql`
		INSERT INTO province (code, name_th, name_en, geom, area_km2, import_run_id)
		SELECT n.code, n.name_th, n.name_en, u.geom, u.area_km2, ${runId}
		FROM (VALUES ${provinceNames}) AS n (code, name_th, name_en)
		JOIN (
			SELECT province_code, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom,
				sum(area_km2) AS area_km2
			FROM district WHERE import_run_id = ${runId} GROUP BY province_code
		) AS u ON u.province_code = n.code
		ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en,
			geom = excluded.geom, area_km2 = excluded.area_km2, import_run_id = excluded.import_run_id
	`.execute(db);
}

/**
 * Upserts the LAOs with their geometry: the union of the linked tambons (loaded first, see
 * `upsertLinks`), approximate when any link is partial; a PAO takes its whole province. An LAO
 * with no linked polygon has none. Tambons never overlap, so an LAO's area is the sum of its
 * tambons' ellipsoidal areas: the same figure as measuring the union, without measuring again.
 */
export async function upsertLaos(
	db: Kysely<DB>,
	runId: number,
	laos: readonly RegistryRecord[],
	englishNames: readonly EnglishNameRecord[]
) {
	const english = new Map(englishNames.map((n) => [n.dlaCode, n.nameEn]));
	const records = laos.map((l) => ({
		dla_code: l.dlaCode,
		lao_type: l.laoType,
		name_th: l.nameTh,
		name_en: english.get(l.dlaCode) ?? null,
		province_code: l.provinceCode,
		district_code: l.districtCode,
		district_name_th: l.districtNameTh,
		office_lon: l.officeLon,
		office_lat: l.officeLat,
		area_km2_registered: l.areaKm2Registered,
		source_row: l.row
	}));
	await sql`
		INSERT INTO lao (dla_code, lao_type, name_th, name_en, province_code, district_code,
			district_name_th, office_point, area_km2_registered, geom, area_km2, geom_approximate,
			source_row, import_run_id)
		SELECT r.dla_code, r.lao_type, r.name_th, r.name_en, r.province_code, r.district_code,
			r.district_name_th, ST_SetSRID(ST_MakePoint(r.office_lon, r.office_lat), 4326),
			r.area_km2_registered,
			CASE WHEN r.lao_type = 'provincial_admin_org' THEN p.geom ELSE u.geom END,
			CASE WHEN r.lao_type = 'provincial_admin_org' THEN p.area_km2 ELSE u.area_km2 END,
			coalesce(u.approximate, false), r.source_row, ${runId}::int
		FROM ${jsonRecords(records, {
			dla_code: 'text',
			lao_type: 'text',
			name_th: 'text',
			name_en: 'text',
			province_code: 'text',
			district_code: 'text',
			district_name_th: 'text',
			office_lon: 'float8',
			office_lat: 'float8',
			area_km2_registered: 'float8',
			source_row: 'int'
		})}
		LEFT JOIN province p ON p.code = r.province_code
		LEFT JOIN (
			SELECT lt.dla_code, ST_Multi(ST_CollectionExtract(ST_Union(t.geom), 3)) AS geom,
				sum(t.area_km2) AS area_km2, bool_or(lt.coverage = 'partially') AS approximate
			FROM lao_tambon lt LEFT JOIN tambon t ON t.code = lt.tambon_code
			WHERE lt.import_run_id = ${runId}::int
			GROUP BY lt.dla_code
		) AS u ON u.dla_code = r.dla_code
		ON CONFLICT (dla_code) DO UPDATE SET lao_type = excluded.lao_type,
			name_th = excluded.name_th, name_en = excluded.name_en,
			province_code = excluded.province_code, district_code = excluded.district_code,
			district_name_th = excluded.district_name_th, office_point = excluded.office_point,
			area_km2_registered = excluded.area_km2_registered, geom = excluded.geom,
			area_km2 = excluded.area_km2, geom_approximate = excluded.geom_approximate,
			source_row = excluded.source_row, import_run_id = excluded.import_run_id
	`.execute(db);
}

/** The LAO–tambon links, loaded before the LAOs whose geometry is built from them. */
export async function upsertLinks(db: Kysely<DB>, runId: number, links: readonly LinkRecord[]) {
	const records = links.map((l) => ({
		dla_code: l.dlaCode,
		tambon_code: l.tambonCode,
		dopa_tambon_code: l.dopaTambonCode,
		coverage: l.coverage,
		source_record: l.sourceRecord
	}));
	await sql`
		INSERT INTO lao_tambon (dla_code, tambon_code, dopa_tambon_code, coverage, source_record, import_run_id)
		SELECT r.*, ${runId}::int FROM ${jsonRecords(records, {
			dla_code: 'text',
			tambon_code: 'text',
			dopa_tambon_code: 'text',
			coverage: 'text',
			source_record: 'text'
		})}
		ON CONFLICT (dla_code, tambon_code) DO UPDATE SET dopa_tambon_code = excluded.dopa_tambon_code,
			coverage = excluded.coverage, source_record = excluded.source_record,
			import_run_id = excluded.import_run_id
	`.execute(db);
}

/** DOPA's tambon population, every row, replaced whole (nothing else refers to it). */
export async function upsertTambonPopulation(
	db: Kysely<DB>,
	runId: number,
	rows: readonly TambonPopulationRecord[],
	referenceDate: string
) {
	const records = rows.map((r) => ({
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
		municipal_parts: r.municipalParts
	}));
	const columns = {
		dopa_tambon_code: 'text',
		tambon_code: 'text',
		name_th: 'text',
		name_en: 'text',
		level: 'text',
		dopa_district_code: 'text',
		district_name_th: 'text',
		dopa_province_code: 'text',
		province_name_th: 'text',
		population_total: 'int',
		population_male: 'int',
		population_female: 'int',
		households: 'int',
		population_nonmunicipal: 'int',
		households_nonmunicipal: 'int',
		population_municipal: 'int',
		households_municipal: 'int',
		municipal_parts: 'text'
	};
	await db.deleteFrom('tambon_population').execute();
	await sql`
		INSERT INTO tambon_population (${sql.raw(Object.keys(columns).join(', '))}, reference_date, import_run_id)
		SELECT r.*, ${referenceDate}::date, ${runId}::int FROM ${jsonRecords(records, columns)}
	`.execute(db);
}

export async function upsertLaoPopulation(
	db: Kysely<DB>,
	runId: number,
	rows: readonly LaoPopulationRecord[],
	referenceDate: string
) {
	const records = rows.map((r) => ({
		dla_code: r.dlaCode,
		population: r.population,
		households: r.households,
		method: r.method,
		tambon_count: r.tambonCount,
		shared_tambon_count: r.sharedTambonCount
	}));
	await sql`
		INSERT INTO lao_population_estimate (dla_code, population, households, method, tambon_count,
			shared_tambon_count, reference_date, import_run_id)
		SELECT r.*, ${referenceDate}::date, ${runId}::int FROM ${jsonRecords(records, {
			dla_code: 'text',
			population: 'int',
			households: 'int',
			method: 'text',
			tambon_count: 'int',
			shared_tambon_count: 'int'
		})}
		ON CONFLICT (dla_code) DO UPDATE SET population = excluded.population,
			households = excluded.households, method = excluded.method,
			tambon_count = excluded.tambon_count, shared_tambon_count = excluded.shared_tambon_count,
			reference_date = excluded.reference_date, import_run_id = excluded.import_run_id
	`.execute(db);
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
