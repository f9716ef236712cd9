import type { Locale } from '../../i18n';
import type { RecordSummary } from './coordination.service';
import { csvField } from '../csv';

/**
 * The register as CSV (RFC 4180: CRLF, fields quoted when needed), UTF-8 with a byte-order mark
 * so that Excel opens the Thai text as UTF-8. Dates are ISO; document numbers as typed. Cells a
 * spreadsheet would run as a formula get a leading apostrophe (OWASP's advice on CSV injection).
 * Organisations only: no person's name leaves in the file.
 */

export const registerCsvColumns = [
	'id',
	'kind',
	'document_number',
	'document_date',
	'subject',
	'sender',
	'recipients',
	'due_date',
	'overdue',
	'open',
	'acknowledged',
	'done',
	'report_period',
	'is_public',
	'recorded_at_utc'
] as const;

export function registerCsv(
	records: readonly RecordSummary[],
	options: { locale: Locale }
): string {
	const name = (n: { th: string; en: string }) => (options.locale === 'th' ? n.th : n.en);
	const lines = [registerCsvColumns.join(',')];
	for (const r of records) {
		lines.push(
			[
				String(r.id),
				r.kind,
				r.documentNumber,
				r.documentDate,
				r.subject,
				name(r.sender),
				r.recipients.map((x) => `${name(x.party)} (${x.state})`).join('; '),
				r.dueDate,
				r.overdue ? 'yes' : 'no',
				String(r.stateCounts.open),
				String(r.stateCounts.acknowledged),
				String(r.stateCounts.done),
				r.reportPeriod,
				r.isPublic ? 'yes' : 'no',
				r.createdAt
			]
				.map(csvField)
				.join(',')
		);
	}
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}
