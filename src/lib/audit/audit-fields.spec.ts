import { describe, expect, test } from 'vitest';
import { allMessages } from '../i18n';
import { auditChanges } from '../server/audit/audit-diff';
import { labelledAuditFields, presentAuditChanges } from './audit-fields';

describe("audit changes in officials' words", () => {
	test('every shown field has a label in Thai and in English', () => {
		const messages = allMessages();
		const missing = labelledAuditFields.filter(
			(key) => !(`auditField_${key}` in messages.th) || !(`auditField_${key}` in messages.en)
		);
		expect(missing).toEqual([]);
	});

	test('a saved revision: name and area (2 decimals) shown, the revision id technical', () => {
		const changes = auditChanges(
			{ revisionId: 11, revisionNumber: 1, name: 'เขตกระนวน', areaKm2: 250 },
			{ revisionId: 12, revisionNumber: 2, name: 'เขตกระนวน', areaKm2: 259.12203405404887 }
		);
		const thai = presentAuditChanges('th', changes);
		expect(thai.shown).toEqual([
			{ key: 'revisionNumber', label: 'ฉบับที่', before: '1', after: '2' },
			{ key: 'areaKm2', label: 'พื้นที่ (ตร.กม.)', before: '250', after: '259.12' }
		]);
		expect(thai.technical).toEqual([{ key: 'revisionId', before: '11', after: '12' }]);
		expect(presentAuditChanges('en', changes).shown[1]).toEqual({
			key: 'areaKm2',
			label: 'Area (km²)',
			before: '250',
			after: '259.12'
		});
	});

	test('states, reasons and events by name, not code; thousands separated', () => {
		const changes = auditChanges(
			{ status: 'submitted', currentRevisionId: 5 },
			{
				status: 'approved',
				currentRevisionId: 5,
				transitionId: 9,
				reasonCodes: ['boundary_unclear', 'other'],
				event: 'approve',
				byteSize: 1234567
			}
		);
		const thai = presentAuditChanges('th', changes);
		expect(thai.shown).toEqual([
			{ key: 'status', label: 'สถานะ', before: 'เสนอพิจารณา', after: 'อนุมัติ' },
			{
				key: 'reasonCodes',
				label: 'เหตุผล',
				before: null,
				after: `ขอบเขตไม่ชัดเจน, ${allMessages().th.workflowReason_other}`
			},
			{ key: 'event', label: 'การพิจารณา', before: null, after: 'อนุมัติ' },
			{ key: 'byteSize', label: 'ขนาดไฟล์ (ไบต์)', before: null, after: '1,234,567' }
		]);
		expect(thai.technical.map((c) => c.key)).toEqual(['transitionId']);
		const english = presentAuditChanges('en', changes);
		expect(english.shown[0]).toMatchObject({
			label: 'State',
			before: 'Submitted',
			after: 'Approved'
		});
		// No code, rule id or field name reaches the shown text.
		const shownText = [...thai.shown, ...english.shown]
			.flatMap((c) => [c.label, c.before ?? '', c.after ?? ''])
			.join(' | ');
		expect(shownText).not.toMatch(/submitted|boundary_unclear|reasonCodes|byteSize|null/);
	});

	test('dates in the Buddhist Era in Thai; yes and no; nothing shown is blank', () => {
		const changes = auditChanges(
			{ disabled: false, email: null },
			{ disabled: true, email: 'a***@example.org', startsOn: '2026-12-04' }
		);
		const thai = presentAuditChanges('th', changes);
		expect(thai.shown).toEqual([
			{ key: 'disabled', label: 'ระงับการใช้งาน', before: 'ไม่ใช่', after: 'ใช่' },
			{ key: 'email', label: 'อีเมล', before: '—', after: 'a***@example.org' },
			{ key: 'startsOn', label: 'ตั้งแต่วันที่', before: null, after: expect.stringContaining('2569') }
		]);
		expect(presentAuditChanges('en', changes).shown[2]!.after).toContain('2026');
	});

	test('an unknown field or an unknown code goes to the technical details, whole', () => {
		const changes = auditChanges(
			{ status: 'draft' },
			{ status: 'some_future_state', counts: { province: 77, lao: 7707 }, brandNewKey: 'x' }
		);
		const presented = presentAuditChanges('th', changes);
		expect(presented.shown).toEqual([]);
		expect(presented.technical).toEqual([
			{ key: 'status', before: '"draft"', after: '"some_future_state"' },
			{ key: 'counts', before: null, after: '{"lao":7707,"province":77}' },
			{ key: 'brandNewKey', before: null, after: '"x"' }
		]);
	});
});
