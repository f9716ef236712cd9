import { bangkokCalendarDate } from '../memo/thai-date';
import { fromThaiDigits } from '../memo/thai-numerals';

/**
 * Dates as Thai officials type them: day/month/year in the Buddhist Era (`3/1/2565`), in ASCII
 * or Thai digits (`๓/๑/๒๕๖๕`), with `/`, `-` or `.` between. A year from 2400 on is taken as
 * BE (Gregorian + 543); 1900–2199 as Gregorian, so an English user's `3/1/2022` means the same
 * day. An ISO date (`2022-01-03`) passes through. Browser-safe.
 */

export type ParsedDate = { ok: true; isoDate: string } | { ok: false; reason: string };

export function parseBuddhistDate(text: string): ParsedDate {
	const value = fromThaiDigits(text.trim());
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
	let year: number, month: number, day: number;
	if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
	else if (dmy) [day, month, year] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
	else return { ok: false, reason: 'format' };
	if (year >= 2400 && year < 2800) year -= 543;
	else if (year < 1900 || year >= 2200) return { ok: false, reason: 'year' };
	const check = new Date(Date.UTC(year, month - 1, day));
	if (
		check.getUTCFullYear() !== year ||
		check.getUTCMonth() !== month - 1 ||
		check.getUTCDate() !== day
	)
		return { ok: false, reason: 'no_such_day' };
	return {
		ok: true,
		isoDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
	};
}

/** `2022-01-03` → `3/1/2565`: how the date inputs show a stored date. */
export function formatBuddhistInput(isoDate: string): string {
	const { day, month, yearBe } = bangkokCalendarDate(isoDate.slice(0, 10));
	return `${day}/${month}/${yearBe}`;
}

/**
 * A form's date field read at the boundary (before zod): the ISO day of a date typed as above,
 * anything else unchanged for the schema to judge (an ISO date-time, a wrong date).
 */
export function isoDayOrAsTyped(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const parsed = parseBuddhistDate(value);
	return parsed.ok ? parsed.isoDate : value;
}

/** What a date field shows: a stored ISO day as typed (`26/11/2569`), other text as it came. */
export function dateFieldText(value: string | null | undefined): string {
	return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatBuddhistInput(value) : (value ?? '');
}

/** A report period (`2026-11`) as a month: "พฤศจิกายน 2569" in Thai (Buddhist Era), "November 2026". */
export function formatReportPeriod(locale: 'th' | 'en', period: string): string {
	return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH' : 'en-GB', {
		month: 'long',
		year: 'numeric',
		timeZone: 'Asia/Bangkok'
	}).format(new Date(`${period}-15T12:00:00+07:00`));
}
