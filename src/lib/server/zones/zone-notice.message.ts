import type { ZoneNoticeEvent } from '../db/schema';
import { fill, translator } from '../../i18n';
import {
	formatReportPeriod,
	formatThaiMonthYear,
	formatThaiOfficialDate
} from '../../thai-calendar';

/**
 * The email of a workflow notice: Thai first, then English, plain text. The zone, its province
 * and the event only: no person's name or address (PDPA), so forwarding it discloses no one.
 */
export interface ZoneNoticeContent {
	noticeId: number;
	event: ZoneNoticeEvent;
	zoneName: string;
	province: { th: string; en: string } | null;
	/** A `report_*` event's report: its month (`2026-11`) and due date (ISO). */
	report?: { period: string; dueDate: string } | null;
	/** `https://sedz.example.go.th`, no trailing slash. */
	baseUrl: string;
}

/** One line, no control characters (the name goes into the Subject header). */
function oneLine(text: string, max: number): string {
	const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function dateEn(iso: string): string {
	return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(`${iso}T00:00:00Z`)
	);
}

export function composeZoneNotice(content: ZoneNoticeContent): { subject: string; text: string } {
	const th = translator('th');
	const en = translator('en');
	const zone = oneLine(content.zoneName, 300);
	const report = content.report ?? null;
	// The month in Thai digits and the Buddhist Era in the Thai part ("พฤศจิกายน ๒๕๖๙").
	const month = (locale: 'th' | 'en') =>
		report
			? locale === 'th'
				? formatThaiMonthYear(report.period)
				: formatReportPeriod('en', report.period)
			: '';
	const reportLines = (t: typeof th, locale: 'th' | 'en') =>
		report
			? [
					fill(t('noticePeriodLine'), { period: month(locale) }),
					fill(t('noticeDueLine'), {
						date: locale === 'th' ? formatThaiOfficialDate(report.dueDate) : dateEn(report.dueDate)
					})
				]
			: [];
	// Opening the link marks the notice read and lands on the recipient's work page (after log-in).
	const link = `${content.baseUrl}/coordination/notices/${content.noticeId}`;
	const part = (t: typeof th, locale: 'th' | 'en') =>
		[
			t(report ? 'zoneNoticeReportMailIntro' : 'zoneNoticeMailIntro'),
			'',
			fill(t(`zoneNotice_${content.event}`), { zone, month: month(locale) }),
			...(content.province
				? [fill(t('zoneNoticeMailProvince'), { province: content.province[locale] })]
				: []),
			...reportLines(t, locale),
			fill(t('zoneNoticeMailOpen'), { link }),
			'',
			fill(t('noticeFooter'), { link: `${content.baseUrl}/account` })
		].join('\n');
	return {
		// The same prefix as the register's notices (noticeMailSubject), Thai first.
		subject: oneLine(
			`[SEDZ] ${fill(th(`zoneNotice_${content.event}`), { zone, month: month('th') })}`,
			200
		),
		text: `${part(th, 'th')}\n\n— English —\n\n${part(en, 'en')}\n`
	};
}
