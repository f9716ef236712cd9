import { describe, expect, it } from 'vitest';
import { bangkokCalendarDate, formatThaiOfficialDate, formatThaiShortDate } from './thai-date';

describe('official Thai dates', () => {
	it('write the reference memos’ dates', () => {
		expect(formatThaiOfficialDate('2022-01-03')).toBe('๓ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate('2021-12-30')).toBe('๓๐ ธันวาคม ๒๕๖๔');
		expect(formatThaiOfficialDate('2021-11-19')).toBe('๑๙ พฤศจิกายน ๒๕๖๔');
		expect(formatThaiShortDate('2022-01-04')).toBe('๔ ม.ค. ๖๕');
	});

	it('take the day in Bangkok, across New Year', () => {
		// 18:00 UTC on New Year's Eve is 01:00 on 1 January in Bangkok: a new Buddhist Era year.
		expect(formatThaiOfficialDate('2021-12-31T18:00:00Z')).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiShortDate('2021-12-31T18:00:00Z')).toBe('๑ ม.ค. ๖๕');
		expect(formatThaiOfficialDate('2021-12-31T16:59:59Z')).toBe('๓๑ ธันวาคม ๒๕๖๔');
		expect(formatThaiOfficialDate('2021-12-31T17:00:00Z')).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate(new Date('2021-12-31T17:00:00Z'))).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate('2022-01-01T00:30:00+07:00')).toBe('๑ มกราคม ๒๕๖๕');
		// A bare date is that day, not midnight UTC shifted.
		expect(bangkokCalendarDate('2021-12-31')).toEqual({ day: 31, month: 12, yearBe: 2564 });
	});

	it('write every month and a leap day', () => {
		const months = Array.from({ length: 12 }, (_, i) =>
			formatThaiShortDate(`2024-${String(i + 1).padStart(2, '0')}-15`)
		);
		expect(months.join(' | ')).toBe(
			'๑๕ ม.ค. ๖๗ | ๑๕ ก.พ. ๖๗ | ๑๕ มี.ค. ๖๗ | ๑๕ เม.ย. ๖๗ | ๑๕ พ.ค. ๖๗ | ๑๕ มิ.ย. ๖๗ | ๑๕ ก.ค. ๖๗ | ๑๕ ส.ค. ๖๗ | ๑๕ ก.ย. ๖๗ | ๑๕ ต.ค. ๖๗ | ๑๕ พ.ย. ๖๗ | ๑๕ ธ.ค. ๖๗'
		);
		expect(formatThaiOfficialDate('2024-02-29')).toBe('๒๙ กุมภาพันธ์ ๒๕๖๗');
		expect(formatThaiShortDate('2100-07-01')).toBe('๑ ก.ค. ๔๓');
		expect(formatThaiShortDate('2057-01-01')).toBe('๑ ม.ค. ๐๐');
	});

	it('refuse what is not an ISO date', () => {
		expect(() => formatThaiOfficialDate('2023-02-29')).toThrow(/Not a real date/);
		expect(() => formatThaiOfficialDate('3/1/2022')).toThrow(/Not an ISO/);
		expect(() => formatThaiOfficialDate('')).toThrow(RangeError);
	});
});
