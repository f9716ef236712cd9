import type { Problem } from '../problem';
import { allMessages, fill, translator, type Locale, type MessageKey } from './index';

/**
 * A service's problem in the reader's words, the one way every page shows a refusal (issue 14,
 * item 1): the message `problem_<rule with _ for .>` (`comment.text` → `problem_comment_text`)
 * filled with the problem's details; a readiness rule's own words (it carries both languages);
 * else `fallback`'s words, or the service's (English) message when the caller has none. With
 * `fieldLabels` the field's label on the form comes first ("เอกสารแนบ: …"); never the field's
 * name in the code or the rule id.
 */
export interface ProblemTextOptions {
	/** The form's label of each field (the part of `field` before the first dot or index). */
	fieldLabels?: Readonly<Record<string, MessageKey>>;
	/** What to say for a rule without words of its own. */
	fallback?: MessageKey;
}

/** A problem as pages hold it (a refusal read from JSON may lack the English message). */
type ProblemLike = Pick<Problem, 'rule'> & Partial<Pick<Problem, 'message' | 'field' | 'details'>>;

export function problemText(
	locale: Locale,
	problem: ProblemLike,
	options: ProblemTextOptions = {}
): string {
	const t = translator(locale);
	const label = options.fieldLabels?.[topField(problem.field)];
	const words =
		ruleWords(locale, problem) ??
		(options.fallback ? t(options.fallback) : (problem.message ?? t('problem_invalid')));
	return label ? `${t(label)}: ${words}` : words;
}

/** The problems of one field (`password`, `reasonCodes`, `targets.0.…`), in the reader's words. */
export function fieldProblems(
	locale: Locale,
	problems: readonly Problem[] | undefined,
	field: string,
	options: ProblemTextOptions = {}
): string[] {
	return (problems ?? [])
		.filter((p) => p.field !== undefined && topField(p.field) === field)
		.map((p) => problemText(locale, p, options));
}

function topField(field: string | undefined): string {
	return (field ?? '').split(/[.[]/)[0] ?? '';
}

function ruleWords(locale: Locale, problem: Pick<Problem, 'rule' | 'details'>): string | undefined {
	// A readiness rule (issue 17) is set by DLA staff and carries its own words in both languages.
	const own = problem.details as
		{ label?: Record<Locale, string>; missing?: Record<Locale, string> } | undefined;
	if (problem.rule.startsWith('readiness.') && own?.label?.[locale])
		return own.missing?.[locale]
			? `${own.label[locale]}: ${own.missing[locale]}`
			: own.label[locale];
	const messages = allMessages()[locale] as Readonly<Record<string, string>>;
	const text = messages[`problem_${problem.rule.replaceAll('.', '_')}`];
	if (text === undefined) return undefined;
	const values = Object.fromEntries(
		Object.entries(problem.details ?? {}).map(([name, value]) => [name, String(value)])
	);
	return fill(text, values);
}
