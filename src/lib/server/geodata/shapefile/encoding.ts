/**
 * Which character encoding the .dbf text is in: the .cpg if there is one, else the dBase language
 * driver byte if it names Thai, else a look at the bytes themselves.
 */
import { fatal } from '../import-report';

export type TextEncoding = 'utf-8' | 'windows-874' | 'windows-1252';

/** .cpg contents (upper-cased, spaces and dashes kept) -> encoding. */
const CPG_ENCODINGS: Record<string, TextEncoding> = {
	'UTF-8': 'utf-8',
	UTF8: 'utf-8',
	'65001': 'utf-8',
	'874': 'windows-874',
	CP874: 'windows-874',
	'TIS-620': 'windows-874',
	TIS620: 'windows-874',
	'WINDOWS-874': 'windows-874',
	'ISO-8859-11': 'windows-874',
	'1252': 'windows-1252',
	'ANSI 1252': 'windows-1252'
};

/**
 * dBase language driver IDs (byte 29 of the .dbf header) that name the Thai code page 874:
 * 0x50 "Thai (ANSI/OEM)" in the Borland BDE table and 0x7C "Thai Windows/MS-DOS" in the
 * FoxPro/ESRI table (see e.g. tcldbf2 `generic/codepages.c`, FPC `dbf_lang.pas`). 0x57 is
 * "current ANSI code page", which tells nothing, so it falls through to detection.
 */
export const THAI_LANGUAGE_DRIVERS = new Set([0x50, 0x7c]);

/** The encoding a .cpg names, or a fatal `unknown-encoding`. Returns undefined for a blank .cpg. */
export function encodingFromCpg(file: string, cpg: string): TextEncoding | undefined {
	const key = cpg
		.replace(/^\uFEFF/, '')
		.trim()
		.toUpperCase();
	if (key === '') return undefined;
	const encoding = CPG_ENCODINGS[key];
	if (!encoding) {
		throw fatal({
			file,
			field: '.cpg',
			rule: 'unknown-encoding',
			detail: `code page "${cpg.trim()}" is not known; expected UTF-8, 874 / TIS-620 or 1252`
		});
	}
	return encoding;
}

/**
 * Length of the valid UTF-8 prefix of bytes[start, end), allowing the value to end inside a
 * multi-byte character (a writer that cut the text at the field width). Returns -1 if the bytes
 * are not UTF-8.
 */
export function utf8ValidLength(bytes: Uint8Array, start: number, end: number): number {
	let i = start;
	while (i < end) {
		const b = bytes[i]!;
		if (b < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let min: number;
		if (b >= 0xc2 && b <= 0xdf) {
			need = 1;
			min = 0x80;
		} else if (b >= 0xe0 && b <= 0xef) {
			need = 2;
			min = 0x800;
		} else if (b >= 0xf0 && b <= 0xf4) {
			need = 3;
			min = 0x10000;
		} else {
			return -1;
		}
		let cp = b & (0x3f >> need);
		let j = 1;
		for (; j <= need && i + j < end; j++) {
			const c = bytes[i + j]!;
			if ((c & 0xc0) !== 0x80) return -1;
			cp = (cp << 6) | (c & 0x3f);
		}
		if (j <= need) return i - start; // cut mid-character at the end of the value
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return -1;
		i += need + 1;
	}
	return end - start;
}

/**
 * Calls `visit` with the byte range [start, end) of each text value, already trimmed of padding,
 * until `visit` returns false.
 */
export type TextRanges = (visit: (start: number, end: number) => boolean) => void;

/**
 * Guess the encoding from the text bytes: valid UTF-8 (plain ASCII included) -> utf-8; else if the
 * high bytes look like Thai in TIS-620 / windows-874 -> windows-874; else windows-1252.
 *
 * "Look like Thai": every byte >= 0x80 is a TIS-620 letter/mark/digit (0xA1-0xDA, 0xDF-0xFB) or
 * one of windows-874's extra punctuation marks, and most of them sit next to another high byte.
 * The second test keeps Latin text out: é (0xE9) is in the Thai range too, but in French or
 * Spanish the accented letters stand alone between ASCII letters, while Thai words are runs.
 */
export function detectEncoding(bytes: Uint8Array, ranges: TextRanges): TextEncoding {
	const detector = new EncodingDetector();
	ranges((start, end) => detector.visit(bytes, start, end));
	return detector.result();
}

/**
 * `detectEncoding` fed value by value, for a .dbf read as a stream: `visit` returns false once
 * the answer cannot change (neither UTF-8 nor Thai: windows-1252).
 */
export class EncodingDetector {
	private utf8 = true;
	private high = 0;
	private highInRun = 0;
	private thaiRange = true;

	visit(bytes: Uint8Array, start: number, end: number): boolean {
		if (this.utf8 && utf8ValidLength(bytes, start, end) < 0) this.utf8 = false;
		for (let i = start; i < end; i++) {
			const b = bytes[i]!;
			if (b < 0x80) continue;
			this.high++;
			if ((i > start && bytes[i - 1]! >= 0x80) || (i + 1 < end && bytes[i + 1]! >= 0x80)) {
				this.highInRun++;
			}
			const tis620 = (b >= 0xa1 && b <= 0xda) || (b >= 0xdf && b <= 0xfb);
			const cp874Extra = b === 0x80 || b === 0x85 || (b >= 0x91 && b <= 0x97) || b === 0xa0;
			if (!tis620 && !cp874Extra) this.thaiRange = false;
		}
		// Once it is neither UTF-8 nor Thai the answer is windows-1252: no need to read on.
		return this.utf8 || this.thaiRange;
	}

	result(): TextEncoding {
		if (this.utf8) return 'utf-8';
		if (this.thaiRange && this.highInRun * 2 >= this.high) return 'windows-874';
		return 'windows-1252';
	}
}
