import path from 'node:path';
import { CsvSyntaxError, parseCsvRecords } from './csv-records';
import { csvColumns, type CsvKind } from './datasets';
import { fatal, warning, type ImportMessage } from './import-report';

export interface CsvRow {
	/** 1-based data row: row 1 is the line after the header. */
	row: number;
	values: Record<string, string>;
}

export interface CsvTable {
	file: string;
	rows: CsvRow[];
	messages: ImportMessage[];
}

/**
 * Reads one dataset CSV (UTF-8, optional byte-order mark, RFC 4180 quoting) and checks its
 * header against the kind's columns: a missing required column is fatal, an extra one a warning.
 */
/**
 * Decodes a CSV file (UTF-8, optional byte-order mark, RFC 4180 quoting) into its trimmed header
 * and data records; an unreadable or empty file is fatal, named after `file`.
 */
export function decodeCsvFile(
	file: string,
	bytes: Uint8Array
): { names: string[]; data: string[][] } {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw fatal({ file, field: 'file', rule: 'unreadable-file', detail: 'not valid UTF-8 text' });
	}
	let records: string[][];
	try {
		records = parseCsvRecords(text);
	} catch (error) {
		if (!(error instanceof CsvSyntaxError)) throw error;
		throw fatal({ file, field: 'file', rule: 'unreadable-file', detail: error.message });
	}
	const [header, ...data] = records;
	if (!header) {
		throw fatal({ file, field: 'file', rule: 'unreadable-file', detail: 'the file is empty' });
	}
	return { names: header.map((h) => h.trim()), data };
}

export function readCsv(filePath: string, bytes: Uint8Array, kind: CsvKind): CsvTable {
	const file = path.basename(filePath);
	const { names, data } = decodeCsvFile(file, bytes);
	const columns = csvColumns[kind];
	for (const column of columns.required) {
		if (!names.includes(column)) {
			throw fatal({
				file,
				row: 0,
				field: column,
				rule: 'missing-column',
				detail: `the ${kind} header must have a ${column} column`
			});
		}
	}
	const known = new Set<string>([...columns.required, ...columns.optional]);
	const messages = names
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
	const rows = data.map((record, index) => {
		const values: Record<string, string> = {};
		names.forEach((name, i) => {
			if (known.has(name)) values[name] = (record[i] ?? '').trim();
		});
		return { row: index + 1, values };
	});
	return { file, rows, messages };
}
