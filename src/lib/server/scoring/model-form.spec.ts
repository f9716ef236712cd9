import { describe, expect, it } from 'vitest';
import { defaultScoringModel } from '../../geo/scoring/default-model';
import { validateScoringModel } from '../../geo/scoring/scoring-model';
import { carriedWeights, readModelForm } from './model-form';

/** The form as the page renders it for the default model. */
function defaultForm(): FormData {
	const form = new FormData();
	const m = defaultScoringModel;
	form.set('name', m.name);
	form.set('name_en', m.name_en ?? '');
	form.set('rationale_th', m.rationale_th);
	form.set('rationale_en', m.rationale_en);
	m.criteria.forEach((c, i) => {
		form.set(`criterion.${i}.indicator`, c.indicator);
		form.set(`criterion.${i}.direction`, c.direction);
		form.set(`criterion.${i}.normalisation`, c.normalisation);
		form.set(`criterion.${i}.weight`, String(c.weight));
	});
	// An unused row, as the page shows to add a criterion.
	form.set(`criterion.${m.criteria.length}.indicator`, '');
	form.set(`criterion.${m.criteria.length}.weight`, '0');
	for (const type of m.eligibility.laoTypes) form.append('eligibility.laoTypes', type);
	form.set('eligibility.minAreaKm2', String(m.eligibility.minAreaKm2));
	form.set('eligibility.provinces', '');
	form.set('candidates.targetMinKm2', String(m.candidates.targetAreaKm2[0]));
	form.set('candidates.targetMaxKm2', String(m.candidates.targetAreaKm2[1]));
	form.set('candidates.minCompactness', String(m.candidates.minCompactness));
	form.set('candidates.maxMembers', String(m.candidates.maxMembers));
	return form;
}

describe('the scoring-model form', () => {
	it('reads back the document it was filled from, skipping unused rows', () => {
		const read = readModelForm(defaultForm());
		expect(read.ok).toBe(true);
		if (!read.ok) return;
		const checked = validateScoringModel(read.value);
		expect(checked.valid && checked.model).toEqual({
			...defaultScoringModel,
			eligibility: { ...defaultScoringModel.eligibility, excludeApproximateArea: false }
		});
	});

	it('names each field that is not a number', () => {
		const form = defaultForm();
		form.set('criterion.1.weight', 'หนัก');
		form.set('candidates.maxMembers', '');
		const read = readModelForm(form);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.problems.map((p) => [p.field, p.message])).toEqual([
			['criterion.1.weight', 'must be a number'],
			['candidates.maxMembers', 'required']
		]);
	});

	it('splits province codes and upper-cases them', () => {
		const form = defaultForm();
		form.set('eligibility.provinces', 'th30, TH40  th41');
		const read = readModelForm(form);
		expect(read.ok && (read.value.eligibility as { provinces: string[] }).provinces).toEqual([
			'TH30',
			'TH40',
			'TH41'
		]);
	});

	it('takes weights carried from the sliders and refuses anything else', () => {
		expect(carriedWeights.parse({ 'w.area_km2': '0.5', 'w.population': '0.25' })).toEqual({
			area_km2: 0.5,
			population: 0.25
		});
		expect(carriedWeights.safeParse({ 'w.area_km2': '-1' }).success).toBe(false);
		expect(carriedWeights.safeParse({ 'w.Area': '1' }).success).toBe(false);
	});

	it('reads constraint exclusions in per cent as shares, and names a bad percentage', () => {
		const form = defaultForm();
		form.set('constraint.0.indicator', 'constraint_parks_v2');
		form.set('constraint.0.maxSharePercent', '12,5');
		form.set('constraint.1.indicator', '');
		form.set('constraint.1.maxSharePercent', '0');
		const read = readModelForm(form);
		expect(read.ok && (read.value.eligibility as { constraints: unknown }).constraints).toEqual([
			{ indicator: 'constraint_parks_v2', maxShare: 0.125 }
		]);
		form.set('constraint.0.maxSharePercent', '120');
		form.set('constraint.1.indicator', 'constraint_flood_v1');
		form.set('constraint.1.maxSharePercent', 'ครึ่ง');
		const refused = readModelForm(form);
		expect(!refused.ok && refused.problems.map((p) => [p.field, p.message])).toEqual([
			['constraint.0.maxSharePercent', 'must be 100 % or less'],
			['constraint.1.maxSharePercent', 'must be a number']
		]);
	});
});
