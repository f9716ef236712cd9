/**
 * The Thai calendar, in one place: the Buddhist Era (พ.ศ. = Gregorian + 543), Thai digits
 * (เลขไทย ๐–๙, which official documents use for numbers, dates and document numbers) and "the
 * Bangkok day" (the calendar day in Thailand, Asia/Bangkok, UTC+7 all year, whatever the time
 * zone of the computer or browser). Browser-safe, no dependencies.
 *
 * Formatting goes through `Intl` (`th-TH-u-ca-buddhist-nu-thai`: Buddhist calendar, Thai digits),
 * which gives exactly what the hand-written versions did (thai-calendar.spec.ts compares them
 * over many dates); typed dates are read by our own parser, since `Intl` formats but never parses.
 */

/** Thailand's one time zone. */
export const bangkokTimeZone = 'Asia/Bangkok';

/** Years between the Buddhist Era and the Gregorian calendar (2022 CE = 2565 BE). */
export const buddhistEraOffsetYears = 543;

/** 2021 → 2564. */
export function buddhistEraYear(gregorianYear: number): number {
	return gregorianYear + buddhistEraOffsetYears;
}

// ---------------------------------------------------------------------------------------------
// Thai digits

const thaiDigits = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'] as const;

/** Every ASCII digit in the text as a Thai digit; everything else as it is: "มท 0801.2/ว 52" → "มท ๐๘๐๑.๒/ว ๕๒". */
export function toThaiDigits(value: string | number): string {
	return String(value).replace(/[0-9]/g, (digit) => thaiDigits[Number(digit)]!);
}

/** Thai digits back to ASCII, for reading what a user typed in either script. */
export function fromThaiDigits(value: string): string {
	return value.replace(/[๐-๙]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50));
}

const thaiNumberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A number with thousands separators in Thai digits: 7844 → "๗,๘๔๔", 1234.5 with one fraction
 * digit → "๑,๒๓๔.๕". Rounded to `maximumFractionDigits` (default 0); `minimumFractionDigits`
 * pads (default 0).
 */
export function formatThaiNumber(
	value: number,
	options: { maximumFractionDigits?: number; minimumFractionDigits?: number } = {}
): string {
	if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	const maximumFractionDigits = options.maximumFractionDigits ?? 0;
	const minimumFractionDigits = Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits);
	const key = `${minimumFractionDigits}:${maximumFractionDigits}`;
	let format = thaiNumberFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat('th-TH-u-nu-thai', {
			maximumFractionDigits,
			minimumFractionDigits,
			useGrouping: true
		});
		thaiNumberFormats.set(key, format);
	}
	return format.format(value);
}

// ---------------------------------------------------------------------------------------------
// The Bangkok day

/** Thailand has kept UTC+7 without daylight saving time since 1920. */
const bangkokOffsetMs = 7 * 60 * 60 * 1000;

/** The calendar day in Bangkok of an instant, ISO `YYYY-MM-DD`: 2026-11-30T17:00Z → `2026-12-01`. */
export function bangkokDay(instant: Date): string {
	return new Date(instant.getTime() + bangkokOffsetMs).toISOString().slice(0, 10);
}

export interface ThaiCalendarDate {
	day: number;
	/** 1–12. */
	month: number;
	/** Buddhist Era. */
	yearBe: number;
}

/**
 * The calendar day in Bangkok of an ISO date (`2022-01-03`, taken as that day) or instant
 * (`2021-12-31T18:00:00Z`, `…+07:00`, or a Date). Throws on anything else.
 */
export function bangkokCalendarDate(value: string | Date): ThaiCalendarDate {
	const { year, month, day } = gregorianBangkokDate(value);
	return { day, month, yearBe: buddhistEraYear(year) };
}

function gregorianBangkokDate(value: string | Date): { year: number; month: number; day: number } {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
		const [year, month, day] = value.split('-').map(Number) as [number, number, number];
		const check = new Date(Date.UTC(year, month - 1, day));
		if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
			throw new RangeError(`Not a real date: ${value}`);
		return { year, month, day };
	}
	const instant = typeof value === 'string' ? new Date(value) : value;
	if (
		Number.isNaN(instant.getTime()) ||
		(typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value))
	)
		throw new RangeError(`Not an ISO date or time: ${String(value)}`);
	const [year, month, day] = bangkokDay(instant).split('-').map(Number) as [number, number, number];
	return { year, month, day };
}

/** Noon in Bangkok of the day `value` falls on: what `Intl` formats (with the Bangkok zone). */
function bangkokNoon(value: string | Date): Date {
	const { year, month, day } = gregorianBangkokDate(value);
	const noon = new Date(Date.UTC(2000, month - 1, day, 5));
	noon.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
	return noon;
}

// ---------------------------------------------------------------------------------------------
// Dates as official documents write them

const officialDate = new Intl.DateTimeFormat('th-TH-u-ca-buddhist-nu-thai', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: bangkokTimeZone
});
const shortDate = new Intl.DateTimeFormat('th-TH-u-ca-buddhist-nu-thai', {
	day: 'numeric',
	month: 'short',
	year: '2-digit',
	timeZone: bangkokTimeZone
});
const monthYearThaiDigits = new Intl.DateTimeFormat('th-TH-u-ca-buddhist-nu-thai', {
	month: 'long',
	year: 'numeric',
	timeZone: bangkokTimeZone
});

/** "๓ มกราคม ๒๕๖๕": the form of the วันที่ line of a memo. */
export function formatThaiOfficialDate(value: string | Date): string {
	return officialDate.format(bangkokNoon(value));
}

/** "๓ ม.ค. ๖๕": day, abbreviated month, the Buddhist Era year's last two digits (registers, stamps). */
export function formatThaiShortDate(value: string | Date): string {
	return shortDate.format(bangkokNoon(value));
}

/** A month (`2026-11`) in Thai digits: "พฤศจิกายน ๒๕๖๙" (notices by email). */
export function formatThaiMonthYear(period: string): string {
	return monthYearThaiDigits.format(bangkokNoon(`${period}-15`));
}

/** A report period (`2026-11`) as a month: "พฤศจิกายน 2569" in Thai (Buddhist Era), "November 2026". */
export function formatReportPeriod(locale: 'th' | 'en', period: string): string {
	return new Intl.DateTimeFormat(locale === 'th' ? 'th-TH-u-ca-buddhist' : 'en-GB', {
		month: 'long',
		year: 'numeric',
		timeZone: bangkokTimeZone
	}).format(bangkokNoon(`${period}-15`));
}

// ---------------------------------------------------------------------------------------------
// Dates as Thai officials type them

/**
 * Dates as Thai officials type them: day/month/year in the Buddhist Era (`3/1/2565`), in ASCII
 * or Thai digits (`๓/๑/๒๕๖๕`), with `/`, `-` or `.` between. A year from 2400 on is taken as
 * BE; 1900–2199 as Gregorian, so an English user's `3/1/2022` means the same day. An ISO date
 * (`2022-01-03`) passes through.
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
	if (year >= 2400 && year < 2800) year -= buddhistEraOffsetYears;
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
