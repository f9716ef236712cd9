import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { appendAudit } from '../audit/audit.repository';
import type { DB, IndicatorAggregation, IndicatorTable, IndicatorValueTable } from '../db/schema';
import { decodeCsvFile } from '../geodata/csv';
import { fatal, ImportFatalError, warning, type ImportMessage } from '../geodata/import-report';
import { builtInIndicatorKeys } from './built-in-indicators.service';
import { insertImportBatch, insertIndicators, upsertValues } from './indicator.repository';
import { isOsmPoiPackHeader } from '../../indicators/osm-poi-pack';
import { parseOsmPoiPack } from './osm-pack.import';

/**
 * Import of indicator values from a CSV with the columns `code, indicator, year, value, unit,
 * source` (and optionally `approximate`, and `aggregation`, `name_th`, `name_en`, `description`
 * for an indicator not yet in the catalogue). Everything is checked before the database is
 * written; any fatal problem writes nothing (only the failed batch and its report are recorded).
 *
 * Over 400 lines: the checks are one pass over the rows, each problem naming its row and column,
 * and belong together; the writes are in the repository.
 */

export const indicatorCsvColumns = {
	required: ['code', 'indicator', 'year', 'value', 'unit', 'source'],
	optional: ['approximate', 'aggregation', 'name_th', 'name_en', 'description']
} as const;

export const indicatorKeyPattern = /^[a-z][a-z0-9_]{1,62}$/;
const aggregations: readonly IndicatorAggregation[] = ['sum', 'area_weighted_mean'];
const numberPattern = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const booleanValues: Record<string, boolean> = {
	'': false,
	true: true,
	false: false,
	yes: true,
	no: false,
	'1': true,
	'0': false
};
/** Beyond this many fatal problems the report stops listing them. */
const maxFatalMessages = 100;

export type IndicatorImportTrigger = 'cli' | 'upload' | 'test';

export interface IndicatorImportInput {
	/** The file's name as the user gave it; only its last part is kept. */
	fileName: string;
	bytes: Uint8Array;
	trigger: IndicatorImportTrigger;
	/** Who uploaded the file, for the audit log; absent or null for the command line. */
	actor?: Pick<Actor, 'userId' | 'username'> | null;
}

export interface IndicatorImportResult {
	status: 'succeeded' | 'failed';
	/** The `indicator_import` row recording this run. */
	importId: number;
	fileName: string;
	sha256: string;
	counts: Record<string, number>;
	messages: ImportMessage[];
}

/** What the file's codes and keys are checked against. */
export interface ImportContext {
	laoCodes: Set<string>;
	tambonCodes: Set<string>;
	/** DOPA's 6-digit tambon code → the ADM3 P-code. */
	pcodeOfDopaTambon: Map<string, string>;
	catalogue: Map<string, { unit: string; aggregation: IndicatorAggregation; builtIn: boolean }>;
}

export interface ParsedFile {
	values: Omit<Insertable<IndicatorValueTable>, 'import_id'>[];
	newIndicators: Insertable<IndicatorTable>[];
	messages: ImportMessage[];
	counts: Record<string, number>;
}

async function loadContext(db: Kysely<DB>): Promise<ImportContext> {
	const [laos, tambons, population, links, catalogue] = await Promise.all([
		db.selectFrom('lao').select('dla_code').execute(),
		db.selectFrom('tambon').select('code').execute(),
		db.selectFrom('tambon_population').select(['dopa_tambon_code', 'tambon_code']).execute(),
		db.selectFrom('lao_tambon').select(['dopa_tambon_code', 'tambon_code']).execute(),
		db.selectFrom('indicator').select(['key', 'unit', 'aggregation', 'built_in']).execute()
	]);
	const pcodeOfDopaTambon = new Map<string, string>();
	for (const r of [...links, ...population])
		pcodeOfDopaTambon.set(r.dopa_tambon_code, r.tambon_code);
	return {
		laoCodes: new Set(laos.map((r) => r.dla_code)),
		// A tambon without a polygon (TH530407) still has its population row and its links.
		tambonCodes: new Set([...tambons.map((r) => r.code), ...pcodeOfDopaTambon.values()]),
		pcodeOfDopaTambon,
		catalogue: new Map(
			catalogue.map((c) => [
				c.key,
				{ unit: c.unit, aggregation: c.aggregation, builtIn: c.built_in }
			])
		)
	};
}

/** Reads and checks the whole file; throws ImportFatalError listing every fatal problem. */
export function parseIndicatorCsv(
	file: string,
	bytes: Uint8Array,
	context: ImportContext
): ParsedFile {
	const { names, data } = decodeCsvFile(file, bytes);
	// The OpenStreetMap pack is wide (a column per kind of place), recognised by its header.
	if (isOsmPoiPackHeader(names)) return parseOsmPoiPack(file, names, data, context);
	for (const column of indicatorCsvColumns.required) {
		if (!names.includes(column)) {
			throw fatal({
				file,
				row: 0,
				field: column,
				rule: 'missing-column',
				detail: `the header must have the columns ${indicatorCsvColumns.required.join(', ')}`
			});
		}
	}
	const known = new Set<string>([...indicatorCsvColumns.required, ...indicatorCsvColumns.optional]);
	const messages: ImportMessage[] = names
		.filter((name) => !known.has(name))
		.map((name) =>
			warning({
				file,
				row: 0,
				field: name,
				rule: 'extra-column',
				detail: 'column not used by the importer; its values are ignored'
			})
		);
	const fatals: ImportMessage[] = [];
	const reject = (row: number, field: string, rule: string, detail: string, value?: string) => {
		fatals.push({ severity: 'fatal', file, row, field, rule, detail, ...(value && { value }) });
	};

	const values: ParsedFile['values'] = [];
	const newIndicators = new Map<string, Insertable<IndicatorTable>>();
	const unitOfKey = new Map<string, { unit: string; row: number }>();
	const seen = new Map<string, number>();
	let skipped = 0;

	for (const [index, record] of data.entries()) {
		if (fatals.length >= maxFatalMessages) break;
		const row = index + 1;
		const v: Record<string, string> = {};
		names.forEach((name, i) => {
			if (known.has(name)) v[name] = (record[i] ?? '').trim();
		});
		const required = (field: string): string | undefined => {
			const value = v[field] ?? '';
			if (value === '') reject(row, field, 'required-value', `${field} is empty`);
			return value === '' ? undefined : value;
		};
		const fatalsBefore = fatals.length;

		// code: a DLA code, an ADM3 P-code or a DOPA tambon code.
		let unit: { kind: 'lao' | 'tambon'; code: string } | undefined;
		const code = required('code');
		if (code !== undefined) {
			if (/^[0-9]{7}$/.test(code)) {
				if (context.laoCodes.has(code)) unit = { kind: 'lao', code };
				else reject(row, 'code', 'unknown-code', `no LAO has the DLA code ${code}`, code);
			} else if (/^TH[0-9]{6}$/.test(code)) {
				if (context.tambonCodes.has(code)) unit = { kind: 'tambon', code };
				else reject(row, 'code', 'unknown-code', `no tambon has the P-code ${code}`, code);
			} else if (/^[0-9]{6}$/.test(code)) {
				const pcode = context.pcodeOfDopaTambon.get(code);
				if (pcode) unit = { kind: 'tambon', code: pcode };
				else reject(row, 'code', 'unknown-code', `no tambon has the DOPA code ${code}`, code);
			} else {
				reject(
					row,
					'code',
					'invalid-value',
					`${JSON.stringify(code)} is neither a 7-digit DLA code, an ADM3 P-code (TH + 6 digits) nor a 6-digit DOPA tambon code`,
					code
				);
			}
		}

		const key = required('indicator');
		const existing = key === undefined ? undefined : context.catalogue.get(key);
		if (key !== undefined) {
			if (!indicatorKeyPattern.test(key)) {
				reject(
					row,
					'indicator',
					'invalid-value',
					`${JSON.stringify(key)} does not match ${indicatorKeyPattern}`,
					key
				);
			} else if (existing?.builtIn || (builtInIndicatorKeys as readonly string[]).includes(key)) {
				reject(
					row,
					'indicator',
					'built-in-indicator',
					`${key} is computed from the geodata and cannot be imported`
				);
			}
		}

		const yearText = required('year');
		let year: number | undefined;
		if (yearText !== undefined) {
			const parsed = /^[0-9]{4}$/.test(yearText) ? Number.parseInt(yearText, 10) : NaN;
			if (parsed >= 1900 && parsed <= 2100) year = parsed;
			else
				reject(
					row,
					'year',
					'invalid-value',
					`${JSON.stringify(yearText)} is not a year from 1900 to 2100 (Gregorian)`,
					yearText
				);
		}

		const valueText = v.value ?? '';
		let value: number | undefined;
		if (valueText !== '') {
			const parsed = numberPattern.test(valueText) ? Number(valueText) : NaN;
			if (Number.isFinite(parsed)) value = parsed;
			else
				reject(
					row,
					'value',
					'invalid-value',
					`${JSON.stringify(valueText)} is not a number (use a dot for decimals, no thousands separators)`,
					valueText
				);
		}

		const unitText = required('unit');
		const source = required('source');

		const approximateText = (v.approximate ?? '').toLowerCase();
		const approximate = booleanValues[approximateText];
		if (approximate === undefined) {
			reject(
				row,
				'approximate',
				'invalid-value',
				`${JSON.stringify(v.approximate)} is not true, false, yes, no, 1 or 0`,
				v.approximate
			);
		}

		const aggregationText = v.aggregation ?? '';
		if (aggregationText !== '' && !(aggregations as readonly string[]).includes(aggregationText)) {
			reject(
				row,
				'aggregation',
				'invalid-value',
				`${JSON.stringify(aggregationText)} is not ${aggregations.join(' or ')}`,
				aggregationText
			);
		}

		// One unit and one aggregation per indicator: the catalogue's, or the first row's for a new one.
		if (key !== undefined && indicatorKeyPattern.test(key) && !existing?.builtIn) {
			if (existing) {
				if (unitText !== undefined && unitText !== existing.unit) {
					reject(
						row,
						'unit',
						'unit-mismatch',
						`${key} is measured in ${JSON.stringify(existing.unit)}, not ${JSON.stringify(unitText)}`
					);
				}
				if (aggregationText !== '' && aggregationText !== existing.aggregation) {
					reject(
						row,
						'aggregation',
						'aggregation-mismatch',
						`${key} is catalogued as ${existing.aggregation}, not ${aggregationText}`
					);
				}
			} else if (unitText !== undefined) {
				const first = unitOfKey.get(key);
				if (!first) {
					unitOfKey.set(key, { unit: unitText, row });
					if (aggregationText === '') {
						reject(
							row,
							'aggregation',
							'required-value',
							`${key} is a new indicator: its first row must say how tambon values roll up to an LAO (sum for counts, area_weighted_mean for rates and shares)`
						);
					} else if ((aggregations as readonly string[]).includes(aggregationText)) {
						newIndicators.set(key, {
							key,
							name_th: v.name_th || key,
							name_en: v.name_en || key,
							unit: unitText,
							aggregation: aggregationText as IndicatorAggregation,
							description: v.description || null
						});
						messages.push(
							warning({
								file,
								row,
								field: 'indicator',
								rule: 'new-indicator',
								detail: `${key} is added to the catalogue (${unitText}, ${aggregationText}${v.name_th ? '' : '; no Thai name given, the key stands in'})`
							})
						);
					}
				} else {
					if (unitText !== first.unit) {
						reject(
							row,
							'unit',
							'unit-mismatch',
							`${key} is measured in ${JSON.stringify(first.unit)} in row ${first.row}, not ${JSON.stringify(unitText)}`
						);
					}
					const catalogued = newIndicators.get(key)?.aggregation;
					if (aggregationText !== '' && catalogued && aggregationText !== catalogued) {
						reject(
							row,
							'aggregation',
							'aggregation-mismatch',
							`${key} is ${catalogued} in row ${first.row}, not ${aggregationText}`
						);
					}
				}
			}
		}

		if (unit && key !== undefined && year !== undefined) {
			const id = `${unit.kind} ${unit.code}, indicator ${key}, year ${year}`;
			const first = seen.get(id);
			if (first !== undefined)
				reject(row, 'code', 'duplicate-key', `${id} already appears in row ${first}`);
			else seen.set(id, row);
		}

		if (fatals.length > fatalsBefore) continue;
		if (value === undefined) {
			skipped++;
			messages.push(
				warning({
					file,
					row,
					field: 'value',
					rule: 'missing-value',
					detail: 'the value is empty; missing value stays no data (not stored, never 0)'
				})
			);
			continue;
		}
		values.push({
			unit_kind: unit!.kind,
			unit_code: unit!.code,
			indicator_key: key!,
			year: year!,
			value,
			unit: unitText!,
			source: source!,
			approximate: approximate!
		});
	}
	if (fatals.length > 0) throw new ImportFatalError(fatals);
	if (data.length === 0) {
		messages.push(
			warning({
				file,
				row: 0,
				field: 'file',
				rule: 'no-rows',
				detail: 'the file has a header but no data rows; nothing to import'
			})
		);
	}
	return {
		values,
		newIndicators: [...newIndicators.values()],
		messages,
		counts: {
			rows: data.length,
			stored: values.length,
			skipped_missing_value: skipped,
			lao_values: values.filter((x) => x.unit_kind === 'lao').length,
			tambon_values: values.filter((x) => x.unit_kind === 'tambon').length,
			new_indicators: newIndicators.size
		}
	};
}

/**
 * Imports one indicator CSV in one transaction: new indicators go into the catalogue and every
 * value is upserted, so importing the same file again changes nothing but the batch each value
 * names. A fatal problem writes no value; the failed run is recorded with its report. Either
 * way the batch's audit entry (`indicators.imported`) commits with its batch row.
 */
export async function importIndicatorCsv(
	db: Kysely<DB>,
	input: IndicatorImportInput
): Promise<IndicatorImportResult> {
	const fileName = path.basename(input.fileName.replaceAll('\\', '/')) || 'upload.csv';
	const sha256 = createHash('sha256').update(input.bytes).digest('hex');
	const audit = (
		trx: Kysely<DB>,
		importId: number,
		status: IndicatorImportResult['status'],
		counts: Record<string, number>
	) =>
		appendAudit(trx, {
			actor: input.actor ?? null,
			action: 'indicators.imported',
			entityType: 'indicators',
			entityId: importId,
			after: { fileName, counts, status, ...(input.actor ? {} : { via: input.trigger }) }
		});
	try {
		return await db.transaction().execute(async (trx) => {
			const parsed = parseIndicatorCsv(fileName, input.bytes, await loadContext(trx));
			await insertIndicators(trx, parsed.newIndicators);
			const importId = await insertImportBatch(trx, {
				status: 'succeeded',
				trigger: input.trigger,
				fileName,
				sha256,
				counts: parsed.counts,
				messages: parsed.messages
			});
			await upsertValues(
				trx,
				parsed.values.map((v) => ({ ...v, import_id: importId }))
			);
			await audit(trx, importId, 'succeeded', parsed.counts);
			return {
				status: 'succeeded' as const,
				importId,
				fileName,
				sha256,
				counts: parsed.counts,
				messages: parsed.messages
			};
		});
	} catch (error) {
		if (!(error instanceof ImportFatalError)) throw error;
		const messages = error.messages;
		const importId = await db.transaction().execute(async (trx) => {
			const failedId = await insertImportBatch(trx, {
				status: 'failed',
				trigger: input.trigger,
				fileName,
				sha256,
				counts: {},
				messages
			});
			await audit(trx, failedId, 'failed', {});
			return failedId;
		});
		return { status: 'failed', importId, fileName, sha256, counts: {}, messages };
	}
}
