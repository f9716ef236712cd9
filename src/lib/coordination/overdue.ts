import { bangkokDay } from '../thai-calendar';
import type { RecipientState } from './terms';

/**
 * Overdue, computed and never stored. A due date is a calendar day in Thailand and is
 * inclusive: a report due on the 3rd is on time until midnight at the end of the 3rd in
 * Bangkok, and overdue from 00:00 on the 4th Bangkok time (17:00 UTC on the 3rd), whatever the
 * time zone of the computer or browser. Browser-safe; `now` is always passed in.
 */

/** Whether a recipient who is in `state` has let the due date pass. */
export function isOverdue(
	item: { dueDate: string | null; state: RecipientState },
	now: Date
): boolean {
	if (item.dueDate === null || item.state === 'done') return false;
	return bangkokDay(now) > item.dueDate.slice(0, 10);
}

/** Whole days past the due date (0 when not overdue), for sorting and the dashboard. */
export function daysOverdue(item: { dueDate: string | null; state: RecipientState }, now: Date) {
	if (!isOverdue(item, now)) return 0;
	const today = Date.parse(`${bangkokDay(now)}T00:00:00Z`);
	const due = Date.parse(`${item.dueDate!.slice(0, 10)}T00:00:00Z`);
	return Math.round((today - due) / 86_400_000);
}

/** The month (`2026-11`) a Bangkok calendar day falls in: the period of a monthly report. */
export function bangkokPeriod(now: Date): string {
	return bangkokDay(now).slice(0, 7);
}

/** The due date of a period's monthly report: `dayOfMonth` of the month after the period. */
export function monthlyDueDate(period: string, dayOfMonth: number): string {
	const [year, month] = period.split('-').map(Number) as [number, number];
	const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
	return `${next.year}-${String(next.month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}
