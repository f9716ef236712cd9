import { describe, expect, it } from 'vitest';
import { formatThaiNumber, fromThaiDigits, toThaiDigits } from './thai-numerals';

describe('toThaiDigits', () => {
	it('turns every ASCII digit into a Thai digit and keeps everything else', () => {
		expect(toThaiDigits('0123456789')).toBe('๐๑๒๓๔๕๖๗๘๙');
		expect(toThaiDigits('มท 0801.2/ว 52')).toBe('มท ๐๘๐๑.๒/ว ๕๒');
		expect(toThaiDigits('โทร. 0-2241-9014, 1264')).toBe('โทร. ๐-๒๒๔๑-๙๐๑๔, ๑๒๖๔');
		expect(toThaiDigits(2565)).toBe('๒๕๖๕');
		expect(toThaiDigits(-3.5)).toBe('-๓.๕');
		expect(toThaiDigits('Covid 2019 ๒๕๖๔')).toBe('Covid ๒๐๑๙ ๒๕๖๔');
		expect(toThaiDigits('')).toBe('');
	});

	it('reads back what it wrote', () => {
		expect(fromThaiDigits('มท ๐๘๐๑.๒/ว ๕๒')).toBe('มท 0801.2/ว 52');
		expect(fromThaiDigits(toThaiDigits('7,844 แห่ง'))).toBe('7,844 แห่ง');
	});
});

describe('formatThaiNumber', () => {
	it('groups thousands and rounds', () => {
		expect(formatThaiNumber(7844)).toBe('๗,๘๔๔');
		expect(formatThaiNumber(38000)).toBe('๓๘,๐๐๐');
		expect(formatThaiNumber(66_171_439)).toBe('๖๖,๑๗๑,๔๓๙');
		expect(formatThaiNumber(999)).toBe('๙๙๙');
		expect(formatThaiNumber(0)).toBe('๐');
		expect(formatThaiNumber(-1234.56)).toBe('-๑,๒๓๕');
		expect(formatThaiNumber(1234.56, { maximumFractionDigits: 1 })).toBe('๑,๒๓๔.๖');
		expect(formatThaiNumber(50, { maximumFractionDigits: 2, minimumFractionDigits: 2 })).toBe(
			'๕๐.๐๐'
		);
	});

	it('refuses what is not a number', () => {
		expect(() => formatThaiNumber(Number.NaN)).toThrow(RangeError);
		expect(() => formatThaiNumber(Infinity)).toThrow(RangeError);
	});
});
