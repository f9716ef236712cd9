import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { manifestEntry } from '../geodata/datasets';
import {
	boundaryYear,
	builtInIndicatorKeys,
	refreshBuiltInIndicators
} from './built-in-indicators.service';
import { loadLaoIndicators } from './lao-indicators.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
	await refreshBuiltInIndicators(database.db);
});
afterAll(() => database?.close());

const populationSource = manifestEntry('lao_population_estimate').sourceLine;
// บางโปรง, an SAO in Samut Prakan covering one whole tambon (TH110111).
const sao = '6110112';

describe('refreshBuiltInIndicators', () => {
	it('gives an SAO the figures of the lao and lao_population_estimate tables', async () => {
		const lao = await database.db
			.selectFrom('lao')
			.innerJoin('lao_population_estimate as p', 'p.dla_code', 'lao.dla_code')
			.select(['lao.area_km2', 'lao.geom_approximate', 'p.population', 'p.households'])
			.where('lao.dla_code', '=', sao)
			.executeTakeFirstOrThrow();
		expect(lao).toMatchObject({ population: 10190, households: 4278, geom_approximate: false });
		const figures = (await loadLaoIndicators(database.db, builtInIndicatorKeys)).get(sao)!;
		expect(figures.area_km2).toMatchObject({
			value: lao.area_km2,
			approximate: false,
			year: boundaryYear,
			unit: 'km²'
		});
		// An estimate by a stated method, not "approximate" (issue 13 item 4).
		expect(figures.population).toEqual({
			value: 10190,
			approximate: false,
			year: 2021,
			unit: 'people',
			source: populationSource
		});
		expect(figures.households).toEqual({
			value: 4278,
			approximate: false,
			year: 2021,
			unit: 'households',
			source: populationSource
		});
		expect(figures.population_density!.value).toBeCloseTo(10190 / lao.area_km2!, 9);
		// Whole tambon: the area, so the density, means what it says.
		expect(figures.population_density!.approximate).toBe(false);
		expect(figures.compactness!.value).toBeGreaterThan(0);
		expect(figures.compactness!.value).toBeLessThanOrEqual(1);
	});

	it('marks the area approximate where the LAO covers part of a tambon', async () => {
		const figures = (
			await loadLaoIndicators(database.db, [
				'area_km2',
				'compactness',
				'population_density',
				'population'
			])
		).get('4120103')!;
		expect(figures.area_km2?.approximate).toBe(true);
		expect(figures.compactness?.approximate).toBe(true);
		expect(figures.population_density?.approximate).toBe(true);
		expect(figures.population?.approximate).toBe(false);
	});

	it('gives every compactness in (0, 1] and no figure to a PAO', async () => {
		const range = await database.db
			.selectFrom('indicator_value')
			.select((eb) => [
				eb.fn.min('value').as('min'),
				eb.fn.max('value').as('max'),
				eb.fn.countAll<string>().as('count')
			])
			.where('indicator_key', '=', 'compactness')
			.executeTakeFirstOrThrow();
		expect(Number(range.min)).toBeGreaterThan(0);
		expect(Number(range.max)).toBeLessThanOrEqual(1);
		const withGeometry = await database.db
			.selectFrom('lao')
			.select((eb) => eb.fn.countAll<string>().as('count'))
			.where('lao_type', '<>', 'provincial_admin_org')
			.where('geom', 'is not', null)
			.executeTakeFirstOrThrow();
		expect(Number(range.count)).toBe(Number(withGeometry.count));
		const pao = await database.db
			.selectFrom('indicator_value')
			.innerJoin('lao', 'lao.dla_code', 'indicator_value.unit_code')
			.select('unit_code')
			.where('lao.lao_type', '=', 'provincial_admin_org')
			.execute();
		expect(pao).toEqual([]);
		const map = await loadLaoIndicators(database.db, ['population']);
		expect(map.has('2400101')).toBe(false); // อบจ.ขอนแก่น
	});

	it('leaves an LAO without a boundary or estimate with no data, not 0', async () => {
		const missing = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('geom', 'is', null)
			.where('lao_type', '<>', 'provincial_admin_org')
			.executeTakeFirst();
		if (missing) {
			const figures = (await loadLaoIndicators(database.db, ['area_km2', 'compactness'])).get(
				missing.dla_code
			)!;
			expect(figures).toEqual({ area_km2: null, compactness: null });
		}
		const zero = await database.db
			.selectFrom('indicator_value')
			.select('unit_code')
			.where('value', '=', 0)
			.where('indicator_key', 'in', ['area_km2', 'compactness', 'population_density'])
			.execute();
		expect(zero).toEqual([]);
	});

	it('is idempotent: a second run gives the same values', async () => {
		const snapshot = () =>
			database.db
				.selectFrom('indicator_value')
				.select(['unit_code', 'indicator_key', 'year', 'value', 'approximate', 'source'])
				.orderBy('unit_code')
				.orderBy('indicator_key')
				.orderBy('year')
				.execute();
		const before = await snapshot();
		const { counts } = await refreshBuiltInIndicators(database.db);
		expect(await snapshot()).toEqual(before);
		expect(before.length).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
	});
});
