import type { LaoType } from '../../lao-types';
import type { LaoInput } from './score-laos';
import type { ScoringModel, ScoringCriterion } from './scoring-model';

/** Small hand-made models and LAOs for the scoring specs. */
export function testModel(
	criteria: ScoringCriterion[],
	eligibility: Partial<ScoringModel['eligibility']> = {}
): ScoringModel {
	return {
		name: 'test',
		rationale_th: 'ทดสอบ',
		rationale_en: 'test',
		criteria,
		eligibility: {
			laoTypes: ['subdistrict_admin_org'],
			minAreaKm2: 0,
			provinces: null,
			...eligibility
		},
		missingData: { policy: 'renormalise' },
		candidates: { targetAreaKm2: [100, 500], minCompactness: 0.2, maxMembers: 5 }
	};
}

export function testLao(
	dlaCode: string,
	values: Record<string, number | null | { value: number; approximate: boolean }>,
	options: { provinceCode?: string; laoType?: LaoType } = {}
): LaoInput {
	return {
		dlaCode,
		provinceCode: options.provinceCode ?? 'TH30',
		laoType: options.laoType ?? 'subdistrict_admin_org',
		values: Object.fromEntries(
			Object.entries(values).map(([key, v]) => [
				key,
				v === null ? null : typeof v === 'number' ? { value: v, approximate: false } : v
			])
		)
	};
}
