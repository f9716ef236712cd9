import { translator, type Locale } from '../i18n';

/**
 * The one CSV writer of every export (issue 14, item 6): RFC 4180 with CRLF line ends, fields
 * quoted when needed, UTF-8 with a byte order mark so that Excel opens Thai text as UTF-8, and
 * the formula guard of `csvField`. Yes/no cells are written in one vocabulary per language (the
 * words of the app's `auditYes`/`auditNo`); a file of machine names (no `locale`) writes
 * `true`/`false`.
 */

/** What a cell may hold: text, a number, yes/no, or nothing (an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

/** The byte order mark that tells Excel the file is UTF-8. */
export const csvByteOrderMark = '\uFEFF';

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break. A text cell a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets a
 * leading apostrophe (OWASP, CSV injection); numbers are written as they are, so -1.5 stays a
 * number. Null and undefined are empty cells.
 */
export function csvField(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return String(value);
	let text = String(value);
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Yes or no in the reader's language: ใช่/ไม่ใช่ in Thai, Yes/No in English. */
export function csvYesNo(locale: Locale, value: boolean): string {
	return translator(locale)(value ? 'auditYes' : 'auditNo');
}

/**
 * A whole CSV document: the header, then one line per row, each line ended by CRLF, with the
 * byte order mark in front. Yes/no cells are words of `locale` when one is given (a file for
 * people), `true`/`false` otherwise (a file of machine names).
 */
export function csvDocument(
	header: readonly string[],
	rows: Iterable<readonly CsvCell[]>,
	options: { locale?: Locale } = {}
): string {
	const { locale } = options;
	const cell = (value: CsvCell) =>
		csvField(typeof value === 'boolean' && locale ? csvYesNo(locale, value) : value);
	const lines = [header.map(cell).join(',')];
	for (const row of rows) lines.push(row.map(cell).join(','));
	return `${csvByteOrderMark}${lines.join('\r\n')}\r\n`;
}
