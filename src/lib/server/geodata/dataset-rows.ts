import { z } from 'zod';
import { thailandBbox } from '../../geo/thailand-bbox';
import { laoTypes, type LaoType, type TambonCoverage } from '../db/schema';
import type { CsvRow, CsvTable } from './csv';
import { fatal, warning, type ImportMessage } from './import-report';

/**
 * Row parsers for each CSV dataset. Required fields are parsed with zod and a failure is fatal,
 * naming the row and field; a doubtful optional field becomes null with a warning.
 */

const digits = (n: number) => z.string().regex(new RegExp(`^[0-9]{${n}}$`), `must be ${n} digits`);
const pcode = (n: number) =>
	z.string().regex(new RegExp(`^TH[0-9]{${n}}$`), `must be TH followed by ${n} digits`);
const text = z.string().min(1, 'must not be empty');
const count = z
	.string()
	.regex(/^[0-9]+$/, 'must be a whole number ≥ 0')
	.transform((value) => Number.parseInt(value, 10));

function parseRequired<S extends z.ZodObject>(
	table: CsvTable,
	row: CsvRow,
	schema: S
): z.output<S> {
	const parsed = schema.safeParse(row.values);
	if (parsed.success) return parsed.data;
	const issue = parsed.error.issues[0]!;
	const field = String(issue.path[0] ?? 'row');
	const value = row.values[field];
	throw fatal({
		file: table.file,
		row: row.row,
		field,
		rule: value === undefined || value === '' ? 'required-value' : 'invalid-value',
		detail: `${issue.message} (found ${JSON.stringify(value ?? '')})`
	});
}

function optionalNumber(
	table: CsvTable,
	row: CsvRow,
	field: string,
	messages: ImportMessage[]
): number | null {
	const value = row.values[field] ?? '';
	if (value === '') return null;
	const parsed = Number(value);
	if (Number.isFinite(parsed)) return parsed;
	messages.push(
		warning({
			file: table.file,
			row: row.row,
			field,
			rule: 'unparseable-number',
			detail: `${JSON.stringify(value)} is not a number; stored as no data`
		})
	);
	return null;
}

function optionalText(row: CsvRow, field: string): string | null {
	const value = row.values[field] ?? '';
	return value === '' ? null : value;
}

function rejectDuplicate(
	table: CsvTable,
	row: CsvRow,
	field: string,
	seen: Map<string, number>,
	key: string
) {
	const first = seen.get(key);
	if (first !== undefined) {
		throw fatal({
			file: table.file,
			row: row.row,
			field,
			rule: 'duplicate-key',
			detail: `${key} already appears in row ${first}`
		});
	}
	seen.set(key, row.row);
}

/** The first digit of a DLA code names the LAO type (SOURCES.md). */
const typeDigit: Record<LaoType, string> = {
	provincial_admin_org: '2',
	city_municipality: '3',
	special_admin_area: '3',
	town_municipality: '4',
	subdistrict_municipality: '5',
	subdistrict_admin_org: '6'
};

// Thailand's extent with a margin for its islands; a point outside it cannot be an office here.
// The finer test, inside the country's polygons, runs in the database once the tambons are in.
export const thailandBounds = {
	west: thailandBbox[0],
	south: thailandBbox[1],
	east: thailandBbox[2],
	north: thailandBbox[3]
};

export interface RegistryRecord {
	row: number;
	dlaCode: string;
	laoType: LaoType;
	nameTh: string;
	provinceCode: string;
	districtCode: string | null;
	districtNameTh: string | null;
	officeLon: number | null;
	officeLat: number | null;
	areaKm2Registered: number | null;
}

const registrySchema = z.object({
	dla_code: digits(7),
	type: z.enum(laoTypes),
	name_th: text,
	adm1_pcode: pcode(2)
});

export function parseRegistry(table: CsvTable, messages: ImportMessage[]): RegistryRecord[] {
	const seen = new Map<string, number>();
	return table.rows.map((row) => {
		const required = parseRequired(table, row, registrySchema);
		rejectDuplicate(table, row, 'dla_code', seen, required.dla_code);
		const note = (field: string, rule: string, detail: string) =>
			messages.push(warning({ file: table.file, row: row.row, field, rule, detail }));

		if (required.dla_code[0] !== typeDigit[required.type]) {
			note(
				'dla_code',
				'type-digit-mismatch',
				`code ${required.dla_code} starts with ${required.dla_code[0]} but type is ${required.type} (digit ${typeDigit[required.type]}); the type column is kept as the truth`
			);
		}

		let districtCode = optionalText(row, 'adm2_pcode');
		if (districtCode !== null && !/^TH[0-9]{4}$/.test(districtCode)) {
			note(
				'adm2_pcode',
				'invalid-value',
				`${JSON.stringify(districtCode)} is not an ADM2 P-code; set to no data`
			);
			districtCode = null;
		}

		let officeLat = optionalNumber(table, row, 'office_lat', messages);
		let officeLon = optionalNumber(table, row, 'office_lon', messages);
		if ((officeLat === null) !== (officeLon === null)) {
			note(
				officeLat === null ? 'office_lat' : 'office_lon',
				'office-point-incomplete',
				'only one of office_lat and office_lon is given; the office point is set to no data'
			);
			officeLat = officeLon = null;
		} else if (officeLat !== null && officeLon !== null) {
			const b = thailandBounds;
			if (officeLon < b.west || officeLon > b.east || officeLat < b.south || officeLat > b.north) {
				note(
					'office_lat',
					'office-point-outside-thailand',
					`(${officeLat}, ${officeLon}) is outside Thailand; the office point is set to no data`
				);
				officeLat = officeLon = null;
			}
		}

		return {
			row: row.row,
			dlaCode: required.dla_code,
			laoType: required.type,
			nameTh: required.name_th,
			provinceCode: required.adm1_pcode,
			districtCode,
			districtNameTh: optionalText(row, 'district_name_th'),
			officeLat,
			officeLon,
			areaKm2Registered: optionalNumber(table, row, 'area_km2_registered', messages)
		};
	});
}

export interface LinkRecord {
	row: number;
	dlaCode: string;
	tambonCode: string;
	dopaTambonCode: string;
	coverage: TambonCoverage;
	sourceRecord: string | null;
}

const linkSchema = z.object({
	dla_code: digits(7),
	adm3_pcode: pcode(6),
	coverage: z.enum(['completely', 'partially'])
});

export function parseLinks(
	table: CsvTable,
	dlaCodes: ReadonlySet<string>,
	messages: ImportMessage[]
) {
	const seen = new Map<string, number>();
	const links: LinkRecord[] = [];
	for (const row of table.rows) {
		const required = parseRequired(table, row, linkSchema);
		rejectDuplicate(table, row, 'adm3_pcode', seen, `${required.dla_code} ${required.adm3_pcode}`);
		if (!dlaCodes.has(required.dla_code)) {
			messages.push(
				warning({
					file: table.file,
					row: row.row,
					field: 'dla_code',
					rule: 'unknown-lao',
					detail: `${required.dla_code} is not in the LAO registry; the link is skipped`
				})
			);
			continue;
		}
		links.push({
			row: row.row,
			dlaCode: required.dla_code,
			tambonCode: required.adm3_pcode,
			dopaTambonCode: optionalText(row, 'tambon_code') ?? required.adm3_pcode.slice(2),
			coverage: required.coverage,
			sourceRecord: optionalText(row, 'source_record')
		});
	}
	return links;
}

export interface EnglishNameRecord {
	dlaCode: string;
	nameEn: string;
}

const nameSchema = z.object({ dla_code: digits(7), name_en: text });

export function parseEnglishNames(
	table: CsvTable,
	dlaCodes: ReadonlySet<string>,
	messages: ImportMessage[]
): EnglishNameRecord[] {
	const seen = new Map<string, number>();
	const names: EnglishNameRecord[] = [];
	for (const row of table.rows) {
		const required = parseRequired(table, row, nameSchema);
		rejectDuplicate(table, row, 'dla_code', seen, required.dla_code);
		if (!dlaCodes.has(required.dla_code)) {
			messages.push(
				warning({
					file: table.file,
					row: row.row,
					field: 'dla_code',
					rule: 'unknown-lao',
					detail: `${required.dla_code} is not in the LAO registry; the name is skipped`
				})
			);
			continue;
		}
		names.push({ dlaCode: required.dla_code, nameEn: required.name_en });
	}
	return names;
}

export interface TambonPopulationRecord {
	row: number;
	dopaTambonCode: string;
	tambonCode: string;
	nameTh: string;
	nameEn: string | null;
	level: string;
	dopaDistrictCode: string;
	districtNameTh: string;
	dopaProvinceCode: string;
	provinceNameTh: string;
	populationTotal: number;
	populationMale: number;
	populationFemale: number;
	households: number;
	populationNonmunicipal: number | null;
	householdsNonmunicipal: number | null;
	populationMunicipal: number | null;
	householdsMunicipal: number | null;
	municipalParts: string | null;
}

const populationSchema = z.object({
	tambon_code: digits(6),
	adm3_pcode: pcode(6),
	tambon_th: text,
	level: text,
	amphoe_code: digits(4),
	amphoe_th: text,
	province_code: digits(2),
	province_th: text,
	pop_total: count,
	pop_male: count,
	pop_female: count,
	households: count
});

export function parseTambonPopulation(
	table: CsvTable,
	messages: ImportMessage[]
): TambonPopulationRecord[] {
	const seenDopa = new Map<string, number>();
	const seenPcode = new Map<string, number>();
	return table.rows.map((row) => {
		const r = parseRequired(table, row, populationSchema);
		rejectDuplicate(table, row, 'tambon_code', seenDopa, r.tambon_code);
		rejectDuplicate(table, row, 'adm3_pcode', seenPcode, r.adm3_pcode);
		const whole = (field: string) => {
			const value = optionalNumber(table, row, field, messages);
			return value === null ? null : Math.round(value);
		};
		return {
			row: row.row,
			dopaTambonCode: r.tambon_code,
			tambonCode: r.adm3_pcode,
			nameTh: r.tambon_th,
			nameEn: optionalText(row, 'tambon_en'),
			level: r.level,
			dopaDistrictCode: r.amphoe_code,
			districtNameTh: r.amphoe_th,
			dopaProvinceCode: r.province_code,
			provinceNameTh: r.province_th,
			populationTotal: r.pop_total,
			populationMale: r.pop_male,
			populationFemale: r.pop_female,
			households: r.households,
			populationNonmunicipal: whole('pop_nonmunicipal'),
			householdsNonmunicipal: whole('households_nonmunicipal'),
			populationMunicipal: whole('pop_municipal'),
			householdsMunicipal: whole('households_municipal'),
			municipalParts: optionalText(row, 'municipal_parts')
		};
	});
}

export interface LaoPopulationRecord {
	dlaCode: string;
	population: number;
	households: number;
	method: 'dopa_municipal_registration_office' | 'sum_nonmunicipal_pop_of_covered_tambons';
	tambonCount: number;
	sharedTambonCount: number;
}

const laoPopulationSchema = z.object({
	dla_code: digits(7),
	pop_2021: count,
	households_2021: count,
	method: z.enum(['dopa_municipal_registration_office', 'sum_nonmunicipal_pop_of_covered_tambons'])
});

export function parseLaoPopulation(
	table: CsvTable,
	dlaCodes: ReadonlySet<string>,
	messages: ImportMessage[]
): LaoPopulationRecord[] {
	const seen = new Map<string, number>();
	const records: LaoPopulationRecord[] = [];
	for (const row of table.rows) {
		const r = parseRequired(table, row, laoPopulationSchema);
		rejectDuplicate(table, row, 'dla_code', seen, r.dla_code);
		if (!dlaCodes.has(r.dla_code)) {
			messages.push(
				warning({
					file: table.file,
					row: row.row,
					field: 'dla_code',
					rule: 'unknown-lao',
					detail: `${r.dla_code} is not in the LAO registry; the estimate is skipped`
				})
			);
			continue;
		}
		records.push({
			dlaCode: r.dla_code,
			population: r.pop_2021,
			households: r.households_2021,
			method: r.method,
			tambonCount: Math.round(optionalNumber(table, row, 'n_tambons', messages) ?? 0),
			sharedTambonCount: Math.round(optionalNumber(table, row, 'shared_tambons', messages) ?? 0)
		});
	}
	return records;
}
