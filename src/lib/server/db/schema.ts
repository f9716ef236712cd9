import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ImportMessage } from '../geodata/import-report';

/**
 * Table types, kept in step with `db/migrations` by `schema.spec.ts`, which compares these
 * column lists with the live database.
 *
 * Geometry columns are PostGIS `geometry(…, 4326)`: they read back as hex EWKB text and are
 * written through SQL expressions (`ST_GeomFromGeoJSON`), never as plain text.
 */
export type Geometry = ColumnType<string, string, string>;
export type NullableGeometry = ColumnType<string | null, string | null, string | null>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

import type { LaoType } from '../../lao-types';
export { laoTypes, type LaoType } from '../../lao-types';

export type TambonCoverage = 'completely' | 'partially';

export interface ImportedFile {
	path: string;
	kind: string;
	sha256: string;
	bytes: number;
	/** Whether the checksum matches the one in `geodata/manifest.json`. */
	matchesManifest: boolean;
}

export interface ImportRunTable {
	id: Generated<number>;
	started_at: Timestamp;
	finished_at: Timestamp | null;
	status: 'running' | 'succeeded' | 'failed';
	trigger: 'cli' | 'first_start' | 'test';
	// JSON columns are written as text (JSON.stringify) and have defaults in the database.
	files: JSONColumnType<ImportedFile[], string | undefined, string>;
	counts: JSONColumnType<Record<string, number>, string | undefined, string>;
	messages: JSONColumnType<ImportMessage[], string | undefined, string>;
	fatal_count: Generated<number>;
	warning_count: Generated<number>;
}

export interface ProvinceTable {
	code: string;
	name_th: string;
	name_en: string;
	geom: Geometry;
	area_km2: number;
	import_run_id: number;
}

export interface DistrictTable {
	code: string;
	province_code: string;
	name_th: string;
	name_en: string;
	geom: Geometry;
	area_km2: number;
	import_run_id: number;
}

export interface TambonTable {
	code: string;
	district_code: string;
	province_code: string;
	name_th: string;
	/** `dopa` when DOPA's complete name replaced COD-AB's (cut at 50 bytes in 11 cases). */
	name_th_source: 'dopa' | 'cod_ab';
	name_en: string;
	valid_on: string | null;
	geom: Geometry;
	area_km2: number;
	/** 1-based feature number in the source shapefile, for messages that point back to it. */
	source_feature: number;
	import_run_id: number;
}

export interface LaoTable {
	dla_code: string;
	lao_type: LaoType;
	name_th: string;
	name_en: string | null;
	province_code: string;
	district_code: string | null;
	district_name_th: string | null;
	office_point: NullableGeometry;
	/** As registered by DLA; null when missing or suspect (see the import report). */
	area_km2_registered: number | null;
	/** Union of the linked tambons (a PAO takes its province); null when the LAO has no link. */
	geom: NullableGeometry;
	area_km2: number | null;
	/** True when any linked tambon is only partly covered, so geometry and figures overstate. */
	geom_approximate: boolean;
	source_row: number;
	import_run_id: number;
}

export interface LaoTambonTable {
	dla_code: string;
	tambon_code: string;
	dopa_tambon_code: string;
	coverage: TambonCoverage;
	source_record: string | null;
	import_run_id: number;
}

export interface TambonPopulationTable {
	dopa_tambon_code: string;
	tambon_code: string;
	name_th: string;
	name_en: string | null;
	level: string;
	dopa_district_code: string;
	district_name_th: string;
	dopa_province_code: string;
	province_name_th: string;
	population_total: number;
	population_male: number;
	population_female: number;
	households: number;
	population_nonmunicipal: number | null;
	households_nonmunicipal: number | null;
	population_municipal: number | null;
	households_municipal: number | null;
	municipal_parts: string | null;
	reference_date: string;
	import_run_id: number;
}

export interface LaoPopulationEstimateTable {
	dla_code: string;
	population: number;
	households: number;
	method: 'dopa_municipal_registration_office' | 'sum_nonmunicipal_pop_of_covered_tambons';
	tambon_count: number;
	shared_tambon_count: number;
	reference_date: string;
	import_run_id: number;
}

export interface DB {
	import_run: ImportRunTable;
	province: ProvinceTable;
	district: DistrictTable;
	tambon: TambonTable;
	lao: LaoTable;
	lao_tambon: LaoTambonTable;
	tambon_population: TambonPopulationTable;
	lao_population_estimate: LaoPopulationEstimateTable;
}
