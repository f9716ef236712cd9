import { formatDateTime, translator, type Locale, type MessageKey } from '../../i18n';
import { formatBuddhistInput, formatReportPeriod } from '../../thai-calendar';
import type { RecordSummary } from './coordination-views';
import { csvDocument } from '../csv';

/**
 * The register as CSV (RFC 4180: CRLF, fields quoted when needed), UTF-8 with a byte-order mark
 * so that Excel opens the Thai text as UTF-8. In the reader's language: Thai headers, kinds,
 * states and yes/no with Buddhist-Era dates (`26/11/2569`) in Thai; English words and ISO dates
 * in English. Document numbers as typed. Cells a spreadsheet would run as a formula get a leading
 * apostrophe (OWASP's advice on CSV injection). Organisations only: no person's name leaves in
 * the file.
 */

/** Each column: its header's message key. */
const columns = [
	'coordCsvId',
	'coordKind',
	'coordDocumentNumber',
	'coordDocumentDate',
	'coordSubject',
	'coordSender',
	'coordRecipients',
	'coordDueDate',
	'coordOverdue',
	'coordState_open',
	'coordState_acknowledged',
	'coordState_done',
	'coordReportPeriod',
	'coordPublic',
	'coordCsvRecordedAt'
] as const satisfies readonly MessageKey[];

export function registerCsv(
	records: readonly RecordSummary[],
	options: { locale: Locale }
): string {
	const { locale } = options;
	const t = translator(locale);
	const name = (n: { th: string; en: string }) => (locale === 'th' ? n.th : n.en);
	const day = (iso: string | null) =>
		iso === null ? '' : locale === 'th' ? formatBuddhistInput(iso) : iso.slice(0, 10);
	return csvDocument(
		columns.map((key) => t(key)),
		records.map((r) => [
			String(r.id),
			t(`coordKind_${r.kind}`),
			r.documentNumber,
			day(r.documentDate),
			r.subject,
			name(r.sender),
			r.recipients.map((x) => `${name(x.party)} (${t(`coordState_${x.state}`)})`).join('; '),
			day(r.dueDate),
			r.overdue,
			String(r.stateCounts.open),
			String(r.stateCounts.acknowledged),
			String(r.stateCounts.done),
			r.reportPeriod === null ? '' : formatReportPeriod(locale, r.reportPeriod),
			r.isPublic,
			// The moment of recording: Bangkok time in Thai words, ISO (UTC) in English.
			locale === 'th' ? formatDateTime(locale, r.createdAt) : r.createdAt
		]),
		{ locale }
	);
}
