import { describe, expect, it } from 'vitest';
import { allMessages } from '../../i18n';
import { auditActionLabel, auditActionLabelKey, auditActions } from './audit-actions';
import { parseAuditParams } from './audit.params';

const parse = (query: string) => parseAuditParams(new URLSearchParams(query));

describe('the audit filter parameters', () => {
	it('treat empty fields as no filter', () => {
		const parsed = parse('action=&actor=&entity=&entityId=&province=&from=&to=&before=');
		expect(parsed).toMatchObject({ ok: true });
		expect(parsed.ok && Object.values(parsed.filters).every((v) => v === undefined)).toBe(true);
	});

	it('read dates and times as Bangkok time, `to` inclusive', () => {
		const parsed = parse('from=2022-01-01&to=2022-01-31T23:59&actor=%20Planner.One%20');
		expect(parsed.ok && parsed.filters).toEqual({
			actionPrefix: undefined,
			actorUsername: 'planner.one',
			entityType: undefined,
			entityId: undefined,
			provinceCode: undefined,
			from: new Date('2021-12-31T17:00:00Z'),
			until: new Date('2022-01-31T17:00:00Z')
		});
		expect(parse('to=2022-01-01').ok && parse('to=2022-01-01')).toMatchObject({
			filters: { until: new Date('2022-01-01T17:00:00Z') }
		});
	});

	it('read days typed in the Buddhist Era, in Arabic or Thai digits, as the ISO days', () => {
		const typed = parse(
			`from=${encodeURIComponent('1/1/2565')}&to=${encodeURIComponent('๓๑/๑/๒๕๖๕')}`
		);
		const iso = parse('from=2022-01-01&to=2022-01-31');
		expect(typed.ok && typed.filters).toEqual(iso.ok && iso.filters);
		expect(parse(`from=${encodeURIComponent('31/2/2565')}`)).toMatchObject({
			ok: false,
			param: 'from'
		});
	});

	it('name the bad parameter', () => {
		expect(parse('province=40')).toEqual({
			ok: false,
			param: 'province',
			message: 'province must be a province code such as TH40'
		});
		expect(parse('from=2022-02-30')).toMatchObject({ ok: false, param: 'from' });
		expect(parse('to=2022-13-01')).toMatchObject({ ok: false, param: 'to' });
		expect(parse('from=1/1/22')).toMatchObject({ ok: false, param: 'from' });
		expect(parse('from=2022-01-02&to=2022-01-01')).toMatchObject({
			ok: false,
			param: 'to',
			message: 'to must not be before from'
		});
		expect(parse('action=Zone%20approved')).toMatchObject({ ok: false, param: 'action' });
		expect(parse('before=abc')).toMatchObject({ ok: false, param: 'before' });
		expect(parse('entityId=a%20b')).toMatchObject({ ok: false, param: 'entityId' });
	});

	it('accept the cursor of the next page', () => {
		expect(parse('before=120')).toMatchObject({ ok: true, params: { before: 120 } });
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
