import { fill, formatNumber, translator, type Locale } from '$lib/i18n';
import { laoDisplayName } from '$lib/lao-types';
import { criterionLabel } from '$lib/scores/criterion-label';
import type { CandidateOptimisation, NamedCandidate } from './types';

/** The members as officials write them: `อบต.บ้านฝาง`, `Ban Fang SAO`. */
export function candidateMemberNames(locale: Locale, candidate: NamedCandidate): string[] {
	return candidate.members.map((member) => laoDisplayName(locale, member));
}

/** The districts: `อ.บ้านฝาง · อ.เมืองขอนแก่น`, `Ban Fang District · …`. */
export function candidateDistrictText(locale: Locale, candidate: NamedCandidate): string {
	const t = translator(locale);
	return candidate.districts
		.map((d) =>
			fill(t('candDistrict'), { name: locale === 'en' ? (d.nameEn ?? d.nameTh) : d.nameTh })
		)
		.join(' · ');
}

/** The "why" in words: the criteria that lift the zone most, by name. */
export function candidateWhyText(locale: Locale, candidate: NamedCandidate): string {
	const t = translator(locale);
	if (candidate.why.length === 0) return t('candWhyNone');
	const names = candidate.why.map((reason) => {
		const label = criterionLabel(locale, reason.indicator);
		return reason.direction === 'cost'
			? fill(t('candWhyLow'), { name: locale === 'en' ? label.toLowerCase() : label })
			: label;
	});
	const list = locale === 'en' ? names.join(' and ') : names.join(' และ');
	return fill(t('candWhy'), { list });
}

/** How the list was found, in a sentence (never a formula): optimal, pending, not optimised… */
export function optimisationText(locale: Locale, optimisation: CandidateOptimisation): string {
	const t = translator(locale);
	const percent = (share: number) => formatNumber(locale, share * 100, share < 0.001 ? 2 : 1);
	switch (optimisation.state) {
		case 'optimal':
			return fill(t('candOptimal'), { gap: percent(optimisation.gap ?? 0) });
		case 'time_limit':
			// A bound far above the answer means HiGHS had no time to bound it: say so, not "45,000 %".
			if (optimisation.gap === null || optimisation.gap > 0.5) return t('candTimeLimitNoBound');
			return fill(t('candTimeLimit'), { gap: percent(optimisation.gap) });
		case 'pending':
			return t('candPending');
		case 'not_optimised':
			return fill(t('candNotOptimised'), {
				reason: t(`candReason_${optimisation.reason ?? 'solver_failed'}`)
			});
	}
}

/** "Covers x % more high-scoring land than the quick answer", or null when it does not. */
export function optimisationGainText(locale: Locale, optimisation: CandidateOptimisation) {
	if (optimisation.state !== 'optimal' && optimisation.state !== 'time_limit') return null;
	if (!(optimisation.greedyObjective > 0)) return null;
	const gain = optimisation.objective / optimisation.greedyObjective - 1;
	if (gain < 0.0005) return null;
	return fill(translator(locale)('candGain'), { gain: formatNumber(locale, gain * 100, 1) });
}
