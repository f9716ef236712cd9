import { describe, expect, it } from 'vitest';
import {
	buildSearchIndex,
	compactKey,
	normalizeText,
	parseQuery,
	searchIndex,
	type SearchUnit
} from './search';

// Hand-made units in the shape of the real ones (the real-data cases are in
// search.service.spec.ts); names as they are spelt in the sources.
const khonKaen = { provinceCode: 'TH40', provinceNameTh: 'ขอนแก่น', provinceNameEn: 'Khon Kaen' };
const units: SearchUnit[] = [
	{
		kind: 'province',
		code: 'TH40',
		nameTh: 'ขอนแก่น',
		nameEn: 'Khon Kaen',
		laoType: null,
		...khonKaen,
		districtNameTh: null,
		bbox: [1, 2, 3, 4],
		otherCodes: ['40']
	},
	{
		kind: 'district',
		code: 'TH4001',
		nameTh: 'เมืองขอนแก่น',
		nameEn: 'Mueang Khon Kaen',
		laoType: null,
		...khonKaen,
		districtNameTh: null,
		bbox: [1, 2, 3, 4],
		otherCodes: ['4001']
	},
	{
		kind: 'tambon',
		code: 'TH400115',
		nameTh: 'บ้านเป็ด',
		nameEn: 'Ban Pet',
		laoType: null,
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: ['400115']
	},
	{
		kind: 'lao',
		code: '5400103',
		nameTh: 'บ้านเป็ด',
		nameEn: 'Ban Pet',
		laoType: 'subdistrict_municipality',
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: []
	},
	{
		kind: 'lao',
		code: '2400101',
		nameTh: 'ขอนแก่น',
		nameEn: 'Khon Kaen',
		laoType: 'provincial_admin_org',
		...khonKaen,
		districtNameTh: null,
		bbox: [1, 2, 3, 4],
		otherCodes: []
	},
	{
		kind: 'lao',
		code: '6400199',
		nameTh: 'นาข่า',
		nameEn: null,
		laoType: 'subdistrict_admin_org',
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: null,
		otherCodes: []
	},
	{
		kind: 'lao',
		code: '5400199',
		nameTh: 'นาข่า',
		nameEn: 'Na Kha',
		laoType: 'subdistrict_municipality',
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: []
	},
	{
		kind: 'tambon',
		code: 'TH400199',
		nameTh: 'นาข่า',
		nameEn: 'Na Kha',
		laoType: null,
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: ['400199']
	},
	{
		kind: 'lao',
		code: '6400198',
		nameTh: 'ทมอ',
		nameEn: 'Thamo',
		laoType: 'subdistrict_admin_org',
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: []
	},
	{
		kind: 'lao',
		code: '6400197',
		nameTh: 'บุฤาษี',
		nameEn: 'Bu Rue Si',
		laoType: 'subdistrict_admin_org',
		...khonKaen,
		districtNameTh: 'เมืองขอนแก่น',
		bbox: [1, 2, 3, 4],
		otherCodes: []
	}
];
const index = buildSearchIndex(units);
const codes = (query: string, limit = 10) => searchIndex(index, query, limit).map((u) => u.code);

describe('normalizeText', () => {
	it('folds spelling variants, digits, zero-width characters, case and spaces', () => {
		expect(normalizeText('  บุฤๅษี ')).toBe('บุฤาษี');
		expect(normalizeText('ฦๅ')).toBe('ฦา');
		expect(normalizeText('ตำบล\u200b  ๑๒๓')).toBe('ตำบล 123');
		expect(normalizeText('น\u0e49\u0e4d\u0e32')).toBe('น\u0e49\u0e33');
		expect(normalizeText('Khon  KAEN')).toBe('khon kaen');
		expect(normalizeText('Nakhon Ratchasīmā')).toBe('nakhon ratchasima');
	});

	it('keys names by their letters, marks and digits only', () => {
		expect(compactKey('จ.ป.ร.')).toBe('จปร');
		expect(compactKey('Tha Duea - Muet Ka')).toBe('thadueamuetka');
		expect(compactKey('ปอภาร (ปอพาน)')).toBe('ปอภารปอพาน');
	});
});

describe('parseQuery', () => {
	it('keeps the query as typed and adds it without a prefix naming a type', () => {
		expect(parseQuery('อบต.บ้านเป็ด')).toEqual([
			{ key: 'อบตบ้านเป็ด', hint: null, stripped: false },
			{ key: 'บ้านเป็ด', hint: { kinds: [], laoTypes: ['subdistrict_admin_org'] }, stripped: true }
		]);
		expect(parseQuery('องค์การบริหารส่วนตำบลบ้านเป็ด')[1]?.key).toBe('บ้านเป็ด');
		expect(parseQuery('ทต. นาข่า')[1]).toMatchObject({
			key: 'นาข่า',
			hint: { laoTypes: ['subdistrict_municipality'] }
		});
		expect(parseQuery('อำเภอเมืองขอนแก่น')[1]).toMatchObject({
			key: 'เมืองขอนแก่น',
			hint: { kinds: ['district'] }
		});
	});

	it('strips English type words before or after the name', () => {
		expect(parseQuery('Ban Pet Subdistrict Municipality').map((v) => v.key)).toContain('banpet');
		expect(parseQuery('SAO Na Kha')[1]).toMatchObject({
			key: 'nakha',
			hint: { laoTypes: ['subdistrict_admin_org'] }
		});
		expect(parseQuery('Khon Kaen Province')[1]).toMatchObject({
			key: 'khonkaen',
			hint: { kinds: ['province'] }
		});
	});

	it('needs the dot after a one-letter abbreviation and gives nothing for blank text', () => {
		expect(parseQuery('อ.พล').map((v) => v.key)).toEqual(['อพล', 'พล']);
		expect(parseQuery('อพล').map((v) => v.key)).toEqual(['อพล']);
		expect(parseQuery(' \u200b ')).toEqual([]);
	});
});

describe('searchIndex', () => {
	it('ranks exact names first, then the larger unit', () => {
		expect(codes('ขอนแก่น')).toEqual(['TH40', '2400101', 'TH4001']);
		expect(codes('Khon Kaen')[0]).toBe('TH40');
	});

	it('finds the same LAO with or without its type, abbreviated or spelt out', () => {
		for (const query of [
			'บ้านเป็ด',
			'อบต.บ้านเป็ด',
			'อบต บ้านเป็ด',
			'องค์การบริหารส่วนตำบลบ้านเป็ด',
			'ทต.บ้านเป็ด'
		])
			expect(codes(query)).toContain('5400103');
		// The prefix named its type: the municipality comes before the tambon of the same name.
		expect(codes('ทต.บ้านเป็ด')[0]).toBe('5400103');
		expect(codes('บ้านเป็ด')[0]).toBe('TH400115');
	});

	it('prefers LAOs of the type the prefix names', () => {
		expect(codes('ทต. นาข่า')[0]).toBe('5400199');
		expect(codes('อบต.นาข่า')[0]).toBe('6400199');
		expect(codes('SAO Na Kha')).toEqual(['TH400199', '5400199']);
		expect(codes('ตำบลนาข่า')[0]).toBe('TH400199');
	});

	it('matches a name that begins like a prefix as typed first', () => {
		expect(codes('ทมอ')[0]).toBe('6400198');
		expect(codes('เมืองขอนแก่น')).toEqual(['TH4001', 'TH40', '2400101']);
	});

	it('matches codes with or without TH, exactly or as a prefix', () => {
		expect(codes('TH4001')[0]).toBe('TH4001');
		expect(codes('th40')[0]).toBe('TH40');
		expect(codes('400115')).toEqual(['TH400115']);
		expect(codes('5400103')).toEqual(['5400103']);
		expect(codes('40')).toEqual(['TH40', 'TH4001', 'TH400115', 'TH400199']);
		expect(codes('๔๐๐๑')[0]).toBe('TH4001');
	});

	it('matches the ฤๅ spelling against ฤา and keeps units without geometry', () => {
		expect(codes('บุฤๅษี')).toEqual(['6400197']);
		expect(codes('นาข')).toContain('6400199');
		expect(searchIndex(index, 'นาข่า', 10).find((u) => u.code === '6400199')?.bbox).toBeNull();
	});

	it('respects the limit and finds nothing for nothing', () => {
		expect(codes('ข', 2)).toHaveLength(2);
		expect(codes('zzz')).toEqual([]);
		expect(codes('...')).toEqual([]);
	});
});
