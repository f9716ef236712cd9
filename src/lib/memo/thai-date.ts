import { toThaiDigits } from './thai-numerals';

/**
 * Dates as official documents write them: the day, the month's full Thai name and the Buddhist
 * Era year (พ.ศ. = Gregorian + 543), in Thai digits: "๓ มกราคม ๒๕๖๕". The short form is the one
 * of registers and stamps: "๔ ม.ค. ๖๕". The day is the day in Thailand (Asia/Bangkok, UTC+7
 * all year), whatever the time zone of the computer. Browser-safe.
 */

export const thaiMonthNames = [
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
] as const;

export const thaiMonthAbbreviations = [
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
] as const;

const bangkokOffsetMs = 7 * 60 * 60 * 1000;

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
	let year: number, month: number, day: number;
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
		[year, month, day] = value.split('-').map(Number) as [number, number, number];
		const check = new Date(Date.UTC(year, month - 1, day));
		if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
			throw new RangeError(`Not a real date: ${value}`);
	} else {
		const instant = typeof value === 'string' ? new Date(value) : value;
		if (
			Number.isNaN(instant.getTime()) ||
			(typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value))
		)
			throw new RangeError(`Not an ISO date or time: ${String(value)}`);
		// Thailand has kept UTC+7 without daylight saving time since 1920.
		const shifted = new Date(instant.getTime() + bangkokOffsetMs);
		[year, month, day] = [
			shifted.getUTCFullYear(),
			shifted.getUTCMonth() + 1,
			shifted.getUTCDate()
		];
	}
	return { day, month, yearBe: year + 543 };
}

/** "๓ มกราคม ๒๕๖๕": the form of the วันที่ line of a memo. */
export function formatThaiOfficialDate(value: string | Date): string {
	const { day, month, yearBe } = bangkokCalendarDate(value);
	return toThaiDigits(`${day} ${thaiMonthNames[month - 1]} ${yearBe}`);
}

/** "๓ ม.ค. ๖๕": day, abbreviated month, the Buddhist Era year's last two digits. */
export function formatThaiShortDate(value: string | Date): string {
	const { day, month, yearBe } = bangkokCalendarDate(value);
	return toThaiDigits(
		`${day} ${thaiMonthAbbreviations[month - 1]} ${String(yearBe % 100).padStart(2, '0')}`
	);
}
