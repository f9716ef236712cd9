import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	bangkokCalendarDate,
	bangkokDay,
	buddhistEraYear,
	dateFieldText,
	formatBuddhistInput,
	formatReportPeriod,
	formatThaiMonthYear,
	formatThaiNumber,
	formatThaiOfficialDate,
	formatThaiShortDate,
	fromThaiDigits,
	parseBuddhistDate,
	toThaiDigits
} from './thai-calendar';

/**
 * The hand-written versions this module replaced (issue 14, item 4: src/lib/memo/thai-date.ts,
 * thai-numerals.ts, coordination/overdue.ts's `bangkokToday`, public-zone.service's `bangkokDay`,
 * notices.message's `periodTh`, i18n's `formatYear`), kept verbatim as oracles: the `Intl`
 * formatting must give exactly what they gave, over many dates.
 */
const oracle = {
	monthNames: [
		'มกราคม',
		'กุมภาพันธ์',
		'มีนาคม',
		'เมษายน',
		'พฤษภาคม',
		'มิถุนายน',
		'กรกฎาคม',
		'สิงหาคม',
		'กันยายน',
		'ตุลาคม',
		'พฤศจิกายน',
		'ธันวาคม'
	],
	monthAbbreviations: [
		'ม.ค.',
		'ก.พ.',
		'มี.ค.',
		'เม.ย.',
		'พ.ค.',
		'มิ.ย.',
		'ก.ค.',
		'ส.ค.',
		'ก.ย.',
		'ต.ค.',
		'พ.ย.',
		'ธ.ค.'
	],
	digits(value: string | number) {
		const thai = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'];
		return String(value).replace(/[0-9]/g, (digit) => thai[Number(digit)]!);
	},
	calendarDate(value: string | Date) {
		let year: number, month: number, day: number;
		if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
			[year, month, day] = value.split('-').map(Number) as [number, number, number];
		} else {
			const instant = typeof value === 'string' ? new Date(value) : value;
			const shifted = new Date(instant.getTime() + 7 * 60 * 60 * 1000);
			[year, month, day] = [
				shifted.getUTCFullYear(),
				shifted.getUTCMonth() + 1,
				shifted.getUTCDate()
			];
		}
		return { day, month, yearBe: year + 543 };
	},
	officialDate(value: string | Date) {
		const { day, month, yearBe } = oracle.calendarDate(value);
		return oracle.digits(`${day} ${oracle.monthNames[month - 1]} ${yearBe}`);
	},
	shortDate(value: string | Date) {
		const { day, month, yearBe } = oracle.calendarDate(value);
		return oracle.digits(
			`${day} ${oracle.monthAbbreviations[month - 1]} ${String(yearBe % 100).padStart(2, '0')}`
		);
	},
	number(value: number, maximumFractionDigits: number, minimumFractionDigits: number) {
		return oracle.digits(
			value.toLocaleString('en-US', {
				maximumFractionDigits,
				minimumFractionDigits: Math.min(minimumFractionDigits, maximumFractionDigits),
				useGrouping: true
			})
		);
	},
	/** coordination/overdue.ts's `bangkokToday`. */
	bangkokToday(now: Date) {
		const parts = Object.fromEntries(
			new Intl.DateTimeFormat('en-CA', {
				timeZone: 'Asia/Bangkok',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit'
			})
				.formatToParts(now)
				.map((p) => [p.type, p.value])
		);
		return `${parts.year}-${parts.month}-${parts.day}`;
	},
	periodTh(period: string) {
		const [year, month] = period.split('-').map(Number) as [number, number];
		return oracle.digits(`${oracle.monthNames[month - 1]} ${year + 543}`);
	},
	reportPeriod(locale: 'th' | 'en', period: string) {
		return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH' : 'en-GB', {
			month: 'long',
			year: 'numeric',
			timeZone: 'Asia/Bangkok'
		}).format(new Date(`${period}-15T12:00:00+07:00`));
	}
};

/** Instants from 1920 (Thailand has kept UTC+7 since) to 2200, to the millisecond. */
const instants = fc.date({
	min: new Date('1920-04-01T00:00:00Z'),
	max: new Date('2199-12-31T00:00:00Z'),
	noInvalidDate: true
});
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const runs = { numRuns: 3000 };

describe('the Thai calendar gives what the hand-written versions gave', () => {
	it('official and short dates of ISO days, instants and Dates', () => {
		fc.assert(
			fc.property(instants, (instant) => {
				const day = isoDay(instant);
				expect(formatThaiOfficialDate(day)).toBe(oracle.officialDate(day));
				expect(formatThaiShortDate(day)).toBe(oracle.shortDate(day));
				expect(formatThaiOfficialDate(instant)).toBe(oracle.officialDate(instant));
				expect(formatThaiShortDate(instant.toISOString())).toBe(oracle.shortDate(instant));
				expect(bangkokCalendarDate(instant)).toEqual(oracle.calendarDate(instant));
			}),
			runs
		);
	});

	it('the Bangkok day of an instant, as Intl and as arithmetic', () => {
		fc.assert(
			fc.property(instants, (instant) => {
				expect(bangkokDay(instant)).toBe(oracle.bangkokToday(instant));
			}),
			runs
		);
	});

	it('months of reports and notices', () => {
		fc.assert(
			fc.property(instants, (instant) => {
				const period = isoDay(instant).slice(0, 7);
				expect(formatThaiMonthYear(period)).toBe(oracle.periodTh(period));
				expect(formatReportPeriod('th', period)).toBe(oracle.reportPeriod('th', period));
				expect(formatReportPeriod('en', period)).toBe(oracle.reportPeriod('en', period));
			}),
			{ numRuns: 500 }
		);
	});

	it('numbers in Thai digits', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.integer({ min: -1e12, max: 1e12 }),
					fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true })
				),
				fc.integer({ min: 0, max: 4 }),
				fc.integer({ min: 0, max: 4 }),
				(value, maximumFractionDigits, minimumFractionDigits) => {
					expect(formatThaiNumber(value, { maximumFractionDigits, minimumFractionDigits })).toBe(
						oracle.number(value, maximumFractionDigits, minimumFractionDigits)
					);
				}
			),
			runs
		);
	});

	it('typed Buddhist-Era dates read back as the day they show', () => {
		fc.assert(
			fc.property(instants, fc.boolean(), (instant, thaiScript) => {
				const day = isoDay(instant);
				const shown = formatBuddhistInput(day);
				const parsed = parseBuddhistDate(thaiScript ? toThaiDigits(shown) : shown);
				expect(parsed).toEqual({ ok: true, isoDate: day });
			}),
			runs
		);
	});
});

describe('official Thai dates', () => {
	it('write the reference memos’ dates', () => {
		expect(formatThaiOfficialDate('2022-01-03')).toBe('๓ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate('2021-12-30')).toBe('๓๐ ธันวาคม ๒๕๖๔');
		expect(formatThaiOfficialDate('2021-11-19')).toBe('๑๙ พฤศจิกายน ๒๕๖๔');
		expect(formatThaiShortDate('2022-01-04')).toBe('๔ ม.ค. ๖๕');
		expect(formatThaiMonthYear('2026-11')).toBe('พฤศจิกายน ๒๕๖๙');
		expect(buddhistEraYear(2021)).toBe(2564);
	});

	it('take the day in Bangkok, across New Year', () => {
		// 18:00 UTC on New Year's Eve is 01:00 on 1 January in Bangkok: a new Buddhist Era year.
		expect(formatThaiOfficialDate('2021-12-31T18:00:00Z')).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiShortDate('2021-12-31T18:00:00Z')).toBe('๑ ม.ค. ๖๕');
		expect(formatThaiOfficialDate('2021-12-31T16:59:59Z')).toBe('๓๑ ธันวาคม ๒๕๖๔');
		expect(formatThaiOfficialDate('2021-12-31T17:00:00Z')).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate(new Date('2021-12-31T17:00:00Z'))).toBe('๑ มกราคม ๒๕๖๕');
		expect(formatThaiOfficialDate('2022-01-01T00:30:00+07:00')).toBe('๑ มกราคม ๒๕๖๕');
		expect(bangkokDay(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
		expect(bangkokDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
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

	it('show a stored day as typed, other text as it came', () => {
		expect(dateFieldText('2026-11-26')).toBe('26/11/2569');
		expect(dateFieldText('26/11/2569')).toBe('26/11/2569');
		expect(dateFieldText(null)).toBe('');
		expect(parseBuddhistDate('๓/๑/๒๕๖๕')).toEqual({ ok: true, isoDate: '2022-01-03' });
		expect(parseBuddhistDate('31/2/2565')).toEqual({ ok: false, reason: 'no_such_day' });
		expect(parseBuddhistDate('3/1/1800')).toEqual({ ok: false, reason: 'year' });
	});
});

describe('Thai digits', () => {
	it('turn every ASCII digit into a Thai digit and keep everything else', () => {
		expect(toThaiDigits('0123456789')).toBe('๐๑๒๓๔๕๖๗๘๙');
		expect(toThaiDigits('มท 0801.2/ว 52')).toBe('มท ๐๘๐๑.๒/ว ๕๒');
		expect(toThaiDigits('โทร. 0-2241-9014, 1264')).toBe('โทร. ๐-๒๒๔๑-๙๐๑๔, ๑๒๖๔');
		expect(toThaiDigits(2565)).toBe('๒๕๖๕');
		expect(toThaiDigits(-3.5)).toBe('-๓.๕');
		expect(toThaiDigits('Covid 2019 ๒๕๖๔')).toBe('Covid ๒๐๑๙ ๒๕๖๔');
		expect(toThaiDigits('')).toBe('');
	});

	it('read back what they wrote', () => {
		expect(fromThaiDigits('มท ๐๘๐๑.๒/ว ๕๒')).toBe('มท 0801.2/ว 52');
		expect(fromThaiDigits(toThaiDigits('7,844 แห่ง'))).toBe('7,844 แห่ง');
	});

	it('group thousands and round', () => {
		expect(formatThaiNumber(7844)).toBe('๗,๘๔๔');
		expect(formatThaiNumber(66_171_439)).toBe('๖๖,๑๗๑,๔๓๙');
		expect(formatThaiNumber(0)).toBe('๐');
		expect(formatThaiNumber(-1234.56)).toBe('-๑,๒๓๕');
		expect(formatThaiNumber(1234.56, { maximumFractionDigits: 1 })).toBe('๑,๒๓๔.๖');
		expect(formatThaiNumber(50, { maximumFractionDigits: 2, minimumFractionDigits: 2 })).toBe(
			'๕๐.๐๐'
		);
		expect(() => formatThaiNumber(Number.NaN)).toThrow(RangeError);
		expect(() => formatThaiNumber(Infinity)).toThrow(RangeError);
	});
});
