import { describe, expect, it } from 'vitest';
import { parseBuddhistDate } from '../thai-calendar';
import { bangkokPeriod, daysOverdue, isOverdue, monthlyDueDate } from './overdue';
import { bangkokDay } from '../thai-calendar';

describe('the Bangkok calendar day', () => {
	it('turns at 17:00 UTC, whatever the computer’s time zone', () => {
		expect(bangkokDay(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
		expect(bangkokDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
		// New Year in Bangkok while it is still 31 December in UTC and in New York.
		expect(bangkokDay(new Date('2021-12-31T19:00:00-05:00'))).toBe('2022-01-01');
		expect(bangkokPeriod(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01');
	});
});

describe('overdue', () => {
	const due = (dueDate: string | null, state: 'open' | 'acknowledged' | 'done' = 'open') => ({
		dueDate,
		state
	});

	it('is false through the whole due day in Bangkok and true from the next midnight there', () => {
		// Due on the 3rd: the last second of the 3rd in Bangkok is 16:59:59 UTC.
		expect(isOverdue(due('2026-12-03'), new Date('2026-12-03T16:59:59Z'))).toBe(false);
		expect(isOverdue(due('2026-12-03'), new Date('2026-12-03T17:00:00Z'))).toBe(true);
		// The same instant seen from a browser in another zone changes nothing.
		expect(isOverdue(due('2026-12-03'), new Date('2026-12-03T23:30:00+07:00'))).toBe(false);
		expect(isOverdue(due('2026-12-03'), new Date('2026-12-03T13:30:00-05:00'))).toBe(true);
	});

	it('crosses month and year ends, and counts whole Bangkok days', () => {
		expect(isOverdue(due('2026-11-30'), new Date('2026-11-30T17:00:00Z'))).toBe(true);
		expect(daysOverdue(due('2026-11-30'), new Date('2026-11-30T17:00:00Z'))).toBe(1);
		expect(daysOverdue(due('2026-12-31'), new Date('2027-01-02T18:00:00Z'))).toBe(3);
		// February of a leap year: due 29 Feb 2028, overdue on 1 March Bangkok.
		expect(isOverdue(due('2028-02-29'), new Date('2028-02-29T16:00:00Z'))).toBe(false);
		expect(daysOverdue(due('2028-02-29'), new Date('2028-02-29T17:00:00Z'))).toBe(1);
	});

	it('is never overdue when done or without a due date', () => {
		expect(isOverdue(due('2020-01-01', 'done'), new Date('2026-01-01T00:00:00Z'))).toBe(false);
		expect(isOverdue(due(null), new Date('2026-01-01T00:00:00Z'))).toBe(false);
		expect(isOverdue(due('2020-01-01', 'acknowledged'), new Date('2026-01-01T00:00:00Z'))).toBe(
			true
		);
	});

	it('takes due dates entered in the Buddhist Era', () => {
		const parsed = parseBuddhistDate('๓/๑/๒๕๖๕');
		expect(parsed).toEqual({ ok: true, isoDate: '2022-01-03' });
		const dueDate = parsed.ok ? parsed.isoDate : null;
		expect(isOverdue(due(dueDate), new Date('2022-01-03T16:59:00Z'))).toBe(false);
		expect(isOverdue(due(dueDate), new Date('2022-01-03T17:01:00Z'))).toBe(true);
	});
});

describe('monthly due dates', () => {
	it('fall on the day of the month after the period, across the year end', () => {
		expect(monthlyDueDate('2026-11', 3)).toBe('2026-12-03');
		expect(monthlyDueDate('2026-12', 3)).toBe('2027-01-03');
		expect(monthlyDueDate('2027-01', 28)).toBe('2027-02-28');
	});
});

describe('Buddhist Era dates typed by hand', () => {
	it('reads day/month/BE year in ASCII or Thai digits, Gregorian years and ISO dates', () => {
		expect(parseBuddhistDate('3/1/2565')).toEqual({ ok: true, isoDate: '2022-01-03' });
		expect(parseBuddhistDate(' 31.12.2564 ')).toEqual({ ok: true, isoDate: '2021-12-31' });
		expect(parseBuddhistDate('3/1/2022')).toEqual({ ok: true, isoDate: '2022-01-03' });
		expect(parseBuddhistDate('2022-01-03')).toEqual({ ok: true, isoDate: '2022-01-03' });
		// 29 February exists in BE 2567 (2024), not in BE 2566 (2023).
		expect(parseBuddhistDate('29/2/2567')).toEqual({ ok: true, isoDate: '2024-02-29' });
	});

	it('refuses what is not a day', () => {
		expect(parseBuddhistDate('29/2/2566')).toEqual({ ok: false, reason: 'no_such_day' });
		expect(parseBuddhistDate('3/13/2565')).toEqual({ ok: false, reason: 'no_such_day' });
		expect(parseBuddhistDate('3/1/65')).toEqual({ ok: false, reason: 'format' });
		expect(parseBuddhistDate('3/1/3000')).toEqual({ ok: false, reason: 'year' });
	});
});

describe('report periods', () => {
	it('read as a month in the Buddhist Era in Thai and Gregorian in English', async () => {
		const { formatReportPeriod } = await import('../thai-calendar');
		expect(formatReportPeriod('th', '2026-11')).toBe('พฤศจิกายน 2569');
		expect(formatReportPeriod('en', '2026-11')).toBe('November 2026');
	});
});
