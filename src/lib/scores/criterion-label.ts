import { allMessages, type Locale, type MessageKey } from '$lib/i18n';

/** The criterion's name in the interface language; an imported indicator shows its key. */
export function criterionLabel(locale: Locale, indicator: string): string {
	const messages = allMessages()[locale];
	const key = `criterion_${indicator}`;
	return key in messages ? messages[key as MessageKey] : indicator;
}
