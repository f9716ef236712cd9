/**
 * Thai first, English second. Messages are plain records keyed by identifier so that a missing
 * translation is a type error, not a blank on screen.
 */
import * as accounts from './messages/accounts';
import * as coordination from './messages/coordination';
import * as core from './messages/core';
import * as models from './messages/models';
import * as workflow from './messages/workflow';
import * as zones from './messages/zones';
import * as review from './messages/review';
import * as memo from './messages/memo';
import * as acting from './messages/acting';
import * as publicZones from './messages/publicZones';
import * as notices from './messages/notices';
import * as publicMap from './messages/publicMap';
import * as a11y from './messages/a11y';
import * as analysis from './messages/analysis';
import * as openData from './messages/openData';
import * as candidates from './messages/candidates';
import * as auditFields from './messages/auditFields';
import * as figureSources from './messages/figureSources';
import * as indicatorRules from './messages/indicatorRules';
import * as readiness from './messages/readiness';
import * as comments from './messages/comments';
import * as errorPages from './messages/errorPages';
import * as plans from './messages/plans';
import * as planPages from './messages/plan-pages';
import * as reportFiles from './messages/report-files';
import * as dashboards from './messages/dashboards';
import { bangkokTimeZone, buddhistEraYear } from '../thai-calendar';

export const locales = ['th', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

// One module per feature, so parallel work does not collide in one file; a key defined twice
// is refused by the i18n test.
const th = {
	...core.th,
	...accounts.th,
	...zones.th,
	...workflow.th,
	...models.th,
	...coordination.th,
	...review.th,
	...memo.th,
	...acting.th,
	...publicZones.th,
	...notices.th,
	...a11y.th,
	...publicMap.th,
	...analysis.th,
	...openData.th,
	...candidates.th,
	...auditFields.th,
	...figureSources.th,
	...indicatorRules.th,
	...readiness.th,
	...comments.th,
	...errorPages.th,
	...plans.th,
	...planPages.th,
	...reportFiles.th,
	...dashboards.th
};
const en: Record<keyof typeof th, string> = {
	...core.en,
	...accounts.en,
	...zones.en,
	...workflow.en,
	...models.en,
	...coordination.en,
	...review.en,
	...memo.en,
	...acting.en,
	...publicZones.en,
	...notices.en,
	...a11y.en,
	...publicMap.en,
	...analysis.en,
	...openData.en,
	...candidates.en,
	...auditFields.en,
	...figureSources.en,
	...indicatorRules.en,
	...readiness.en,
	...comments.en,
	...errorPages.en,
	...plans.en,
	...planPages.en,
	...reportFiles.en,
	...dashboards.en
};
const messageModules = {
	core,
	accounts,
	zones,
	workflow,
	models,
	coordination,
	review,
	memo,
	acting,
	publicZones,
	notices,
	a11y,
	publicMap,
	analysis,
	openData,
	candidates,
	auditFields,
	figureSources,
	indicatorRules,
	readiness,
	comments,
	plans,
	planPages,
	reportFiles,
	dashboards
};

/** Each feature module's keys, for the duplicate-key check in the i18n test. */
export function messageKeysByModule(): Record<string, string[]> {
	return Object.fromEntries(
		Object.entries(messageModules).map(([name, module]) => [name, Object.keys(module.th)])
	);
}

export type MessageKey = keyof typeof th;
/** Steps of start-up and of an import, shown on the progress page and printed by the CLI. */
export type Phase = { [K in MessageKey]: K extends `phase_${infer P}` ? P : never }[MessageKey];

export function phaseLabel(locale: Locale, phase: Phase): string {
	return messages[locale][`phase_${phase}`];
}
const messages: Record<Locale, Record<MessageKey, string>> = { th, en };

export function translator(locale: Locale) {
	return (key: MessageKey) => messages[locale][key];
}

/** Both languages' messages, for the translation completeness test. */
export function allMessages(): Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> {
	return messages;
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
