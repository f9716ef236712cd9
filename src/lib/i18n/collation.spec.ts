import { describe, expect, it } from 'vitest';
import { compareText, sortByName, sortByText } from './collation';

// Eight real province names: the four with a leading vowel sorted last by code point.
const provinces = [
	{ code: 'TH57', nameTh: 'เชียงราย', nameEn: 'Chiang Rai' },
	{ code: 'TH50', nameTh: 'เชียงใหม่', nameEn: 'Chiang Mai' },
	{ code: 'TH54', nameTh: 'แพร่', nameEn: 'Phrae' },
	{ code: 'TH58', nameTh: 'แม่ฮ่องสอน', nameEn: 'Mae Hong Son' },
	{ code: 'TH10', nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok' },
	{ code: 'TH40', nameTh: 'ขอนแก่น', nameEn: 'Khon Kaen' },
	{ code: 'TH30', nameTh: 'นครราชสีมา', nameEn: 'Nakhon Ratchasima' },
	{ code: 'TH56', nameTh: 'พะเยา', nameEn: 'Phayao' }
];

describe('Thai order', () => {
	it('sorts names with a leading vowel by their consonant, not last', () => {
		expect(sortByName('th', provinces).map((p) => p.nameTh)).toEqual([
			'กรุงเทพมหานคร',
			'ขอนแก่น',
			'เชียงราย',
			'เชียงใหม่',
			'นครราชสีมา',
			'พะเยา',
			'แพร่',
			'แม่ฮ่องสอน'
		]);
		// What the plain code-point order gave: the leading vowels last.
		expect([...provinces.map((p) => p.nameTh)].sort().slice(-4)).toEqual([
			'เชียงราย',
			'เชียงใหม่',
			'แพร่',
			'แม่ฮ่องสอน'
		]);
	});

	it('puts a consonant before the same consonant with a leading vowel, as a dictionary does', () => {
		const compare = compareText('th');
		expect(compare('ชา', 'เชียงใหม่')).toBeLessThan(0);
		expect(compare('เชียงราย', 'เชียงใหม่')).toBeLessThan(0);
		expect(compare('เชียงใหม่', 'เชียงใหม่')).toBe(0);
	});

	it('sorts English names in English, ignoring case, and falls back to the Thai name', () => {
		const rows = [...provinces, { code: 'TH99', nameTh: 'ทดสอบ', nameEn: null }];
		expect(sortByName('en', rows).map((p) => p.nameEn ?? p.nameTh)).toEqual([
			'Bangkok',
			'Chiang Mai',
			'Chiang Rai',
			'Khon Kaen',
			'Mae Hong Son',
			'Nakhon Ratchasima',
			'Phayao',
			'Phrae',
			'ทดสอบ'
		]);
		expect(compareText('en')('bangkok', 'Bangkok')).toBe(0);
	});

	it('orders numbers inside names by value', () => {
		expect(sortByText('th', ['หมู่ 10', 'หมู่ 2', 'หมู่ 1'], (s) => s)).toEqual([
			'หมู่ 1',
			'หมู่ 2',
			'หมู่ 10'
		]);
	});

	it('leaves the given list as it was', () => {
		const copy = [...provinces];
		sortByName('th', provinces);
		expect(provinces).toEqual(copy);
	});
});
