import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { importIndicatorCsv } from './indicator-import.service';
import { loadLaoIndicators } from './lao-indicators.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

const encode = (text: string) => new TextEncoder().encode(text);
const header = 'code,indicator,year,value,unit,source';

// With a byte-order mark and CRLF, as Excel saves "CSV UTF-8".
const good = encode(
	'\uFEFF' +
		[
			`${header},aggregation,name_th,approximate`,
			'6110112,community_forests,2024,3,forests,กรมป่าไม้ 2567,sum,ป่าชุมชน,',
			'TH120107,community_forests,2024,2,forests,กรมป่าไม้ 2567,,,',
			'120108,community_forests,2024,1.5,forests,กรมป่าไม้ 2567,,,true',
			'TH110111,community_forests,2024,,forests,กรมป่าไม้ 2567,,,'
		].join('\r\n') +
		'\r\n'
);

async function snapshot() {
	const values = await database.db
		.selectFrom('indicator_value')
		.select([
			'unit_kind',
			'unit_code',
			'indicator_key',
			'year',
			'value',
			'unit',
			'source',
			'approximate'
		])
		.where('indicator_key', 'not in', [
			'area_km2',
			'population',
			'households',
			'population_density',
			'compactness'
		])
		.orderBy('unit_kind')
		.orderBy('unit_code')
		.orderBy('indicator_key')
		.orderBy('year')
		.execute();
	const catalogue = await database.db.selectFrom('indicator').selectAll().orderBy('key').execute();
	return { values, catalogue };
}

describe('importIndicatorCsv', () => {
	it('imports LAO and tambon values by DLA code, P-code and DOPA code', async () => {
		const result = await importIndicatorCsv(database.db, {
			fileName: 'C:\\Users\\dla\\forests.csv',
			bytes: good,
			trigger: 'test'
		});
		expect(result.status).toBe('succeeded');
		expect(result.fileName).toBe('forests.csv');
		expect(result.counts).toMatchObject({
			rows: 4,
			stored: 3,
			skipped_missing_value: 1,
			lao_values: 1,
			tambon_values: 2,
			new_indicators: 1
		});
		expect(result.messages.map((m) => [m.severity, m.row, m.field, m.rule])).toEqual([
			['warning', 1, 'indicator', 'new-indicator'],
			['warning', 4, 'value', 'missing-value']
		]);
		expect(result.messages[1]!.detail).toContain('missing value stays no data');

		const { values, catalogue } = await snapshot();
		expect(values).toEqual([
			{
				unit_kind: 'lao',
				unit_code: '6110112',
				indicator_key: 'community_forests',
				year: 2024,
				value: 3,
				unit: 'forests',
				source: 'กรมป่าไม้ 2567',
				approximate: false
			},
			{
				unit_kind: 'tambon',
				unit_code: 'TH120107',
				indicator_key: 'community_forests',
				year: 2024,
				value: 2,
				unit: 'forests',
				source: 'กรมป่าไม้ 2567',
				approximate: false
			},
			{
				unit_kind: 'tambon',
				unit_code: 'TH120108',
				indicator_key: 'community_forests',
				year: 2024,
				value: 1.5,
				unit: 'forests',
				source: 'กรมป่าไม้ 2567',
				approximate: true
			}
		]);
		expect(catalogue.find((c) => c.key === 'community_forests')).toMatchObject({
			name_th: 'ป่าชุมชน',
			name_en: 'community_forests',
			unit: 'forests',
			aggregation: 'sum',
			built_in: false
		});

		const batch = await database.db
			.selectFrom('indicator_import')
			.selectAll()
			.where('id', '=', result.importId)
			.executeTakeFirstOrThrow();
		expect(batch).toMatchObject({
			status: 'succeeded',
			trigger: 'test',
			file_name: 'forests.csv',
			sha256: createHash('sha256').update(good).digest('hex'),
			fatal_count: 0,
			warning_count: 2
		});
		expect(batch.counts).toEqual(result.counts);

		// The missing TH110111 value stays missing: the SAO keeps its own value, nothing is 0.
		const map = await loadLaoIndicators(database.db, ['community_forests']);
		expect(map.get('6110112')!.community_forests!.value).toBe(3);
		expect(map.get('4120103')!.community_forests).toMatchObject({
			value: 3.5,
			approximate: true,
			year: 2024
		});
	});

	it('is idempotent: the same file again gives the same tables', async () => {
		const before = await snapshot();
		const result = await importIndicatorCsv(database.db, {
			fileName: 'forests.csv',
			bytes: good,
			trigger: 'test'
		});
		expect(result.status).toBe('succeeded');
		expect(result.counts.new_indicators).toBe(0);
		expect(await snapshot()).toEqual(before);
	});

	const fatalCases: [string, string, { row: number; field: string; rule: string }][] = [
		[
			'an unknown DLA code',
			`${header}\n6110112,community_forests,2025,1,forests,x\n9999999,community_forests,2025,1,forests,x`,
			{ row: 2, field: 'code', rule: 'unknown-code' }
		],
		[
			'an unknown tambon P-code',
			`${header}\nTH999999,community_forests,2025,1,forests,x`,
			{ row: 1, field: 'code', rule: 'unknown-code' }
		],
		[
			'a malformed code',
			`${header}\nTH12,community_forests,2025,1,forests,x`,
			{ row: 1, field: 'code', rule: 'invalid-value' }
		],
		[
			'a malformed indicator key',
			`${header}\n6110112,Community-Forests,2025,1,forests,x`,
			{ row: 1, field: 'indicator', rule: 'invalid-value' }
		],
		[
			'a built-in indicator',
			`${header}\n6110112,population,2025,1,people,x`,
			{ row: 1, field: 'indicator', rule: 'built-in-indicator' }
		],
		[
			'a year out of range',
			`${header}\n6110112,community_forests,2568,1,forests,x`,
			{ row: 1, field: 'year', rule: 'invalid-value' }
		],
		[
			'a non-numeric value',
			`${header}\n6110112,community_forests,2025,1,forests,x\n6110112,community_forests,2026,n/a,forests,x`,
			{ row: 2, field: 'value', rule: 'invalid-value' }
		],
		[
			'a duplicate (P-code and DOPA code of one tambon)',
			`${header}\nTH120107,community_forests,2025,1,forests,x\n120107,community_forests,2025,2,forests,x`,
			{ row: 2, field: 'code', rule: 'duplicate-key' }
		],
		[
			'a missing column',
			'code,indicator,year,value,source\n6110112,community_forests,2025,1,x',
			{ row: 0, field: 'unit', rule: 'missing-column' }
		],
		[
			'a new indicator without aggregation',
			`${header}\n6110112,clinics,2025,1,clinics,x`,
			{ row: 1, field: 'aggregation', rule: 'required-value' }
		],
		[
			'a unit that differs from the catalogue',
			`${header}\n6110112,community_forests,2025,1,rai,x`,
			{ row: 1, field: 'unit', rule: 'unit-mismatch' }
		],
		[
			'an empty source',
			`${header}\n6110112,community_forests,2025,1,forests,`,
			{ row: 1, field: 'source', rule: 'required-value' }
		]
	];

	it.each(fatalCases)(
		'rejects %s, naming file, row, field and rule, and writes no value',
		async (_, text, where) => {
			const before = await snapshot();
			const result = await importIndicatorCsv(database.db, {
				fileName: 'bad.csv',
				bytes: encode(text),
				trigger: 'test'
			});
			expect(result.status).toBe('failed');
			const fatals = result.messages.filter((m) => m.severity === 'fatal');
			expect(fatals[0]).toMatchObject({ file: 'bad.csv', ...where });
			expect(await snapshot()).toEqual(before);
			const batch = await database.db
				.selectFrom('indicator_import')
				.selectAll()
				.where('id', '=', result.importId)
				.executeTakeFirstOrThrow();
			expect(batch).toMatchObject({
				status: 'failed',
				file_name: 'bad.csv',
				fatal_count: fatals.length
			});
			expect(
				await database.db
					.selectFrom('indicator_value')
					.select('unit_code')
					.where('import_id', '=', result.importId)
					.execute()
			).toEqual([]);
		}
	);

	it('rejects a file that is not UTF-8', async () => {
		const result = await importIndicatorCsv(database.db, {
			fileName: 'tis620.csv',
			bytes: new Uint8Array([0x63, 0x6f, 0xa1, 0xff, 0x0a]),
			trigger: 'test'
		});
		expect(result.messages).toEqual([
			expect.objectContaining({
				severity: 'fatal',
				file: 'tis620.csv',
				field: 'file',
				rule: 'unreadable-file'
			})
		]);
	});
});
