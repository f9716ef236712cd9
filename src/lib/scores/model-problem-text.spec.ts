import { describe, expect, it } from 'vitest';
import { readModelForm } from '../server/scoring/model-form';
import { modelProblemText } from './model-problem-text';

/** The model editor's refusals as DLA staff read them: row, column, what is wrong. */
describe('modelProblemText', () => {
	it('names an exclusion row and its column, never the form field', () => {
		const form = new FormData();
		form.set('constraint.0.indicator', 'constraint_flood_test_v1');
		form.set('constraint.0.maxSharePercent', '150');
		const read = readModelForm(form);
		if (read.ok) throw new Error('expected a refusal');
		const percent = read.problems.find((p) => p.field === 'constraint.0.maxSharePercent')!;
		expect(modelProblemText('th', percent)).toBe(
			'ข้อจำกัดแถวที่ 1 · สัดส่วนพื้นที่ในชั้นข้อมูลไม่เกิน (ร้อยละ): ต้องเป็นร้อยละตั้งแต่ 0 ถึง 100'
		);
		expect(modelProblemText('en', percent)).toBe(
			'Exclusion row 1 · Largest share of area inside the layer (%): must be a percentage from 0 to 100'
		);
	});

	it('says a model-level refusal in words, the validator’s English left to the details', () => {
		const text = modelProblemText('th', {
			rule: 'scoring_model.invalid',
			field: 'criteria.1.indicator',
			message: 'indicator area_km2 is already a criterion'
		});
		expect(text).toBe('เกณฑ์แถวที่ 2 · ตัวชี้วัด: ค่านี้ใช้ไม่ได้ (ดูรายละเอียดทางเทคนิค)');
		expect(
			modelProblemText('th', { rule: 'form.number', field: 'candidates.maxMembers', message: 'x' })
		).toBe('จำนวน อปท. สูงสุดต่อเขต: ต้องเป็นตัวเลข');
	});
});
