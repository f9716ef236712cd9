import type { Locale } from './index';

/**
 * Lists in the reader's alphabetical order. Thai sorted by code point puts every name that
 * starts with a leading vowel (เ แ โ ใ ไ, written before the consonant they follow in speech)
 * after all the others: เชียงราย, เชียงใหม่, แพร่ and แม่ฮ่องสอน came last in the province lists.
 * The Thai collation of ICU (`Intl.Collator('th')`) orders them by their consonant, as Thai
 * dictionaries and official lists do; English names use the English collation.
 */
const collators: Record<Locale, Intl.Collator> = {
	th: new Intl.Collator('th', { numeric: true }),
	en: new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
};

/** A comparator of texts in `locale`'s alphabetical order. */
export function compareText(locale: Locale): (a: string, b: string) => number {
	return collators[locale].compare;
}

/** A sorted copy of `items` by the text `key` gives, in `locale`'s alphabetical order. */
export function sortByText<T>(locale: Locale, items: readonly T[], key: (item: T) => string): T[] {
	const compare = compareText(locale);
	return [...items].sort((a, b) => compare(key(a), key(b)));
}

/**
 * A sorted copy of places (provinces, LAOs…) by the name shown in `locale`: the Thai name in
 * Thai, the English one in English (the Thai one where there is no English name).
 */
export function sortByName<T extends { nameTh: string; nameEn?: string | null }>(
	locale: Locale,
	items: readonly T[]
): T[] {
	return sortByText(locale, items, (item) =>
		locale === 'th' ? item.nameTh : (item.nameEn ?? item.nameTh)
	);
}
