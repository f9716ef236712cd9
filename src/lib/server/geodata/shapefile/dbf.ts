/**
 * The .dbf attribute table (dBase III layout, as shapefiles use it): a 32-byte header, 32-byte
 * field descriptors ended by 0x0D, then fixed-width records each starting with a deletion flag.
 */
import { fatal, warning, type ImportMessage } from '../import-report';
import { utf8ValidLength, type TextEncoding, type TextRanges } from './encoding';
import type { ShapefileField, ShapefileValue } from './types';

export interface DbfHeader {
	fields: ShapefileField[];
	/** Byte offset of each field inside a record (after the 1-byte deletion flag). */
	fieldOffsets: number[];
	recordCount: number;
	/** Bytes before the first record. */
	headerLength: number;
	/** Bytes per record, deletion flag included. */
	recordLength: number;
	/** Language driver ID, header byte 29. */
	languageDriver: number;
}

const FIELD_TERMINATOR = 0x0d;
const DELETED = 0x2a; // '*'
const SPACE = 0x20;
const latin1 = new TextDecoder('latin1');

/**
 * Reads the header and field descriptors. `fileLength` is the whole file's length when `bytes`
 * holds only its start (a streamed .dbf: the entry's declared size, checked as it is inflated).
 */
export function readDbfHeader(
	file: string,
	bytes: Uint8Array,
	fileLength = bytes.length
): DbfHeader {
	const unreadable = (detail: string) =>
		fatal({ file, field: '.dbf', rule: 'unreadable-file', detail });
	if (bytes.length < 32) throw unreadable(`${bytes.length} bytes is too short for a .dbf header`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const recordCount = view.getUint32(4, true);
	const headerLength = view.getUint16(8, true);
	const recordLength = view.getUint16(10, true);
	const languageDriver = bytes[29]!;
	if (headerLength < 33 || recordLength < 1) {
		throw unreadable(
			`header length ${headerLength} / record length ${recordLength}: not a dBase file`
		);
	}
	if (headerLength > fileLength) {
		throw fatal({
			file,
			field: '.dbf',
			rule: 'truncated-file',
			detail: `the header declares ${headerLength} bytes but the file has ${fileLength}`
		});
	}

	const fields: ShapefileField[] = [];
	const fieldOffsets: number[] = [];
	let offset = 1;
	for (let at = 32; at + 32 <= headerLength && bytes[at] !== FIELD_TERMINATOR; at += 32) {
		// The name is 11 bytes, NUL-padded; ASCII by the format, read as latin1 so no byte is lost.
		let nameEnd = at;
		while (nameEnd < at + 11 && bytes[nameEnd] !== 0) nameEnd++;
		const name = latin1.decode(bytes.subarray(at, nameEnd)).trim();
		const type = String.fromCharCode(bytes[at + 11]!);
		const length = bytes[at + 16]!;
		const decimals = bytes[at + 17]!;
		fields.push({ name, type, length, decimals });
		fieldOffsets.push(offset);
		offset += length;
	}
	if (fields.length === 0) throw unreadable('the .dbf declares no fields');
	if (offset > recordLength) {
		throw unreadable(
			`the fields take ${offset} bytes per record but records are ${recordLength} bytes`
		);
	}

	const available = Math.floor((fileLength - headerLength) / recordLength);
	if (available < recordCount) {
		throw fatal({
			file,
			feature: available + 1,
			field: '.dbf',
			rule: 'truncated-file',
			detail: `the header declares ${recordCount} records but the file holds only ${available} complete records (${fileLength} bytes)`
		});
	}
	return { fields, fieldOffsets, recordCount, headerLength, recordLength, languageDriver };
}

function isPadding(byte: number): boolean {
	return byte === SPACE || byte === 0;
}

/** The trimmed byte ranges of every text (non-numeric) value, for encoding detection. */
export function dbfTextRanges(bytes: Uint8Array, header: DbfHeader): TextRanges {
	return (visit) => {
		for (let r = 0; r < header.recordCount; r++) {
			if (!visitRecordText(bytes, header.headerLength + r * header.recordLength, header, visit)) {
				return;
			}
		}
	};
}

/** The text values of the record at `base`, as `dbfTextRanges`; false once `visit` said stop. */
export function visitRecordText(
	bytes: Uint8Array,
	base: number,
	header: DbfHeader,
	visit: (start: number, end: number) => boolean
): boolean {
	for (let f = 0; f < header.fields.length; f++) {
		const field = header.fields[f]!;
		if (field.type !== 'C') continue;
		let start = base + header.fieldOffsets[f]!;
		let end = start + field.length;
		while (start < end && isPadding(bytes[start]!)) start++;
		while (end > start && isPadding(bytes[end - 1]!)) end--;
		if (start < end && !visit(start, end)) return false;
	}
	return true;
}

/** A dBase number: optional sign, digits with an optional decimal point, optional exponent. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads every record. Deleted records are kept (they still pair with a .shp record) with a
 * `deleted-record` warning; unreadable numbers become null with an `unparseable-number` warning.
 */
export function readDbfRecords(
	file: string,
	bytes: Uint8Array,
	header: DbfHeader,
	encoding: TextEncoding,
	messages: ImportMessage[]
): Record<string, ShapefileValue>[] {
	const read = dbfRecordReader(file, header, encoding, messages);
	const rows: Record<string, ShapefileValue>[] = new Array(header.recordCount);
	for (let r = 0; r < header.recordCount; r++) {
		rows[r] = read(bytes, header.headerLength + r * header.recordLength, r + 1);
	}
	return rows;
}

/**
 * Reads one record: the one at byte `base` of `bytes` (the whole file, or one record of a
 * streamed .dbf at base 0), numbered `feature` in messages.
 */
export function dbfRecordReader(
	file: string,
	header: DbfHeader,
	encoding: TextEncoding,
	messages: ImportMessage[]
): (bytes: Uint8Array, base: number, feature: number) => Record<string, ShapefileValue> {
	const decoder = new TextDecoder(encoding);
	const { fields, fieldOffsets } = header;
	return (bytes, base, feature) => {
		// Node's Buffer slices (no copy) decode latin1/UTF-8 natively, faster than TextDecoder calls
		// on the many short values of a .dbf; windows-874 still goes through TextDecoder.
		const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		if (bytes[base] === DELETED) {
			messages.push(
				warning({
					file,
					feature,
					field: '.dbf',
					rule: 'deleted-record',
					detail: 'the record is marked deleted in the .dbf; it is read like any other'
				})
			);
		}
		const row: Record<string, ShapefileValue> = {};
		for (let f = 0; f < fields.length; f++) {
			const field = fields[f]!;
			let start = base + fieldOffsets[f]!;
			let end = start + field.length;
			while (start < end && isPadding(bytes[start]!)) start++;
			while (end > start && isPadding(bytes[end - 1]!)) end--;
			if (start === end) {
				row[field.name] = null;
				continue;
			}
			if (field.type === 'N' || field.type === 'F') {
				// Numbers are ASCII by the format.
				const text = buffer.toString('latin1', start, end);
				if (NUMBER.test(text)) {
					row[field.name] = Number(text);
				} else {
					row[field.name] = null;
					messages.push(
						warning({
							file,
							feature,
							field: field.name,
							rule: 'unparseable-number',
							detail: `"${text}" in numeric field ${field.name} (${field.type} ${field.length}.${field.decimals}) is not a number; read as empty`
						})
					);
				}
				continue;
			}
			row[field.name] = decodeText(buffer, start, end, encoding, decoder, (rule, detail) =>
				messages.push(warning({ file, feature, field: field.name, rule, detail }))
			);
		}
		return row;
	};
}

function decodeText(
	bytes: Buffer,
	start: number,
	end: number,
	encoding: TextEncoding,
	decoder: TextDecoder,
	warn: (rule: string, detail: string) => void
): string | null {
	// Plain ASCII is the same in every supported encoding, and latin1 is the cheapest decoder.
	let ascii = true;
	for (let i = start; i < end; i++) {
		if (bytes[i]! >= 0x80) {
			ascii = false;
			break;
		}
	}
	if (ascii) return bytes.toString('latin1', start, end).trim() || null;
	if (encoding === 'utf-8') {
		const valid = utf8ValidLength(bytes, start, end);
		if (valid < 0) {
			warn('invalid-text', 'the value is not valid UTF-8; undecodable bytes became U+FFFD');
		} else if (valid < end - start) {
			// The writer cut the text at the field width in the middle of a character: drop the
			// partial character instead of showing a replacement mark.
			const text = bytes.toString('utf8', start, start + valid).trim();
			warn(
				'truncated-text',
				`the value ends in the middle of a UTF-8 character (cut at the field width); read as "${text}"`
			);
			return text || null;
		}
	}
	const text =
		encoding === 'utf-8'
			? bytes.toString('utf8', start, end)
			: decoder.decode(bytes.subarray(start, end));
	return text.trim() || null;
}
