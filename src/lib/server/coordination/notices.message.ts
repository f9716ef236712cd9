import type { RecordKind } from '../../coordination/terms';
import { fill, translator } from '../../i18n';
import { formatThaiMonthYear, formatThaiOfficialDate } from '../../thai-calendar';

/**
 * The email a recipient organisation's user receives for a new record: Thai first, then
 * English, plain text. Organisations and the record only: no person's name, address or
 * telephone (PDPA), so forwarding it discloses nothing about anyone.
 */

export interface NoticeContent {
	recordId: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	/** ISO date. */
	dueDate: string | null;
	/** `2026-11`. */
	reportPeriod: string | null;
	sender: { th: string; en: string };
	recipient: { th: string; en: string };
	/** `https://sedz.example.go.th`, no trailing slash. */
	baseUrl: string;
}

export interface NoticeMessage {
	subject: string;
	text: string;
}

/** Header-safe: one line, no control characters, not longer than a mail client shows. */
function oneLine(text: string, max: number): string {
	const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function periodEn(period: string): string {
	const [year, month] = period.split('-').map(Number) as [number, number];
	return new Intl.DateTimeFormat('en-GB', {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(Date.UTC(year, month - 1, 15)));
}

function dateEn(iso: string): string {
	return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
		new Date(`${iso}T00:00:00Z`)
	);
}

export function composeNotice(content: NoticeContent): NoticeMessage {
	const th = translator('th');
	const en = translator('en');
	const link = `${content.baseUrl}/coordination/records/${content.recordId}`;
	const accountLink = `${content.baseUrl}/account`;
	const subject = oneLine(content.subject, 400);

	const part = (t: typeof th, locale: 'th' | 'en') => {
		const lines = [
			fill(t('noticeGreeting'), { recipient: content.recipient[locale] }),
			'',
			t('noticeIntro'),
			'',
			fill(t('noticeKindLine'), { kind: t(`coordKind_${content.kind}`) }),
			fill(t('noticeSubjectLine'), { subject })
		];
		if (content.documentNumber)
			lines.push(fill(t('noticeDocumentLine'), { number: oneLine(content.documentNumber, 100) }));
		lines.push(fill(t('noticeFromLine'), { sender: content.sender[locale] }));
		if (content.reportPeriod)
			lines.push(
				fill(t('noticePeriodLine'), {
					period:
						locale === 'th'
							? formatThaiMonthYear(content.reportPeriod)
							: periodEn(content.reportPeriod)
				})
			);
		if (content.dueDate)
			lines.push(
				fill(t('noticeDueLine'), {
					date: locale === 'th' ? formatThaiOfficialDate(content.dueDate) : dateEn(content.dueDate)
				})
			);
		lines.push(
			fill(t('noticeOpenLine'), { link }),
			'',
			fill(t('noticeFooter'), { link: accountLink })
		);
		return lines.join('\n');
	};

	return {
		subject: oneLine(fill(th('noticeMailSubject'), { subject }), 200),
		text: `${part(th, 'th')}\n\n— English —\n\n${part(en, 'en')}\n`
	};
}
