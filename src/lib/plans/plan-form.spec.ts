import { describe, expect, it } from 'vitest';
import { problemsOfZod } from '../problem';
import { formFieldOf, readPlanForm, readReportForm } from './plan-form';
import { planProblemText } from './plan-problem-words';
import { planSaveSchema } from './plan-schemas';

function formOf(fields: [string, string][]): FormData {
	const form = new FormData();
	for (const [name, value] of fields) form.append(name, value);
	return form;
}

const target = (n: number, values: Record<string, string>): [string, string][] =>
	[
		'key',
		'indicator',
		'nameTh',
		'unit',
		'baselineValue',
		'baselineDate',
		'targetValue',
		'targetDate',
		'source'
	].map((field) => [`target.${n}.${field}`, values[field] ?? '']);

describe('the plan page form', () => {
	it('reads figures with separators and Thai digits, Buddhist Era dates, and skips the blank spare row', () => {
		const read = readPlanForm(
			formOf([
				['basedOnRevisionId', '7'],
				...target(0, {
					indicator: '__plan',
					nameTh: 'ครัวเรือน',
					unit: 'ครัวเรือน',
					baselineValue: '๑,๒๐๐',
					baselineDate: '1/10/2569',
					targetValue: '3,000.5',
					targetDate: '30/9/2570',
					source: 'สำรวจ'
				}),
				...target(1, {}),
				['activity.0.key', ''],
				['activity.0.name', 'ธนาคารน้ำ'],
				['activity.0.sectors', 'government'],
				['activity.0.sectors', 'people'],
				['activity.0.responsible', 'lao:6400906'],
				['activity.0.budget.lao', '1,250,000'],
				['activity.0.startDate', '1/11/2569'],
				['activity.0.endDate', '31/3/2570'],
				['activity.0.status', 'planned']
			])
		);
		expect(read.input).toEqual({
			basedOnRevisionId: 7,
			note: '',
			targets: [
				{
					indicator: { kind: 'plan', nameTh: 'ครัวเรือน', unit: 'ครัวเรือน' },
					baselineValue: 1200,
					baselineDate: '2026-10-01',
					targetValue: 3000.5,
					targetDate: '2027-09-30',
					source: 'สำรวจ'
				}
			],
			activities: [
				{
					name: 'ธนาคารน้ำ',
					sectors: ['government', 'people'],
					responsible: { kind: 'lao', dlaCode: '6400906' },
					budgetBaht: { lao: 1250000, province: 0, central: 0, partner: 0 },
					startDate: '2026-11-01',
					endDate: '2027-03-31',
					status: 'planned'
				}
			]
		});
		expect(planSaveSchema.safeParse(read.input).success).toBe(true);
	});

	it('a target without a baseline date is refused naming the form’s own row, in Thai words', () => {
		// Row 0 is left blank (skipped), so the service's `targets.0` is the form's row 1.
		const read = readPlanForm(
			formOf([
				...target(0, {}),
				...target(1, {
					indicator: '__plan',
					nameTh: 'รายได้',
					unit: 'บาท',
					baselineValue: '10',
					targetValue: '20',
					targetDate: '30/9/2570',
					source: 'สำรวจ'
				})
			])
		);
		const parsed = planSaveSchema.safeParse(read.input);
		expect(parsed.success).toBe(false);
		const problems = problemsOfZod(parsed.error!, {
			rule: 'input.invalid',
			message: (issue, field) => `${field}: ${issue.message}`
		});
		expect(problems.map((p) => p.field)).toEqual(['targets.0.baselineDate']);
		const field = formFieldOf(problems[0]!.field, read.formRowOf);
		expect(field).toBe('target.1.baselineDate');
		expect(planProblemText('th', { ...problems[0]!, field })).toBe(
			'เป้าหมายที่ 2 · วันที่ของค่าฐาน: ต้องระบุวันที่'
		);
		expect(planProblemText('en', { ...problems[0]!, field })).toBe(
			'Target 2 · Baseline date: a date is required'
		);
	});

	it('a date or figure that cannot be read goes on as typed, for the schema to name', () => {
		const read = readPlanForm(
			formOf(
				target(0, {
					indicator: '__plan',
					nameTh: 'x',
					unit: 'y',
					baselineValue: 'สิบ',
					baselineDate: '31/2/2569',
					targetValue: '1',
					targetDate: '1/1/2570',
					source: 's'
				})
			)
		);
		const [t0] = read.input.targets as Record<string, unknown>[];
		expect(t0).toMatchObject({ baselineValue: 'สิบ', baselineDate: '31/2/2569' });
	});
});

describe('the monthly report form', () => {
	it('"no new figure" is null, a blank target is not reported, activities keep their rows', () => {
		const read = readReportForm(
			formOf([
				['version', '3'],
				['target.0.key', 't1'],
				['target.0.value', ''],
				['target.0.none', 'on'],
				['target.1.key', 't2'],
				['target.1.value', ''],
				['target.2.key', 't3'],
				['target.2.value', '1,500'],
				['activity.0.key', 'a1'],
				['activity.0.status', 'in_progress'],
				['activity.0.disbursed', '20,000'],
				['activity.0.people', '35'],
				['activity.0.note', ''],
				['problems', 'ฝนตก']
			])
		);
		expect(read.input).toEqual({
			version: 3,
			targets: [
				{ targetKey: 't1', value: null },
				{ targetKey: 't3', value: 1500 }
			],
			activities: [
				{
					activityKey: 'a1',
					status: 'in_progress',
					disbursedBaht: 20000,
					peopleReached: 35,
					note: ''
				}
			],
			problems: 'ฝนตก'
		});
		expect(formFieldOf('targets.1.value', read.formRowOf)).toBe('target.2.value');
	});
});
