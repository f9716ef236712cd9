import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import OfficialMemo from './OfficialMemo.svelte';

const memo = {
	office: 'กรมส่งเสริมการปกครองท้องถิ่น สำนักงานเลขาธิการกรม โทร. 0-2241-9014',
	documentNumber: 'มท 0801.2/ว 52',
	dateIso: '2021-12-31T18:00:00Z',
	subject: 'สรุปสาระสำคัญ',
	to: 'ท้องถิ่นจังหวัด ทุกจังหวัด',
	paragraphs: ['ย่อหน้าแรก โคโรนา 2019', 'จึงเรียนมาเพื่อทราบ'],
	signer: { name: 'นายประยูร รัตนเสนีย์', position: 'อธิบดีกรมส่งเสริมการปกครองท้องถิ่น' }
};

/** The text of the element with this data-testid, tags removed. */
function textOf(html: string, testId: string): string {
	// No element of the memo nests another of its own tag, so the first closing tag ends it.
	const match = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</\\1>`).exec(
		html
	);
	if (!match) throw new Error(`no ${testId} in the memo`);
	return match[2]!
		.replace(/<[^>]*>/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

describe('OfficialMemo', () => {
	it('prints the heading in Thai digits and the date of the day in Bangkok', () => {
		const { body } = render(OfficialMemo, { props: memo });
		expect(body).toContain('บันทึกข้อความ');
		expect(textOf(body, 'memo-number')).toBe('ที่ มท ๐๘๐๑.๒/ว ๕๒');
		expect(textOf(body, 'memo-date')).toBe('วันที่ ๑ มกราคม ๒๕๖๕');
		expect(body).toContain('โทร. ๐-๒๒๔๑-๙๐๑๔');
		// The body is printed as given.
		expect(body).toContain('ย่อหน้าแรก โคโรนา 2019');
		expect(textOf(body, 'memo-signature')).toBe('(นายประยูร รัตนเสนีย์) อธิบดีกรมส่งเสริมการปกครองท้องถิ่น');
		expect(body).not.toContain('memo-acting');
	});

	it('leaves the document number blank when none was entered, never inventing one', () => {
		const { body } = render(OfficialMemo, { props: { ...memo, documentNumber: '  ' } });
		expect(textOf(body, 'memo-number')).toBe('ที่');
		expect(body).toMatch(/data-testid="memo-number"[^>]*data-empty="true"/);
	});

	it('prints the acting line, the figures in Thai digits, the map and the emblem', () => {
		const { body } = render(OfficialMemo, {
			props: {
				...memo,
				figures: [{ label: 'พื้นที่', value: '1,234.5 ตร.กม.' }],
				mapImageUrl: '/map.png',
				emblemUrl: '/emblem.png',
				signer: {
					name: 'ชื่อ นามสกุล',
					position: 'รองผู้ว่าราชการจังหวัดขอนแก่น',
					actingFor: 'ผู้ว่าราชการจังหวัดขอนแก่น'
				}
			}
		});
		expect(textOf(body, 'memo-acting')).toBe('ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดขอนแก่น');
		expect(body).toContain('๑,๒๓๔.๕ ตร.กม.');
		expect(body).toContain('src="/map.png"');
		expect(body).toContain('src="/emblem.png"');
		const actingAs = render(OfficialMemo, {
			props: { ...memo, signer: { ...memo.signer, actingFor: 'ผู้ว่าฯ', actingKind: 'acting_as' } }
		}).body;
		expect(textOf(actingAs, 'memo-acting')).toBe('รักษาราชการแทน ผู้ว่าฯ');
	});

	it('keeps the emblem’s space when there is none', () => {
		const { body } = render(OfficialMemo, { props: memo });
		expect(body).toMatch(/data-testid="memo-emblem"[^>]*>\s*(<!--[^>]*-->\s*)*<\/div>/);
		expect(body).not.toContain('<img');
	});
});
