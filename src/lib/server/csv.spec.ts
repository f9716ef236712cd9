import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, csvYesNo } from './csv';
import type { ScoreRow } from '../scores/types';
import type { RecordSummary } from './coordination/coordination-views';
import { registerCsv } from './coordination/register-csv';
import { scoresToCsv } from './scoring/scores-page.service';

describe('csvDocument: the one CSV writer of every export', () => {
	it('starts with the byte order mark and ends every line, the last too, with CRLF', () => {
		const text = csvDocument(
			['a', 'b'],
			[
				[1, 'x'],
				[2, 'y']
			]
		);
		expect(text).toBe('\uFEFFa,b\r\n1,x\r\n2,y\r\n');
	});

	it('quotes commas, quotes and line breaks (RFC 4180)', () => {
		const text = csvDocument(['name'], [['ก, ข'], ['say "hi"'], ['two\nlines']]);
		expect(text).toBe('\uFEFFname\r\n"ก, ข"\r\n"say ""hi"""\r\n"two\nlines"\r\n');
	});

	it('guards every text cell a spreadsheet would run as a formula, header included', () => {
		const text = csvDocument(
			['=HEADER()'],
			[['=1+1'], ['+66'], ['-x'], ['@SUM(A1)'], ['\tcmd'], [-1.5], ['a=b']]
		);
		expect(text.slice(1).trimEnd().split('\r\n')).toEqual([
			"'=HEADER()",
			"'=1+1",
			"'+66",
			"'-x",
			"'@SUM(A1)",
			"'\tcmd",
			// A number stays a number; an equals sign inside a text is harmless.
			'-1.5',
			'a=b'
		]);
	});

	it('writes nothing for null and undefined', () => {
		expect(csvDocument(['a', 'b', 'c'], [[null, undefined, 0]])).toBe('\uFEFFa,b,c\r\n,,0\r\n');
	});

	it('writes yes/no in one vocabulary per language, and true/false in a machine file', () => {
		expect(csvDocument(['x'], [[true], [false]], { locale: 'th' })).toBe(
			'\uFEFFx\r\nใช่\r\nไม่ใช่\r\n'
		);
		expect(csvDocument(['x'], [[true], [false]], { locale: 'en' })).toBe(
			'\uFEFFx\r\nYes\r\nNo\r\n'
		);
		expect(csvDocument(['x'], [[true], [false]])).toBe('\uFEFFx\r\ntrue\r\nfalse\r\n');
		expect([csvYesNo('th', true), csvYesNo('en', false)]).toEqual(['ใช่', 'No']);
	});

	it('csvField keeps its contract for a single cell', () => {
		expect(csvField('=cmd')).toBe("'=cmd");
		expect(csvField(-2)).toBe('-2');
	});
});

describe('exports written with csvDocument say yes/no the same way', () => {
	it('the province scores (Thai) and the register (Thai and English) use the same words', () => {
		const row: ScoreRow = {
			provinceCode: 'TH55',
			populationMethod: null,
			breakdown: [],
			provinceRank: 1,
			nationalRank: 10,
			dlaCode: '5500101',
			nameTh: '=อบต. ทดสอบ',
			nameEn: 'Test',
			laoType: 'subdistrict_admin_org',
			score: 71.234,
			approximate: true,
			sensitivityTop10Share: null,
			missingWeightShare: 0.1,
			areaKm2: null,
			population: null
		};
		const scores = scoresToCsv(
			[row],
			{},
			{
				modelName: 'แบบ',
				modelVersion: 2,
				sources: ['ที่มา']
			}
		);
		const cells = scores.slice(1).trimEnd().split('\r\n')[1]!.split(',');
		expect(cells[3]).toBe("'=อบต. ทดสอบ");
		expect(cells[7]).toBe(csvYesNo('th', true));

		const record: RecordSummary = {
			id: 7,
			kind: 'letter',
			documentNumber: 'มท 0810/1',
			documentDate: '2026-11-26',
			subject: 'เรื่อง',
			sender: { key: 'dla', party: { kind: 'dla', code: null }, th: 'กรม', en: 'Department' },
			recipients: [],
			dueDate: null,
			overdue: true,
			stateCounts: { open: 0, acknowledged: 0, done: 0 },
			reportPeriod: null,
			isPublic: false,
			createdAt: '2026-11-26T03:00:00.000Z'
		};
		const thai = registerCsv([record], { locale: 'th' }).trimEnd().split('\r\n')[1]!;
		const english = registerCsv([record], { locale: 'en' }).trimEnd().split('\r\n')[1]!;
		expect(thai.split(',')[8]).toBe('ใช่');
		expect(thai.split(',')[13]).toBe('ไม่ใช่');
		expect(english.split(',')[8]).toBe('Yes');
		expect(english.split(',')[13]).toBe('No');
	});
});
