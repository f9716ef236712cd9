import type { Insertable } from 'kysely';
import {
	osmPackIndicators,
	osmPoiPackSourceLine,
	osmPoiPackYear
} from '../../indicators/osm-poi-pack';
import type { IndicatorTable } from '../db/schema';
import { ImportFatalError, warning, type ImportMessage } from '../geodata/import-report';
import type { ImportContext, ParsedFile } from './indicator-import.service';

const numberPattern = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const maxFatalMessages = 100;

/** Said in the catalogue and on every screen that shows one of these indicators. */
export const osmCaveat =
	'Mapped in OpenStreetMap: a zero means none mapped, not none there. ' +
	'ข้อมูลจาก OpenStreetMap: ศูนย์หมายถึงยังไม่มีผู้ทำแผนที่ไว้ ไม่ได้หมายความว่าไม่มีอยู่จริง';

/**
 * Reads the OSM points-of-interest pack (one row per tambon, densities per km² of the file's
 * own `size`) into tambon values: for each group a count (the sum of its columns' densities ×
 * `size`, rounded to whole places because the densities were counts ÷ size) rolled up to LAOs
 * by sum, and a density per km² rolled up by area-weighted mean, so a criterion can measure
 * presence without measuring size. Same contract as the long format: an unknown tambon, a
 * negative density or text in a number is fatal and names its row and column.
 */
export function parseOsmPoiPack(
	file: string,
	names: readonly string[],
	data: readonly (readonly string[])[],
	context: ImportContext
): ParsedFile {
	const column = new Map(names.map((name, i) => [name, i]));
	const neededColumns = [...new Set(osmPackIndicators.flatMap((i) => i.columns))];
	const fatals: ImportMessage[] = [];
	const reject = (row: number, field: string, rule: string, detail: string, value?: string) => {
		fatals.push({ severity: 'fatal', file, row, field, rule, detail, ...(value && { value }) });
	};
	for (const name of neededColumns) {
		if (!column.has(name))
			reject(0, name, 'missing-column', `the OpenStreetMap pack needs the column ${name}`);
	}
	if (fatals.length > 0) throw new ImportFatalError(fatals);

	const values: ParsedFile['values'] = [];
	const seen = new Map<string, number>();
	for (const [index, record] of data.entries()) {
		if (fatals.length >= maxFatalMessages) break;
		const row = index + 1;
		const cell = (name: string) => (record[column.get(name)!] ?? '').trim();
		const fatalsBefore = fatals.length;
		const subId = cell('sub_id');
		let tambon: string | undefined;
		if (!/^[0-9]{6}$/.test(subId)) {
			reject(
				row,
				'sub_id',
				'invalid-value',
				`${JSON.stringify(subId)} is not a 6-digit tambon code`,
				subId
			);
		} else if (context.tambonCodes.has(`TH${subId}`)) {
			tambon = `TH${subId}`;
		} else {
			const pcode = context.pcodeOfDopaTambon.get(subId);
			if (pcode) tambon = pcode;
			else reject(row, 'sub_id', 'unknown-code', `no tambon has the code TH${subId}`, subId);
		}
		const number = (name: string): number | undefined => {
			const text = cell(name);
			const parsed = numberPattern.test(text) ? Number(text) : NaN;
			if (!Number.isFinite(parsed)) {
				reject(row, name, 'invalid-value', `${JSON.stringify(text)} is not a number`);
				return undefined;
			}
			if (parsed < 0) {
				reject(row, name, 'negative-value', `${parsed} is negative; a density is 0 or more`);
				return undefined;
			}
			return parsed;
		};
		const sizeKm2 = number('size');
		const densities = new Map(neededColumns.map((name) => [name, number(name)]));
		if (sizeKm2 !== undefined && sizeKm2 <= 0)
			reject(row, 'size', 'invalid-value', `the tambon's size must be more than 0 km²`);
		if (tambon) {
			const first = seen.get(tambon);
			if (first !== undefined)
				reject(row, 'sub_id', 'duplicate-key', `tambon ${tambon} already appears in row ${first}`);
			else seen.set(tambon, row);
		}
		if (fatals.length > fatalsBefore) continue;
		for (const indicator of osmPackIndicators) {
			const density = indicator.columns.reduce((sum, c) => sum + densities.get(c)!, 0);
			values.push({
				unit_kind: 'tambon',
				unit_code: tambon!,
				indicator_key: indicator.key,
				year: osmPoiPackYear,
				value:
					indicator.kind === 'count'
						? indicator.columns.reduce(
								(sum, c) => sum + Math.round(densities.get(c)! * sizeKm2!),
								0
							)
						: density,
				unit: indicator.kind === 'count' ? 'places' : 'places/km²',
				source: osmPoiPackSourceLine,
				approximate: false
			});
		}
	}
	if (fatals.length > 0) throw new ImportFatalError(fatals);

	const newIndicators: Insertable<IndicatorTable>[] = osmPackIndicators
		.filter((i) => !context.catalogue.has(i.key))
		.map((i) => ({
			key: i.key,
			name_th: i.nameTh,
			name_en: i.nameEn,
			unit: i.kind === 'count' ? 'places' : 'places/km²',
			aggregation: i.kind === 'count' ? 'sum' : 'area_weighted_mean',
			description: osmCaveat
		}));
	const messages: ImportMessage[] = [
		warning({
			file,
			row: 0,
			field: 'file',
			rule: 'osm-pack',
			detail: `recognised as the OpenStreetMap points-of-interest pack: ${osmPackIndicators.length} indicators per tambon (${osmCaveat.split(' ข้อมูล')[0]})`
		})
	];
	return {
		values,
		newIndicators,
		messages,
		counts: {
			rows: data.length,
			stored: values.length,
			skipped_missing_value: 0,
			lao_values: 0,
			tambon_values: values.length,
			new_indicators: newIndicators.length
		}
	};
}
