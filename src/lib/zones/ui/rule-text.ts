import { allMessages, type Locale } from '$lib/i18n';

/**
 * The planner-facing text of a validation rule (`zoneRule_<rule with dots as _>`), or the
 * server's own message when the rule has none (a rule added on the server before its text).
 */
export function ruleText(locale: Locale, rule: string, fallback: string): string {
	const table: Readonly<Record<string, string>> = allMessages()[locale];
	return table[`zoneRule_${rule.replace(/\./g, '_')}`] ?? fallback;
}
