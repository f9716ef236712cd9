import { allMessages, fill, type Locale, type MessageKey } from '$lib/i18n';
import type { Problem } from '$lib/problem';

/**
 * The problem in the reader's language: the message `problem_<rule with _ for .>` filled with
 * the problem's details, or the server's English text for a rule without a translation.
 */
export function problemText(locale: Locale, problem: Problem): string {
	const key = `problem_${problem.rule.replaceAll('.', '_')}`;
	const messages = allMessages()[locale];
	const text = key in messages ? messages[key as MessageKey] : problem.message;
	const values = Object.fromEntries(
		Object.entries(problem.details ?? {}).map(([name, value]) => [name, String(value)])
	);
	return fill(text, values);
}

/** The problems of one field, in the reader's language (for the message under the input). */
export function fieldProblems(
	locale: Locale,
	problems: readonly Problem[] | undefined,
	field: string
): string[] {
	return (problems ?? []).filter((p) => p.field === field).map((p) => problemText(locale, p));
}
