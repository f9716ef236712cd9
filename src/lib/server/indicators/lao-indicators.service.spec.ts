import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { insertImportBatch, insertIndicators, upsertValues } from './indicator.repository';
import { loadLaoIndicators } from './lao-indicators.service';

let database: Database;
// เทศบาลเมืองบางศรีเมือง (Nonthaburi) covers TH120107 completely and TH120108 partially.
const municipality = '4120103';
// บางโปรง SAO covers TH110111 completely and nothing else.
const sao = '6110112';

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	await insertIndicators(db, [
		{
			key: 'schools',
			name_th: 'โรงเรียน',
			name_en: 'Schools',
			unit: 'schools',
			aggregation: 'sum',
			description: null
		},
		{
			key: 'forest_share',
			name_th: 'สัดส่วนป่าไม้',
			name_en: 'Forest share',
			unit: '%',
			aggregation: 'area_weighted_mean',
			description: null
		}
	]);
	const importId = await insertImportBatch(db, {
		status: 'succeeded',
		trigger: 'test',
		fileName: 'hand.csv',
		sha256: null,
		counts: {},
		messages: []
	});
	const tambon = (code: string, key: string, year: number, value: number) => ({
		unit_kind: 'tambon' as const,
		unit_code: code,
		indicator_key: key,
		year,
		value,
		unit: key === 'schools' ? 'schools' : '%',
		source: `hand ${year}`,
		approximate: false,
		import_id: importId
	});
	await upsertValues(db, [
		tambon('TH120107', 'schools', 2020, 1),
		tambon('TH120107', 'schools', 2023, 3),
		tambon('TH120108', 'schools', 2023, 4),
		tambon('TH120107', 'forest_share', 2023, 10),
		tambon('TH120108', 'forest_share', 2023, 30),
		tambon('TH110111', 'schools', 2023, 5),
		// An LAO's own value comes before the roll-up.
		{ ...tambon('TH110111', 'forest_share', 2023, 50) },
		{
			unit_kind: 'lao',
			unit_code: sao,
			indicator_key: 'forest_share',
			year: 2022,
			value: 42,
			unit: '%',
			source: 'survey',
			approximate: false,
			import_id: importId
		}
	]);
});
afterAll(() => database?.close());

describe('loadLaoIndicators', () => {
	it('sums counts over the tambons, approximate through a partial link', async () => {
		const figures = (await loadLaoIndicators(database.db, ['schools'])).get(municipality)!;
		expect(figures.schools).toEqual({
			value: 7,
			approximate: true,
			year: 2023,
			unit: 'schools',
			source: 'hand 2023'
		});
	});

	it('averages rates weighted by tambon area', async () => {
		const areas = await database.db
			.selectFrom('tambon')
			.select(['code', 'area_km2'])
			.where('code', 'in', ['TH120107', 'TH120108'])
			.execute();
		const a = Object.fromEntries(areas.map((r) => [r.code, r.area_km2]));
		const expected = (10 * a.TH120107! + 30 * a.TH120108!) / (a.TH120107! + a.TH120108!);
		const figures = (await loadLaoIndicators(database.db, ['forest_share'])).get(municipality)!;
		expect(figures.forest_share!.value).toBeCloseTo(expected, 9);
		expect(figures.forest_share!.value).not.toBeCloseTo(20, 3); // weighted, not a plain mean
		expect(figures.forest_share).toMatchObject({ approximate: true, year: 2023, unit: '%' });
	});

	it('is exact for an LAO covering whole tambons, and prefers the LAO value', async () => {
		const figures = (await loadLaoIndicators(database.db, ['schools', 'forest_share'])).get(sao)!;
		expect(figures.schools).toEqual({
			value: 5,
			approximate: false,
			year: 2023,
			unit: 'schools',
			source: 'hand 2023'
		});
		expect(figures.forest_share).toEqual({
			value: 42,
			approximate: false,
			year: 2022,
			unit: '%',
			source: 'survey'
		});
	});

	it('gives null, never 0, where no tambon has a value, and for an unknown key', async () => {
		const map = await loadLaoIndicators(database.db, ['schools', 'no_such_indicator']);
		expect(map.get('5810401')).toEqual({ schools: null, no_such_indicator: null });
		const laoCount = await database.db
			.selectFrom('lao')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('lao_type', '<>', 'provincial_admin_org')
			.executeTakeFirstOrThrow();
		expect(map.size).toBe(Number(laoCount.n));
		const withValue = [...map.values()].filter((f) => f.schools !== null);
		expect(withValue.every((f) => f.schools!.value > 0)).toBe(true);
	});
});
