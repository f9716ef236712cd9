import { describe, expect, test } from 'vitest';
import { decisionMemoSubject } from './memo-subject';

describe('the decision memo subject', () => {
	test('says "เขตพัฒนาเศรษฐกิจพอเพียง" once when the name begins with it', () => {
		expect(decisionMemoSubject('เขตพัฒนาเศรษฐกิจพอเพียงกระนวน')).toBe(
			'การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียงกระนวน'
		);
		expect(decisionMemoSubject('เขตพัฒนาเศรษฐกิจพอเพียงดูนสาด ตำบลดูนสาด อำเภอกระนวน จังหวัดขอนแก่น')).toBe(
			'การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียงดูนสาด ตำบลดูนสาด อำเภอกระนวน จังหวัดขอนแก่น'
		);
	});

	test('names the kind of zone before a name without it', () => {
		expect(decisionMemoSubject(' เขตบ้านฝางพอเพียง ')).toBe(
			'การพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง เขตบ้านฝางพอเพียง'
		);
	});
});
