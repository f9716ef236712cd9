import { fill, formatNumber, translator, type Locale, type MessageKey } from '$lib/i18n';

/** Small texts the review workflow's pages share: waiting times and answer names. */

/**
 * How long a zone has waited, in days and hours (minutes under an hour): "3 วัน 4 ชั่วโมง",
 * "3 days 4 hours". The governor reads it at a glance, so no finer unit than needed.
 */
export function formatWaited(locale: Locale, seconds: number): string {
	const t = translator(locale);
	const n = (value: number) => formatNumber(locale, value);
	const days = Math.floor(seconds / 86_400);
	const hours = Math.floor((seconds % 86_400) / 3_600);
	const minutes = Math.floor((seconds % 3_600) / 60);
	const parts: string[] = [];
	if (days > 0) parts.push(fill(t(days === 1 ? 'rvWaitedDay' : 'rvWaitedDays'), { n: n(days) }));
	if (hours > 0)
		parts.push(fill(t(hours === 1 ? 'rvWaitedHour' : 'rvWaitedHours'), { n: n(hours) }));
	if (days === 0 && hours === 0) {
		parts.push(minutes > 0 ? fill(t('rvWaitedMinutes'), { n: n(minutes) }) : t('rvWaitedJustNow'));
	}
	return parts.join(' ');
}

export type AnswerKey = Extract<MessageKey, `rvAnswer_${string}`>;
