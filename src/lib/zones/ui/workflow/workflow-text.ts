import type { Problem } from '$lib/problem';
import {
	allMessages,
	fill,
	formatNumber,
	translator,
	type Locale,
	type MessageKey
} from '$lib/i18n';

/** Small texts the review workflow's pages share: waiting times and the services' problems. */

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

/**
 * A problem in the reader's language when this module has a text for its rule
 * (`rvProblem_<rule with _ for .>`), else the service's own (English) message.
 */
export function problemText(locale: Locale, problem: Problem): string {
	// A readiness rule (issue 17) carries its own words in both languages.
	const words = problem.details as
		{ label?: Record<Locale, string>; missing?: Record<Locale, string> } | undefined;
	if (problem.rule.startsWith('readiness.') && words?.label?.[locale])
		return words.missing?.[locale]
			? `${words.label[locale]}: ${words.missing[locale]}`
			: words.label[locale];
	const key = `rvProblem_${problem.rule.replace(/\./g, '_')}`;
	const table = allMessages()[locale] as Readonly<Record<string, string>>;
	return table[key] ?? problem.message;
}

/** The problems of one field (`reasonCodes`, `comment`, …), in the reader's language. */
export function problemsOf(
	locale: Locale,
	problems: readonly Problem[] | undefined,
	field: string
): string[] {
	return (problems ?? [])
		.filter((p) => p.field === field || p.field?.startsWith(`${field}[`))
		.map((p) => problemText(locale, p));
}

export type AnswerKey = Extract<MessageKey, `rvAnswer_${string}`>;
