/**
 * Thai first, English second. Messages are plain records keyed by identifier so that a missing
 * translation is a type error, not a blank on screen.
 */
import { preloaded } from '#i18n-preloaded';
import { bundleImports, type MessageBundle } from './bundles';
import type { th as thFirstView } from './messages/th/first-view';
import type { th as thPages } from './messages/th/pages';
import { bangkokTimeZone, buddhistEraYear } from '../thai-calendar';

export const locales = ['th', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/*
 * One module per feature under messages/th and messages/en, so parallel work does not collide in
 * one file; a key defined twice is refused by the i18n test. Thai is the source of the keys: an
 * English message missing is a type error, not a blank on screen.
 */
export type MessageKey = keyof typeof thFirstView | keyof typeof thPages;
type Messages = Record<MessageKey, string>;

/**
 * The messages at hand: all of them on the server (and in the CLI and tests), in the browser the
 * bundles loaded so far (`loadMessages`).
 */
const messages: Record<Locale, Partial<Messages>> = preloaded ?? { th: {}, en: {} };
const loadedBundles = new Set<string>(
	preloaded ? locales.flatMap((l) => [`${l}:firstView`, `${l}:pages`]) : []
);

/**
 * Loads a language's bundles in the browser before a page that needs them is drawn (the root
 * layout's load does this for every route); at once when they are there already.
 */
export async function loadMessages(
	locale: Locale,
	bundles: readonly MessageBundle[]
): Promise<void> {
	const missing = bundles.filter((b) => !loadedBundles.has(`${locale}:${b}`));
	const loaded = await Promise.all(missing.map((b) => bundleImports[locale][b]()));
	for (const [i, bundle] of missing.entries()) {
		Object.assign(messages[locale], loaded[i]);
		loadedBundles.add(`${locale}:${bundle}`);
	}
}

/** A key whose bundle was not loaded: a bug (the bundles are wrong), shown and logged, not blank. */
function missingMessage(locale: Locale, key: string): string {
	console.error(`message "${key}" (${locale}) was used before its bundle was loaded`);
	return key;
}

/** Steps of start-up and of an import, shown on the progress page and printed by the CLI. */
export type Phase = { [K in MessageKey]: K extends `phase_${infer P}` ? P : never }[MessageKey];

export function phaseLabel(locale: Locale, phase: Phase): string {
	return translator(locale)(`phase_${phase}`);
}

export function translator(locale: Locale) {
	return (key: MessageKey): string => messages[locale][key] ?? missingMessage(locale, key);
}

/**
 * Both languages' messages, to look a computed key up (`messages[key] ?? fallback`) and for the
 * translation completeness test. In the browser: the bundles loaded so far.
 */
export function allMessages(): Readonly<Record<Locale, Readonly<Messages>>> {
	return messages as Record<Locale, Messages>;
}

/** Fills `{name}` placeholders: `fill('{count} results', { count: '3' })`. */
export function fill(text: string, values: Record<string, string>): string {
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

const numberLocale: Record<Locale, string> = { th: 'th-TH', en: 'en-GB' };

// Intl formatters are costly to build (a table row can ask for several): one per locale and
// options, kept for the life of the process.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function formatter<F extends Intl.NumberFormat | Intl.DateTimeFormat>(
	key: string,
	make: () => F
): F {
	let found = formatters.get(key) as F | undefined;
	if (!found) formatters.set(key, (found = make()));
	return found;
}

export function formatNumber(locale: Locale, value: number, maximumFractionDigits = 0): string {
	return formatter(
		`n:${locale}:${maximumFractionDigits}`,
		() => new Intl.NumberFormat(numberLocale[locale], { maximumFractionDigits })
	).format(value);
}

/** A year in the Buddhist Era for Thai (2021 → "พ.ศ. 2564"), Gregorian for English. */
export function formatYear(locale: Locale, year: number): string {
	return locale === 'th' ? `พ.ศ. ${buddhistEraYear(year)}` : String(year);
}

/** A calendar date (ISO `YYYY-MM-DD`), Buddhist Era in Thai: "31 ธ.ค. 2564" / "31 Dec 2021". */
export function formatDate(locale: Locale, isoDate: string): string {
	return formatter(
		`d:${locale}`,
		() =>
			new Intl.DateTimeFormat(numberLocale[locale], {
				dateStyle: 'medium',
				timeZone: bangkokTimeZone
			})
	).format(new Date(`${isoDate.slice(0, 10)}T12:00:00+07:00`));
}

/** The day of an instant in Bangkok, Buddhist Era in Thai: "5 ธันวาคม 2569" / "5 December 2026". */
export function formatLongDate(locale: Locale, value: Date | string): string {
	return formatter(
		`ld:${locale}`,
		() =>
			new Intl.DateTimeFormat(numberLocale[locale], {
				dateStyle: 'long',
				timeZone: bangkokTimeZone
			})
	).format(new Date(value));
}

/** Dates in the Buddhist Era for Thai (th-TH's default calendar), Gregorian for English. */
export function formatDateTime(locale: Locale, value: Date | string): string {
	return formatter(
		`dt:${locale}`,
		() =>
			new Intl.DateTimeFormat(numberLocale[locale], {
				dateStyle: 'long',
				timeStyle: 'short',
				timeZone: bangkokTimeZone
			})
	).format(new Date(value));
}
