import { formatLongDate, formatNumber, type Locale } from '$lib/i18n';
import { problemText } from '$lib/i18n/problem-text';
import type { Problem } from '$lib/problem';

/**
 * A refusal's problem in the reader's words, by its rule (`comment.text`, `comment.outside_zone`,
 * …); never the rule itself. `retryAfterSeconds` fills the rate limit's wait in minutes.
 */
export function commentProblemText(
	locale: Locale,
	problem: Pick<Problem, 'rule'> & Partial<Pick<Problem, 'message'>>,
	retryAfterSeconds: number | null = null
): string {
	// "Already published/hidden/…" are one message whatever the state.
	const rule = problem.rule.startsWith('comment.already_') ? 'comment.already' : problem.rule;
	const minutes = formatNumber(locale, Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)));
	return problemText(locale, { ...problem, rule, details: { minutes } }, { fallback: 'cmRefused' });
}

/** A comment's day and time in Bangkok, Buddhist Era in Thai ("5 ธันวาคม 2569"). */
export function commentDate(locale: Locale, iso: string): string {
	return formatLongDate(locale, iso);
}
