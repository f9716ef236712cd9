import {
	fill,
	formatLongDate,
	formatNumber,
	translator,
	type Locale,
	type MessageKey
} from '$lib/i18n';

/**
 * A refusal's problem in the reader's words, by its rule (`comment.text`, `comment.outside_zone`,
 * …); never the rule itself. `retryAfterSeconds` fills the rate limit's wait.
 */
export function commentProblemText(
	locale: Locale,
	problem: { rule: string },
	retryAfterSeconds: number | null = null
): string {
	const t = translator(locale);
	const rule = problem.rule.replace(/^comment\./, '');
	if (rule === 'rate_limited')
		return fill(t('cmProblem_rate_limited'), {
			minutes: formatNumber(locale, Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60)))
		});
	if (rule.startsWith('already_')) return t('cmProblem_already');
	const key = `cmProblem_${rule}` as MessageKey;
	const known = (
		[
			'cmProblem_text',
			'cmProblem_category',
			'cmProblem_name',
			'cmProblem_contact',
			'cmProblem_honeypot',
			'cmProblem_geometry',
			'cmProblem_outside_zone',
			'cmProblem_area_too_large',
			'cmProblem_invalid_area',
			'cmProblem_reason'
		] as MessageKey[]
	).includes(key);
	return known ? t(key) : t('cmRefused');
}

/** A comment's day and time in Bangkok, Buddhist Era in Thai ("5 ธันวาคม 2569"). */
export function commentDate(locale: Locale, iso: string): string {
	return formatLongDate(locale, iso);
}
