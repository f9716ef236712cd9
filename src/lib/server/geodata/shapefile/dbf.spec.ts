import { describe, expect, it } from 'vitest';
import {
	buildShapefile,
	captureFatal,
	rectangle,
	WGS84_PRJ,
	type FixtureOptions
} from '../../../../../tests/fixtures/shapefile-writer';
import { detectEncoding, utf8ValidLength } from './encoding';
import { readShapefileParts } from './index';

const NAMES = ['น้ำพอง', 'Nam Phong', 'บ้านเหล่า'];
const fields: FixtureOptions['fields'] = [
	{ name: 'ADM3_TH', type: 'C', length: 50 },
	{ name: 'ADM3_PCODE', type: 'C', length: 10 },
	{ name: 'POP', type: 'N', length: 10, decimals: 0 },
	{ name: 'AREA', type: 'F', length: 19, decimals: 11 },
	{ name: 'DATE', type: 'D', length: 8 }
];
const rows: FixtureOptions['rows'] = [
	[NAMES[0]!, 'TH400101', 12345, 0.0123456789, '20190218'],
	[NAMES[1]!, 'TH400102', null, 1.5, null],
	[NAMES[2]!, '  TH400103  ', -7, null, '20220122']
];
const shapes = rows.map(() => [rectangle(102, 16, 103, 17)]);

function read(options: Partial<FixtureOptions> = {}) {
	return readShapefileParts(
		'tambon.shp',
		buildShapefile({ shapes, fields, rows, prj: WGS84_PRJ, ...options })
	);
}

describe('.dbf attributes', () => {
	it('reads field descriptors', () => {
		expect(read().fields).toEqual([
			{ name: 'ADM3_TH', type: 'C', length: 50, decimals: 0 },
			{ name: 'ADM3_PCODE', type: 'C', length: 10, decimals: 0 },
			{ name: 'POP', type: 'N', length: 10, decimals: 0 },
			{ name: 'AREA', type: 'F', length: 19, decimals: 11 },
			{ name: 'DATE', type: 'D', length: 8, decimals: 0 }
		]);
	});

	it('trims text, turns empty values into null and numbers into numbers', () => {
		const result = read();
		expect(result.features.map((f) => f.properties)).toEqual([
			{
				ADM3_TH: 'น้ำพอง',
				ADM3_PCODE: 'TH400101',
				POP: 12345,
				AREA: 0.0123456789,
				DATE: '20190218'
			},
			{ ADM3_TH: 'Nam Phong', ADM3_PCODE: 'TH400102', POP: null, AREA: 1.5, DATE: null },
			{ ADM3_TH: 'บ้านเหล่า', ADM3_PCODE: 'TH400103', POP: -7, AREA: null, DATE: '20220122' }
		]);
		expect(result.messages).toEqual([]);
	});

	it('keeps deleted records aligned, with a deleted-record warning', () => {
		const result = read({ deleted: [2] });
		expect(result.features).toHaveLength(3);
		expect(result.features[1]!.properties.ADM3_PCODE).toBe('TH400102');
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'tambon.dbf',
				feature: 2,
				field: '.dbf',
				rule: 'deleted-record',
				detail: expect.any(String)
			}
		]);
	});

	it('reads unparseable numbers as null with an unparseable-number warning', () => {
		const bad = rows.map((row) => [...row]);
		bad[2]![2] = '12,5';
		bad[0]![3] = '**********';
		const result = read({ rows: bad });
		expect(result.features[2]!.properties.POP).toBeNull();
		expect(result.features[0]!.properties.AREA).toBeNull();
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'tambon.dbf',
				feature: 1,
				field: 'AREA',
				rule: 'unparseable-number',
				detail: expect.stringContaining('**********')
			},
			{
				severity: 'warning',
				file: 'tambon.dbf',
				feature: 3,
				field: 'POP',
				rule: 'unparseable-number',
				detail: expect.stringContaining('12,5')
			}
		]);
	});

	it('rejects a .dbf with fewer records than its header declares as truncated-file', () => {
		const parts = buildShapefile({ shapes, fields, rows, prj: WGS84_PRJ });
		const recordLength = 1 + 50 + 10 + 10 + 19 + 8;
		parts.dbf = parts.dbf.subarray(0, 32 + 32 * fields.length + 1 + recordLength * 2 + 10);
		expect(captureFatal(() => readShapefileParts('tambon.shp', parts))).toEqual({
			severity: 'fatal',
			file: 'tambon.dbf',
			feature: 3,
			field: '.dbf',
			rule: 'truncated-file',
			detail: expect.stringContaining('3 records')
		});
	});

	it('rejects a file that is not a dBase table as unreadable-file', () => {
		const parts = buildShapefile({ shapes, fields, rows, prj: WGS84_PRJ });
		parts.dbf = new Uint8Array(20);
		expect(captureFatal(() => readShapefileParts('tambon.shp', parts))).toEqual({
			severity: 'fatal',
			file: 'tambon.dbf',
			field: '.dbf',
			rule: 'unreadable-file',
			detail: expect.any(String)
		});
	});

	it('drops a UTF-8 character cut at the field width, with a truncated-text warning', () => {
		// 'น้ำพอง' is 6 characters x 3 bytes; a 16-byte field cuts the 6th character after 1 byte.
		const narrow: FixtureOptions['fields'] = [{ name: 'NAME', type: 'C', length: 16 }];
		const result = read({ fields: narrow, rows: [['น้ำพอง'], ['a'], ['b']] });
		expect(result.features[0]!.properties.NAME).toBe('น้ำพอ');
		expect(result.encoding).toBe('utf-8');
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'tambon.dbf',
				feature: 1,
				field: 'NAME',
				rule: 'truncated-text',
				detail: expect.any(String)
			}
		]);
	});
});

describe('text encoding', () => {
	const thai = (result: ReturnType<typeof read>) =>
		result.features.map((f) => f.properties.ADM3_TH);

	it('decodes UTF-8 without a .cpg (detected)', () => {
		const result = read();
		expect(result.encoding).toBe('utf-8');
		expect(thai(result)).toEqual(NAMES);
	});

	it.each(['UTF-8', 'utf8', '65001', ' UTF-8\r\n'])('decodes UTF-8 with .cpg %j', (cpg) => {
		const result = read({ cpg });
		expect(result.encoding).toBe('utf-8');
		expect(thai(result)).toEqual(NAMES);
	});

	it.each(['874', 'CP874', 'TIS-620', 'TIS620', 'WINDOWS-874', 'ISO-8859-11', 'tis-620'])(
		'decodes TIS-620 bytes with .cpg %j',
		(cpg) => {
			const result = read({ encoding: 'windows-874', cpg });
			expect(result.encoding).toBe('windows-874');
			expect(thai(result)).toEqual(NAMES);
		}
	);

	it('decodes TIS-620 bytes without a .cpg (detected from the bytes)', () => {
		const result = read({ encoding: 'windows-874' });
		expect(result.encoding).toBe('windows-874');
		expect(thai(result)).toEqual(NAMES);
		expect(result.messages).toEqual([]);
	});

	it.each([0x50, 0x7c])('trusts the Thai language driver byte %i', (languageDriver) => {
		// ASCII-only text would be detected as UTF-8; the driver byte says Thai.
		const ascii = rows.map((row) => ['Nam Phong', ...row.slice(1)]);
		const result = read({ encoding: 'windows-874', languageDriver, rows: ascii });
		expect(result.encoding).toBe('windows-874');
	});

	it('detects TIS-620 when the language driver only says "ANSI" (0x57)', () => {
		const result = read({ encoding: 'windows-874', languageDriver: 0x57 });
		expect(result.encoding).toBe('windows-874');
		expect(thai(result)).toEqual(NAMES);
	});

	it('lets the .cpg win over the language driver byte', () => {
		const result = read({ cpg: 'UTF-8', languageDriver: 0x7c });
		expect(result.encoding).toBe('utf-8');
		expect(thai(result)).toEqual(NAMES);
	});

	it('detects windows-1252 for Latin text with accents', () => {
		const latin = rows.map((row) => ['Café Señor', ...row.slice(1)]);
		const result = read({ encoding: 'windows-1252', rows: latin });
		expect(result.encoding).toBe('windows-1252');
		expect(result.features[0]!.properties.ADM3_TH).toBe('Café Señor');
	});

	it('decodes windows-1252 with .cpg "ANSI 1252"', () => {
		const latin = rows.map((row) => ['Café', ...row.slice(1)]);
		const result = read({ encoding: 'windows-1252', rows: latin, cpg: 'ANSI 1252' });
		expect(result.encoding).toBe('windows-1252');
		expect(result.features[0]!.properties.ADM3_TH).toBe('Café');
	});

	it('rejects an unknown .cpg as unknown-encoding', () => {
		expect(captureFatal(() => read({ cpg: 'KOI8-R' }))).toEqual({
			severity: 'fatal',
			file: 'tambon.cpg',
			field: '.cpg',
			rule: 'unknown-encoding',
			detail: expect.stringContaining('KOI8-R')
		});
	});

	it('validates UTF-8 and allows a character cut at the end', () => {
		const bytes = new TextEncoder().encode('aน้ำ');
		expect(utf8ValidLength(bytes, 0, bytes.length)).toBe(bytes.length);
		expect(utf8ValidLength(bytes, 0, bytes.length - 1)).toBe(bytes.length - 3);
		expect(utf8ValidLength(Uint8Array.from([0x61, 0xb9, 0x61]), 0, 3)).toBe(-1);
		expect(utf8ValidLength(Uint8Array.from([0xc0, 0x80]), 0, 2)).toBe(-1); // overlong
		expect(utf8ValidLength(Uint8Array.from([0xed, 0xa0, 0x80]), 0, 3)).toBe(-1); // surrogate
	});

	it('detects ASCII-only text as UTF-8', () => {
		const bytes = new TextEncoder().encode('plain');
		expect(detectEncoding(bytes, (visit) => void visit(0, bytes.length))).toBe('utf-8');
	});
});
