import { describe, expect, it } from 'vitest';
import { auditCsv, bangkokLocalTime } from './audit-csv';
import { auditChanges, canonicalJson } from './audit-diff';
import type { AuditEntry } from './audit.repository';

describe('auditChanges', () => {
	it('lists only the keys whose values changed', () => {
		expect(
			auditChanges(
				{ status: 'submitted', name: 'เขตบ้านไผ่', tags: ['water'], geo: { a: 1, b: 2 } },
				{ status: 'approved', name: 'เขตบ้านไผ่', tags: ['water', 'forest'], geo: { b: 2, a: 1 } }
			)
		).toEqual([
			{ key: 'status', before: '"submitted"', after: '"approved"' },
			{ key: 'tags', before: '["water"]', after: '["water","forest"]' }
		]);
	});

	it('shows every key of a creation or a removal, and absent keys as null', () => {
		expect(auditChanges(null, { role: 'planner', provinceCode: 'TH40' })).toEqual([
			{ key: 'role', before: null, after: '"planner"' },
			{ key: 'provinceCode', before: null, after: '"TH40"' }
		]);
		expect(auditChanges({ disabled: false }, {})).toEqual([
			{ key: 'disabled', before: 'false', after: null }
		]);
		expect(auditChanges({ note: null }, { note: null })).toEqual([]);
		expect(auditChanges(null, null)).toEqual([]);
	});

	it('shortens long values', () => {
		const [change] = auditChanges(null, { text: 'ก'.repeat(500) }, 20);
		expect(change!.after).toHaveLength(20);
		expect(change!.after!.endsWith('…')).toBe(true);
	});

	it('compares objects whatever their key order', () => {
		expect(canonicalJson({ b: 1, a: { d: 1, c: [{ f: 1, e: 2 }] } })).toBe(
			'{"a":{"c":[{"e":2,"f":1}],"d":1},"b":1}'
		);
	});
});

describe('auditCsv', () => {
	const entry: AuditEntry = {
		id: 12,
		occurredAt: new Date('2021-12-31T17:30:00.000Z'),
		actorUserId: 3,
		actorUsername: 'deputy.kk',
		actorName: 'นายรอง ผู้ว่า',
		actorPosition: 'รองผู้ว่าราชการจังหวัดขอนแก่น',
		actingForUserId: 2,
		actingForUsername: 'governor.kk',
		actingForName: 'นายผู้ว่า ขอนแก่น',
		actingForPosition: 'ผู้ว่าราชการจังหวัดขอนแก่น',
		action: 'zone.returned',
		entityType: 'zone',
		entityId: '42',
		provinceCode: 'TH40',
		before: { status: 'submitted' },
		after: { status: 'returned', reasonText: 'ขอบเขต "ทิศเหนือ", ไม่ชัด\nโปรดแก้' },
		ipAddress: null
	};

	it('writes UTF-8 with a BOM, CRLF lines, quoted fields and Bangkok time', () => {
		const csv = auditCsv([entry], { locale: 'th' });
		expect(csv.startsWith('\uFEFFid,occurred_at_utc,occurred_at_bangkok,actor_username,')).toBe(
			true
		);
		const lines = csv.slice(1).split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines[2]).toBe('');
		expect(lines[1]).toBe(
			'12,2021-12-31T17:30:00.000Z,2022-01-01 00:30:00,deputy.kk,3,governor.kk,2,zone.returned,ส่งกลับแก้ไขเขต,zone,42,TH40,' +
				'"{""status"":""submitted""}",' +
				'"{""status"":""returned"",""reasonText"":""ขอบเขต \\""ทิศเหนือ\\"", ไม่ชัด\\nโปรดแก้""}",'
		);
		expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
	});

	it('defuses cells a spreadsheet would run as formulas, and notes a cut export', () => {
		const csv = auditCsv(
			[{ ...entry, actorUsername: null, entityId: '=HYPERLINK("x")', before: null }],
			{
				locale: 'en',
				truncatedNote: 'Cut at 100000 entries'
			}
		);
		const lines = csv.split('\r\n');
		expect(lines[1]).toContain(
			`,,3,governor.kk,2,zone.returned,Zone returned for revision,zone,"'=HYPERLINK(""x"")",TH40,,`
		);
		expect(lines[2]).toBe('Cut at 100000 entries');
	});

	it('writes Bangkok local time', () => {
		expect(bangkokLocalTime(new Date('2022-06-30T23:59:59Z'))).toBe('2022-07-01 06:59:59');
	});
});
