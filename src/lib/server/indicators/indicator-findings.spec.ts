import { describe, expect, test } from 'vitest';
import { allMessages } from '../../i18n';
import { ImportFatalError } from '../geodata/import-report';
import { parseIndicatorCsv, type ImportContext } from './indicator-import.service';

/** The page's lookup (admin/indicators): `indicatorRule_<rule>` filled with the cell. */
function finding(locale: 'th' | 'en', message: { rule: string; value?: string }) {
	const text = (allMessages()[locale] as Record<string, string>)[
		`indicatorRule_${message.rule.replaceAll('-', '_')}`
	];
	return text?.replace('{value}', message.value ?? '');
}

const context: ImportContext = {
	laoCodes: new Set(['6400906']),
	tambonCodes: new Set(['TH400901']),
	pcodeOfDopaTambon: new Map(),
	catalogue: new Map()
};

describe("the indicator import's findings in the reader's language", () => {
	test('an unknown DLA code is said in Thai with the code, not in English', () => {
		const csv = [
			'code,indicator,year,value,unit,source,approximate,aggregation',
			'9999999,water_points,2024,3,places,survey,false,sum',
			'6400906,water_points,2024,abc,places,survey,maybe,sum'
		].join('\n');
		let caught: unknown;
		try {
			parseIndicatorCsv('values.csv', new TextEncoder().encode(csv), context);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ImportFatalError);
		const messages = (caught as ImportFatalError).messages;
		const unknown = messages.find((m) => m.rule === 'unknown-code')!;
		expect(unknown.detail).toBe('no LAO has the DLA code 9999999');
		expect(finding('th', unknown)).toBe('ไม่พบรหัส 9999999 ในทะเบียน อปท. หรือตำบล');
		expect(finding('en', unknown)).toBe('No LAO or tambon has the code 9999999');
		const invalid = messages.filter((m) => m.rule === 'invalid-value').map((m) => m.value);
		expect(invalid).toEqual(['abc', 'maybe']);
		// Every finding of the file has a translation in both languages.
		for (const message of messages) {
			expect(finding('th', message), message.rule).toMatch(/[\u0E00-\u0E7F]/);
			expect(finding('en', message), message.rule).toBeTruthy();
		}
	});
});
