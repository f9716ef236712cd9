import { fill, translator, type Locale, type MessageKey } from '../i18n';
import { problemText } from '../i18n/problem-text';
import type { Problem } from '../problem';

/**
 * A refusal of the model editor in DLA staff's words: the field as the form labels it (a row of
 * criteria or exclusions by its number, counted from 1), then what is wrong; the field's code
 * and the validator's English stay in the page's technical details (issue 15, item 3). Fields
 * come as the form names them (`criterion.0.weight`) or as the model document does
 * (`criteria.0.weight`, `eligibility.constraints.0.indicator`).
 */
const fieldLabels: Readonly<Record<string, MessageKey>> = {
	name: 'modelsName',
	name_en: 'modelsNameEn',
	rationale_th: 'modelsRationaleTh',
	rationale_en: 'modelsRationaleEn',
	criteria: 'modelsCriteria',
	'eligibility.laoTypes': 'modelsLaoTypes',
	'eligibility.minAreaKm2': 'modelsMinArea',
	'eligibility.provinces': 'modelsProvinces',
	'candidates.targetMinKm2': 'modelsTargetMin',
	'candidates.targetMaxKm2': 'modelsTargetMax',
	'candidates.targetAreaKm2': 'modelsTargetMin',
	'candidates.minCompactness': 'modelsMinCompactness',
	'candidates.maxMembers': 'modelsMaxMembers'
};

const columnLabels: Readonly<Record<string, MessageKey>> = {
	indicator: 'modelsIndicator',
	direction: 'modelsDirection',
	normalisation: 'modelsNormalisation',
	weight: 'modelsWeight',
	maxShare: 'modelsConstraintMaxShare',
	maxSharePercent: 'modelsConstraintMaxShare'
};

const rowField = /^(criterion|criteria|constraint|eligibility\.constraints)\.(\d+)(?:\.(\w+))?/;

function fieldLabel(locale: Locale, field: string | undefined): string | undefined {
	if (!field) return undefined;
	const t = translator(locale);
	const row = rowField.exec(field);
	if (row) {
		const [, list, index, column] = row;
		const rowKey = list!.startsWith('criteri') ? 'modelsRowCriterion' : 'modelsRowConstraint';
		const rowText = fill(t(rowKey), { n: String(Number(index) + 1) });
		const columnKey = column ? columnLabels[column] : undefined;
		return columnKey ? `${rowText} · ${t(columnKey)}` : rowText;
	}
	const key = fieldLabels[field];
	return key ? t(key) : undefined;
}

export function modelProblemText(locale: Locale, problem: Problem): string {
	const words = problemText(locale, problem, { fallback: 'problem_scoring_model_invalid' });
	const label = fieldLabel(locale, problem.field);
	return label ? `${label}: ${words}` : words;
}
