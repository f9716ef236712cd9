import { describe, expect, it } from 'vitest';
import { allMessages } from '../../i18n';
import { auditActionLabel, auditActionLabelKey, auditActions } from './audit-actions';
import { parseAuditParams } from './audit.params';

const parse = (query: string) => parseAuditParams(new URLSearchParams(query));
/** The parameter a refused parse names first. */
const firstBad = (parsed: ReturnType<typeof parse>) =>
	parsed.ok ? undefined : parsed.problems[0]?.field;

describe('the audit filter parameters', () => {
	it('treat empty fields as no filter', () => {
		const parsed = parse('action=&actor=&entity=&entityId=&province=&from=&to=&before=');
		expect(parsed).toMatchObject({ ok: true });
		expect(parsed.ok && Object.values(parsed.value.filters).every((v) => v === undefined)).toBe(
			true
		);
	});

	it('read dates and times as Bangkok time, `to` inclusive', () => {
		const parsed = parse('from=2022-01-01&to=2022-01-31T23:59&actor=%20Planner.One%20');
		expect(parsed.ok && parsed.value.filters).toEqual({
			actionPrefix: undefined,
			actorUsername: 'planner.one',
			entityType: undefined,
			entityId: undefined,
			provinceCode: undefined,
			from: new Date('2021-12-31T17:00:00Z'),
			until: new Date('2022-01-31T17:00:00Z')
		});
		expect(parse('to=2022-01-01')).toMatchObject({
			value: { filters: { until: new Date('2022-01-01T17:00:00Z') } }
		});
	});

	it('read days typed in the Buddhist Era, in Arabic or Thai digits, as the ISO days', () => {
		const typed = parse(
			`from=${encodeURIComponent('1/1/2565')}&to=${encodeURIComponent('๓๑/๑/๒๕๖๕')}`
		);
		const iso = parse('from=2022-01-01&to=2022-01-31');
		expect(typed.ok && typed.value.filters).toEqual(iso.ok && iso.value.filters);
		expect(firstBad(parse(`from=${encodeURIComponent('31/2/2565')}`))).toBe('from');
	});

	it('name the bad parameter', () => {
		expect(parse('province=40')).toEqual({
			ok: false,
			problems: [
				{
					rule: 'input.invalid',
					field: 'province',
					message: 'province must be a province code such as TH40'
				}
			]
		});
		expect(firstBad(parse('from=2022-02-30'))).toBe('from');
		expect(firstBad(parse('to=2022-13-01'))).toBe('to');
		expect(firstBad(parse('from=1/1/22'))).toBe('from');
		expect(parse('from=2022-01-02&to=2022-01-01')).toMatchObject({
			ok: false,
			problems: [expect.objectContaining({ field: 'to', message: 'to must not be before from' })]
		});
		expect(firstBad(parse('action=Zone%20approved'))).toBe('action');
		expect(firstBad(parse('before=abc'))).toBe('before');
		expect(firstBad(parse('entityId=a%20b'))).toBe('entityId');
	});

	it('accept the cursor of the next page', () => {
		expect(parse('before=120')).toMatchObject({ ok: true, value: { params: { before: 120 } } });
	});
});

describe('the audit verbs', () => {
	it('each have a label in Thai and English', () => {
		const messages = allMessages();
		for (const action of auditActions) {
			const key = auditActionLabelKey(action);
			expect(messages.th, action).toHaveProperty(key);
			expect(messages.en, action).toHaveProperty(key);
		}
		expect(auditActionLabel('th', 'zone.approved')).toBe('อนุมัติเขต');
		expect(auditActionLabel('en', 'zone.approved')).toBe('Zone approved');
		expect(auditActionLabel('en', 'zone.unknown_old_verb')).toBe('zone.unknown_old_verb');
	});
});
