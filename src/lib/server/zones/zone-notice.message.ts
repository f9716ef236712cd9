import type { ZoneNoticeEvent } from '../db/schema';
import { fill, translator } from '../../i18n';

/**
 * The email of a workflow notice: Thai first, then English, plain text. The zone, its province
 * and the event only: no person's name or address (PDPA), so forwarding it discloses no one.
 */
export interface ZoneNoticeContent {
	noticeId: number;
	event: ZoneNoticeEvent;
	zoneName: string;
	province: { th: string; en: string } | null;
	/** `https://sedz.example.go.th`, no trailing slash. */
	baseUrl: string;
}

/** One line, no control characters (the name goes into the Subject header). */
function oneLine(text: string, max: number): string {
	const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function composeZoneNotice(content: ZoneNoticeContent): { subject: string; text: string } {
	const th = translator('th');
	const en = translator('en');
	const zone = oneLine(content.zoneName, 300);
	// Opening the link marks the notice read and lands on the recipient's work page (after log-in).
	const link = `${content.baseUrl}/coordination/notices/${content.noticeId}`;
	const part = (t: typeof th, locale: 'th' | 'en') =>
		[
			t('zoneNoticeMailIntro'),
			'',
			fill(t(`zoneNotice_${content.event}`), { zone }),
			...(content.province
				? [fill(t('zoneNoticeMailProvince'), { province: content.province[locale] })]
				: []),
			fill(t('zoneNoticeMailOpen'), { link }),
			'',
			fill(t('noticeFooter'), { link: `${content.baseUrl}/account` })
		].join('\n');
	return {
		// The same prefix as the register's notices (noticeMailSubject), Thai first.
		subject: oneLine(`[SEDZ] ${fill(th(`zoneNotice_${content.event}`), { zone })}`, 200),
		text: `${part(th, 'th')}\n\n— English —\n\n${part(en, 'en')}\n`
	};
}
