/**
 * An RFC 4180 CSV parser: fields separated by commas, records by LF or CRLF, fields optionally
 * quoted with `"` (a doubled `""` inside quotes is one quote; commas and line breaks inside quotes
 * are data). Written here because the general-purpose parser took a third of a second for each of
 * the registry's 1 MB files, most of the whole import's reading time.
 */
export class CsvSyntaxError extends Error {
	override name = 'CsvSyntaxError';
	/** 1-based line of the file where the problem was found. */
	readonly line: number;

	constructor(message: string, line: number) {
		super(`${message} (line ${line})`);
		this.line = line;
	}
}

/** Parses `text` into records of equal length; blank lines are skipped. */
export function parseCsvRecords(text: string): string[][] {
	const records: string[][] = [];
	let record: string[] = [];
	let line = 1;
	let recordLine = 1;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	const length = text.length;
	let width = -1;

	const endRecord = () => {
		if (record.length === 1 && record[0] === '') {
			record = [];
			return; // a blank line
		}
		if (width === -1) width = record.length;
		else if (record.length !== width) {
			throw new CsvSyntaxError(`expected ${width} fields, found ${record.length}`, recordLine);
		}
		records.push(record);
		record = [];
	};

	while (i <= length) {
		if (record.length === 0) recordLine = line;
		if (text.charCodeAt(i) === 34 /* " */) {
			// Quoted field: runs to the next lone quote.
			const openedOn = line;
			let value = '';
			let start = ++i;
			for (;;) {
				const quote = text.indexOf('"', i);
				if (quote === -1) throw new CsvSyntaxError('a quoted field is never closed', openedOn);
				const chunk = text.slice(start, quote);
				for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
				value += chunk;
				if (text.charCodeAt(quote + 1) === 34) {
					value += '"';
					start = i = quote + 2;
					continue;
				}
				i = quote + 1;
				break;
			}
			record.push(value);
			const next = text.charCodeAt(i);
			if (next === 44 /* , */) i++;
			else if (next === 13 && text.charCodeAt(i + 1) === 10) {
				i += 2;
				endRecord();
				line++;
			} else if (next === 10) {
				i++;
				endRecord();
				line++;
			} else if (i >= length) {
				endRecord();
				break;
			} else {
				throw new CsvSyntaxError('text after a closing quote', line);
			}
			continue;
		}
		// Unquoted field: runs to the next comma or line break.
		let end = i;
		while (end < length) {
			const c = text.charCodeAt(end);
			if (c === 44 || c === 10 || c === 13) break;
			if (c === 34) throw new CsvSyntaxError('a quote inside an unquoted field', line);
			end++;
		}
		record.push(text.slice(i, end));
		const c = text.charCodeAt(end);
		if (c === 44) {
			i = end + 1;
			if (i === length) {
				record.push('');
				endRecord();
				break;
			}
		} else if (end >= length) {
			endRecord();
			break;
		} else {
			i = end + (c === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
			endRecord();
			line++;
		}
	}
	return records;
}
