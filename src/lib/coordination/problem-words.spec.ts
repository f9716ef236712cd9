import { describe, expect, it } from 'vitest';
import {
	problemsOf,
	recordInput,
	scheduleInput
} from '../server/coordination/coordination.schemas';
import { coordinationProblemText } from './problem-words';

/** What the coordination forms show for a refused post: the field's label and Thai words. */
describe('coordination refusals in words', () => {
	const refused = (input: Record<string, unknown>, schema = recordInput) => {
		const parsed = schema.safeParse(input);
		if (parsed.success) throw new Error('expected a refusal');
		return problemsOf(parsed.error);
	};

	it('names the field by its label and says what is wrong, in Thai and in English', () => {
		const problems = refused({
			kind: 'letter',
			subject: ' ',
			dueDate: '31/2/2569',
			recipientLaos: '64009'
		});
		expect(problems.map((p) => coordinationProblemText('th', p))).toEqual([
			'เรื่อง: ต้องกรอก',
			'กำหนดส่ง/ดำเนินการภายใน: ไม่ใช่วันที่ กรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 3/1/2565',
			'อปท. ผู้รับ: รหัส อปท. ต้องเป็นตัวเลข 7 หลัก'
		]);
		expect(problems.map((p) => coordinationProblemText('en', p))).toEqual([
			'Subject: required',
			'Due by: not a date: type day/month/Buddhist Era year, e.g. 3/1/2565',
			'Recipient LAOs: an LAO code has 7 digits'
		]);
	});

	it('never shows the code’s field name or the server’s English in Thai', () => {
		const problems = [
			...refused({ kind: 'nonsense', subject: 'x'.repeat(600), linkZones: 'abc' }),
			...refused({ kind: 'meeting', subject: 'ประชุม' }),
			...refused(
				{ reportKind: 'x', subject: '', dayOfMonth: '40', recipientsRule: 'y' },
				scheduleInput as unknown as typeof recordInput
			),
			{
				rule: 'coordination.no_recipient',
				field: 'recipients',
				message: 'choose at least one recipient'
			},
			{
				rule: 'attachment.type_not_allowed',
				field: 'attachments',
				message: 'a.exe: type not allowed',
				details: { fileName: 'a.exe' }
			},
			{ rule: 'coordination.some_future_rule', field: 'subject', message: 'in English' }
		];
		for (const problem of problems) {
			const text = coordinationProblemText('th', problem);
			const what = JSON.stringify(problem);
			expect(text, what).not.toContain(problem.message);
			if (problem.field) expect(text, what).not.toMatch(new RegExp(`\\b${problem.field}\\b`));
			// English left only in names: the file's and the file kinds' (PDF, Office).
			expect(text.replace(/a\.exe|PDF|Office/g, ''), what).not.toMatch(/[A-Za-z]{3,}/u);
			expect(text, what).toMatch(/\p{Script=Thai}/u);
		}
	});
});
