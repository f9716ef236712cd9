import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsvRecords } from './csv-records';

describe('parseCsvRecords', () => {
	it('reads plain records with LF or CRLF, skipping a byte-order mark and blank lines', () => {
		expect(parseCsvRecords('\uFEFFa,b\n1,2\r\n\n3,\n')).toEqual([
			['a', 'b'],
			['1', '2'],
			['3', '']
		]);
	});

	it('reads quoted fields with commas, doubled quotes and line breaks', () => {
		expect(parseCsvRecords('name,note\n"น้ำ, พอง","say ""hi""\nthere"\n')).toEqual([
			['name', 'note'],
			['น้ำ, พอง', 'say "hi"\nthere']
		]);
	});

	it('keeps empty fields and a last line without a line break', () => {
		expect(parseCsvRecords('a,,c\n,,')).toEqual([
			['a', '', 'c'],
			['', '', '']
		]);
	});

	it('names the line of an unclosed quote', () => {
		expect(() => parseCsvRecords('a,b\n1,2\n3,"open\n')).toThrow(
			new CsvSyntaxError('a quoted field is never closed', 3)
		);
	});

	it('names the line of a record with the wrong number of fields', () => {
		const error = (() => {
			try {
				parseCsvRecords('a,b\n1,2\n"x\ny",2,3\n');
			} catch (e) {
				return e as CsvSyntaxError;
			}
		})();
		expect(error).toBeInstanceOf(CsvSyntaxError);
		expect(error?.line).toBe(3);
		expect(error?.message).toBe('expected 2 fields, found 3 (line 3)');
	});

	it('refuses stray quotes', () => {
		expect(() => parseCsvRecords('a,b\n1"x,2\n')).toThrow(
			/quote inside an unquoted field \(line 2\)/
		);
		expect(() => parseCsvRecords('a,b\n"1"x,2\n')).toThrow(/text after a closing quote \(line 2\)/);
	});
});
