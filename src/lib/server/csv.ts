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
