import { z } from 'zod';
import { fill, formatNumber, translator, type Locale } from '../i18n';
import { networkSectors, type LaoAnswer, type NetworkSector } from '$lib/geo/zones/zone-terms';

/**
 * Issue 17: the zone's SWOT and the readiness rules a zone must meet before it is submitted and
 * approved. Pure: the rule-set schema, the defaults, and `evaluateReadiness`, which the server
 * enforces (workflow service) and the pages show as a checklist — the same function, so what
 * the planner and the governor see is what the server checks.
 */

// ---------------------------------------------------------------------------------------------
// SWOT

export const swotParts = ['strengths', 'weaknesses', 'opportunities', 'threats'] as const;
export type SwotPart = (typeof swotParts)[number];

/** At most this many items per part, each at most `swotItemMaxLength` characters. */
export const swotMaxItems = 12;
export const swotItemMaxLength = 300;

const swotItems = z
	.array(z.string().trim().max(swotItemMaxLength, `at most ${swotItemMaxLength} characters`))
	// A bound on what is even read; the real limit is checked once blank lines are gone.
	.max(swotMaxItems * 10)
	// Blank lines of a textarea are not items.
	.transform((items) => items.filter((item) => item !== ''))
	.pipe(z.array(z.string()).max(swotMaxItems, `at most ${swotMaxItems} items`));

export const zoneSwotSchema = z
	.object({
		strengths: swotItems.default([]),
		weaknesses: swotItems.default([]),
		opportunities: swotItems.default([]),
		threats: swotItems.default([])
	})
	.strict();
export type ZoneSwot = z.infer<typeof zoneSwotSchema>;

export const emptySwot = (): ZoneSwot => ({
	strengths: [],
	weaknesses: [],
	opportunities: [],
	threats: []
});

// ---------------------------------------------------------------------------------------------
// The rule set

/**
 * A rule set as DLA staff write it. Numbers are parsed as numbers (not coerced) and a set that
 * contradicts itself is refused naming the field: a share above 100 %, a negative count, more
 * sectors than the seven there are.
 */
export const readinessRulesSchema = z
	.object({
		submit: z
			.object({
				allCoveredLaosAsked: z.boolean(),
				objectivesFilled: z.boolean(),
				/** Fewest distinct network sectors among the zone's partners; 0 turns the rule off. */
				minNetworkSectors: z
					.number()
					.int('a whole number of sectors')
					.min(0, 'cannot be negative')
					.max(networkSectors.length, `there are only ${networkSectors.length} network sectors`),
				swotFilled: z.boolean()
			})
			.strict(),
		approve: z
			.object({
				/** Fewest LAOs answered, in % of the LAOs asked; 0 turns the rule off. */
				minAnsweredPercent: z
					.number()
					.min(0, 'a percentage cannot be negative')
					.max(100, 'a percentage cannot exceed 100'),
				noObjection: z.boolean()
			})
			.strict()
	})
	.strict();
export type ReadinessRules = z.infer<typeof readinessRulesSchema>;

/** The application's judgement of good practice, until DLA staff set rules of their own. */
export const defaultReadinessRules: ReadinessRules = {
	submit: {
		allCoveredLaosAsked: true,
		objectivesFilled: true,
		minNetworkSectors: 2,
		swotFilled: true
	},
	approve: { minAnsweredPercent: 50, noObjection: true }
};

/** Which rule set applies, for the line under a checklist. */
export interface AppliedRuleSet {
	scope: 'defaults' | 'national' | 'province';
	provinceCode: string | null;
	version: number;
	rules: ReadinessRules;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type ReadinessStage = 'submit' | 'approve';

export type ReadinessRuleKey =
	'all_laos_asked' | 'objectives' | 'network_sectors' | 'swot' | 'answered_share' | 'no_objection';

/** What the evaluation needs to know of a zone: its working copy and its consultation. */
export interface ReadinessFacts {
	objectives: string;
	partnerSectors: readonly NetworkSector[];
	swot: ZoneSwot;
	coveredLaos: readonly { dlaCode: string; nameTh: string }[];
	/** The LAOs asked, with their latest answer (null: not answered). */
	consulted: readonly { dlaCode: string; nameTh: string; answer: LaoAnswer | null }[];
}

export interface ReadinessItem {
	/** For code and tests only; never shown. */
	rule: ReadinessRuleKey;
	met: boolean;
	/** The rule in words. */
	label: Record<Locale, string>;
	/** What is missing in words; null when met. */
	missing: Record<Locale, string> | null;
}

export interface ReadinessChecklist {
	stage: ReadinessStage;
	items: ReadinessItem[];
	ready: boolean;
}

function words(build: (t: ReturnType<typeof translator>, locale: Locale) => string) {
	return { th: build(translator('th'), 'th'), en: build(translator('en'), 'en') };
}

const listNames = (names: readonly string[], locale: Locale) =>
	names.join(locale === 'th' ? ' ' : ', ');

/**
 * The checklist of one stage: each rule the set turns on, met or not, with what is missing.
 * Rules turned off (false, or 0) are left out rather than shown as met.
 */
export function evaluateReadiness(
	stage: ReadinessStage,
	rules: ReadinessRules,
	facts: ReadinessFacts
): ReadinessChecklist {
	const items: ReadinessItem[] = [];
	const item = (
		rule: ReadinessRuleKey,
		met: boolean,
		label: Record<Locale, string>,
		missing: () => Record<Locale, string>
	) => items.push({ rule, met, label, missing: met ? null : missing() });

	if (stage === 'submit') {
		const r = rules.submit;
		if (r.allCoveredLaosAsked) {
			const asked = new Set(facts.consulted.map((c) => c.dlaCode));
			const notAsked = facts.coveredLaos.filter((c) => !asked.has(c.dlaCode));
			item(
				'all_laos_asked',
				notAsked.length === 0,
				words((t) => t('rdAllLaosAsked')),
				() =>
					words((t, l) =>
						fill(t('rdAllLaosAskedMissing'), {
							count: formatNumber(l, notAsked.length),
							names: listNames(
								notAsked.map((c) => c.nameTh),
								l
							)
						})
					)
			);
		}
		if (r.objectivesFilled)
			item(
				'objectives',
				facts.objectives.trim() !== '',
				words((t) => t('rdObjectives')),
				() => words((t) => t('rdObjectivesMissing'))
			);
		if (r.minNetworkSectors > 0) {
			const have = new Set(facts.partnerSectors).size;
			item(
				'network_sectors',
				have >= r.minNetworkSectors,
				words((t, l) => fill(t('rdSectors'), { n: formatNumber(l, r.minNetworkSectors) })),
				() =>
					words((t, l) =>
						fill(t('rdSectorsMissing'), {
							have: formatNumber(l, have),
							more: formatNumber(l, r.minNetworkSectors - have)
						})
					)
			);
		}
		if (r.swotFilled) {
			const empty = swotParts.filter((part) => facts.swot[part].length === 0);
			item(
				'swot',
				empty.length === 0,
				words((t) => t('rdSwot')),
				() =>
					words((t, l) =>
						fill(t('rdSwotMissing'), {
							parts: listNames(
								empty.map((part) => t(`swot_${part}`)),
								l
							)
						})
					)
			);
		}
	} else {
		const r = rules.approve;
		const asked = facts.consulted.length;
		if (r.minAnsweredPercent > 0) {
			const answered = facts.consulted.filter((c) => c.answer !== null).length;
			// The fewest whole answers that reach the share: 50 % of 3 asked is 2.
			const needed = Math.ceil((asked * r.minAnsweredPercent) / 100 - 1e-9);
			item(
				'answered_share',
				asked > 0 && answered >= needed,
				words((t, l) =>
					fill(t('rdAnswered'), { percent: formatNumber(l, r.minAnsweredPercent, 1) })
				),
				() =>
					asked === 0
						? words((t) => t('rdAnsweredNoneAsked'))
						: words((t, l) =>
								fill(t('rdAnsweredMissing'), {
									answered: formatNumber(l, answered),
									asked: formatNumber(l, asked),
									needed: formatNumber(l, needed)
								})
							)
			);
		}
		if (r.noObjection) {
			const objecting = facts.consulted.filter((c) => c.answer === 'object');
			item(
				'no_objection',
				objecting.length === 0,
				words((t) => t('rdNoObjection')),
				() =>
					words((t, l) =>
						fill(t('rdNoObjectionMissing'), {
							names: listNames(
								objecting.map((c) => c.nameTh),
								l
							)
						})
					)
			);
		}
	}
	return { stage, items, ready: items.every((i) => i.met) };
}

/** A zone's two checklists under the rule set that applies in its province. */
export interface ZoneReadiness {
	ruleSet: AppliedRuleSet;
	submit: ReadinessChecklist;
	approve: ReadinessChecklist;
}

/** The unmet items of a checklist, in words, joined for one message. */
export function unmetInWords(checklist: ReadinessChecklist, locale: Locale): string {
	return checklist.items
		.filter((i) => !i.met)
		.map((i) => `${i.label[locale]} (${i.missing![locale]})`)
		.join(locale === 'th' ? ' · ' : '; ');
}

// ---------------------------------------------------------------------------------------------
// The governor's override

/** The longest override reason, in characters. */
export const overrideReasonMaxLength = 4000;

/** What an approval despite unmet rules records (transition row, audit entry, memo). */
export interface ReadinessOverride {
	reason: string;
	/** The rule set that applied. */
	ruleSet: { scope: AppliedRuleSet['scope']; provinceCode: string | null; version: number };
	/** The unmet rules at that moment, in words. */
	unmet: {
		rule: ReadinessRuleKey;
		label: Record<Locale, string>;
		missing: Record<Locale, string>;
	}[];
}
