import { auditActionLabel } from './audit-actions';
import type { AuditEntry } from './audit.repository';
import type { Locale } from '../../i18n';
import { csvDocument, type CsvCell } from '../csv';

/**
 * The audit export as CSV (RFC 4180: CRLF, fields quoted when needed), UTF-8 with a byte-order
 * mark so that Excel opens the Thai text as UTF-8. Times twice: UTC (ISO 8601) for machines, and
 * Bangkok local time for people. Cells that a spreadsheet would run as a formula (starting with
 * = + - @ or a tab) get a leading apostrophe (OWASP's advice on CSV injection).
 */

export const auditCsvColumns = [
	'id',
	'occurred_at_utc',
	'occurred_at_bangkok',
	'actor_username',
	'actor_user_id',
	'acting_for_username',
	'acting_for_user_id',
	'action',
	'action_label',
	'entity_type',
	'entity_id',
	'province_code',
	'before',
	'after',
	'ip_address'
] as const;

export function auditCsv(
	entries: readonly AuditEntry[],
	options: { locale: Locale; truncatedNote?: string }
): string {
	const rows: CsvCell[][] = entries.map((e) => [
		String(e.id),
		e.occurredAt.toISOString(),
		bangkokLocalTime(e.occurredAt),
		e.actorUsername,
		e.actorUserId === null ? null : String(e.actorUserId),
		e.actingForUsername,
		e.actingForUserId === null ? null : String(e.actingForUserId),
		e.action,
		auditActionLabel(options.locale, e.action),
		e.entityType,
		e.entityId,
		e.provinceCode,
		e.before === null ? null : JSON.stringify(e.before),
		e.after === null ? null : JSON.stringify(e.after),
		e.ipAddress
	]);
	if (options.truncatedNote) rows.push([options.truncatedNote]);
	return csvDocument(auditCsvColumns, rows, { locale: options.locale });
}

/** `2022-01-01 00:30:00` for 2021-12-31T17:30:00Z: Bangkok is UTC+7 all year. */
export function bangkokLocalTime(instant: Date): string {
	return new Date(instant.getTime() + 7 * 60 * 60 * 1000)
		.toISOString()
		.slice(0, 19)
		.replace('T', ' ');
}
