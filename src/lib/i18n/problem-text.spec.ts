import { describe, expect, it } from 'vitest';
import { commentProblemText } from '../comments/ui/comment-text';
import { translator } from './index';
import { fieldProblems, problemText } from './problem-text';

/** One way from a service's problem to the reader's words, for every page (issue 14, item 1). */
describe('problemText', () => {
	const tooShort = {
		rule: 'password.too_short',
		field: 'password',
		message: 'The password needs at least 12 characters',
		details: { minimum: 12 }
	};

	it('reads the rule as problem_<rule> in either language, filled with its details', () => {
		expect(problemText('th', tooShort)).toBe('รหัสผ่านต้องมีอย่างน้อย 12 ตัวอักษร');
		expect(problemText('en', tooShort)).toBe('The password needs at least 12 characters');
	});

	it('puts the form label first when the caller names its fields, never the field code', () => {
		const text = problemText('th', tooShort, { fieldLabels: { password: 'coordSubject' } });
		expect(text).toBe('เรื่อง: รหัสผ่านต้องมีอย่างน้อย 12 ตัวอักษร');
		expect(text).not.toContain('password');
	});

	it('falls back to the caller’s words, then the service’s message, then “invalid input”', () => {
		const unknown = { rule: 'nothing.known', message: 'Something English' };
		expect(problemText('th', unknown, { fallback: 'problem_coordination_other' })).not.toContain(
			'English'
		);
		expect(problemText('th', unknown)).toBe('Something English');
		expect(problemText('th', { rule: 'nothing.known' })).toBe('ข้อมูลไม่ถูกต้อง');
	});

	it('says a readiness rule in the words DLA staff gave it', () => {
		const rule = {
			rule: 'readiness.all_laos_asked',
			message: 'All LAOs asked',
			details: {
				label: { th: 'ขอความเห็นจาก อปท. ทุกแห่ง', en: 'Every LAO asked' },
				missing: { th: 'ยังไม่ได้ขอ 2 แห่ง', en: '2 not asked' }
			}
		};
		expect(problemText('th', rule)).toBe('ขอความเห็นจาก อปท. ทุกแห่ง: ยังไม่ได้ขอ 2 แห่ง');
		expect(problemText('en', rule)).toBe('Every LAO asked: 2 not asked');
	});

	it('gives the problems of one field, rows and indexes included', () => {
		const problems = [
			tooShort,
			{ rule: 'invalid', field: 'reasonCodes[1]', message: 'x' },
			{ rule: 'invalid', field: 'reasonCodes.2', message: 'y' },
			{ rule: 'invalid', field: 'passwordAgain', message: 'z' }
		];
		expect(fieldProblems('en', problems, 'reasonCodes')).toHaveLength(2);
		expect(fieldProblems('en', problems, 'password')).toEqual([
			'The password needs at least 12 characters'
		]);
	});

	it('a comment refusal goes the same way, with the rate limit’s wait in minutes', () => {
		expect(commentProblemText('en', { rule: 'comment.rate_limited' }, 125)).toContain(
			'try again in 3 minutes'
		);
		expect(commentProblemText('th', { rule: 'comment.already_published' })).toBe(
			commentProblemText('th', { rule: 'comment.already_hidden' })
		);
		// An unknown rule: the comment form's own words, never the service's message.
		expect(commentProblemText('en', { rule: 'comment.unheard_of', message: 'x' })).toBe(
			translator('en')('cmRefused')
		);
	});
});
