import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { getSearchIndex, searchPlaces } from './search.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(async () => {
	await database.close();
});

const search = (query: string, limit = 10) => searchPlaces(database.db, query, limit);
const codes = async (query: string, limit = 10) => (await search(query, limit)).map((r) => r.code);

describe('searchPlaces on the real data', () => {
	it('finds the province ขอนแก่น first, then its PAO and city municipality', async () => {
		const results = await search('ขอนแก่น');
		expect(results[0]).toEqual({
			kind: 'province',
			code: 'TH40',
			nameTh: 'ขอนแก่น',
			nameEn: 'Khon Kaen',
			laoType: null,
			provinceCode: 'TH40',
			provinceNameTh: 'ขอนแก่น',
			provinceNameEn: 'Khon Kaen',
			districtNameTh: null,
			bbox: expect.any(Array)
		});
		const [west, south, east, north] = results[0]!.bbox!;
		expect([west < 102.8, south < 16.4, east > 102.9, north > 16.5]).toEqual([
			true,
			true,
			true,
			true
		]);
		// Then the other units named exactly ขอนแก่น, by size: a tambon and an SAO in Roi Et, the
		// PAO and the city; then names that contain it, such as the district เมืองขอนแก่น.
		expect(results.slice(1, 5).map((r) => [r.code, r.laoType])).toEqual([
			['TH450104', null],
			['2400101', 'provincial_admin_org'],
			['3400102', 'city_municipality'],
			['6450107', 'subdistrict_admin_org']
		]);
		expect(results[5]).toMatchObject({ code: 'TH4001', nameTh: 'เมืองขอนแก่น' });
		expect((await search('Khon Kaen'))[0]?.code).toBe('TH40');
		expect((await search('khon kaen province'))[0]?.code).toBe('TH40');
	});

	it('finds the municipality บ้านเป็ด (5400103) with or without a type prefix', async () => {
		for (const query of [
			'บ้านเป็ด',
			'อบต.บ้านเป็ด',
			'องค์การบริหารส่วนตำบลบ้านเป็ด',
			'ทต.บ้านเป็ด',
			'Ban Pet'
		])
			expect(await codes(query)).toContain('5400103');
		const [lao] = (await search('เทศบาลตำบลบ้านเป็ด')).filter((r) => r.kind === 'lao');
		expect(lao).toMatchObject({
			code: '5400103',
			laoType: 'subdistrict_municipality',
			nameEn: 'Ban Pet',
			provinceCode: 'TH40',
			districtNameTh: 'เมืองขอนแก่น'
		});
		expect((await search('ทต.บ้านเป็ด'))[0]?.code).toBe('5400103');
	});

	it('puts LAOs of the named type first: ทต. นาข่า', async () => {
		const results = await search('ทต. นาข่า');
		expect(results.slice(0, 2).map((r) => r.laoType)).toEqual([
			'subdistrict_municipality',
			'subdistrict_municipality'
		]);
		expect(
			results
				.slice(0, 2)
				.map((r) => r.code)
				.sort()
		).toEqual(['5401702', '5410105']);
		expect(results.map((r) => r.code)).toContain('6410122');
	});

	it('finds places by code: ADM P-code with or without TH, DOPA tambon code, DLA code', async () => {
		expect((await search('TH4001'))[0]).toMatchObject({
			kind: 'district',
			code: 'TH4001',
			nameTh: 'เมืองขอนแก่น'
		});
		expect((await search('4001'))[0]?.code).toBe('TH4001');
		expect((await search('TH40'))[0]?.code).toBe('TH40');
		expect((await search('th400115'))[0]?.code).toBe('TH400115');
		expect((await search('400115'))[0]?.code).toBe('TH400115');
		expect(await codes('5400103')).toEqual(['5400103']);
	});

	it('matches บุฤๅษี (DOPA) and บุฤาษี (COD-AB, DLA) either way', async () => {
		for (const query of ['บุฤๅษี', 'บุฤาษี', 'ต.บุฤๅษี']) {
			const found = await codes(query);
			expect(found).toContain('TH320121');
			expect(found).toContain('6320117');
		}
	});

	it('keeps LAOs without geometry findable, with no bbox', async () => {
		const [result] = await search('6190307');
		expect(result).toMatchObject({
			kind: 'lao',
			code: '6190307',
			bbox: null,
			nameTh: 'โคกตูม-โพนทอง'
		});
		expect(await codes('โคกตูมโพนทอง')).toContain('6190307');
	});

	it('indexes every province, district, tambon and LAO once', async () => {
		// Speed is measured by a benchmark, never by a timed test.
		const index = await getSearchIndex(database.db);
		expect(index.units).toHaveLength(77 + 928 + 7425 + 7849);
	});

	it('reuses the index until a newer import succeeds', async () => {
		const first = await getSearchIndex(database.db);
		expect(await getSearchIndex(database.db)).toBe(first);
		await database.db
			.insertInto('import_run')
			.values({
				status: 'succeeded',
				trigger: 'test',
				started_at: new Date(),
				finished_at: new Date()
			})
			.execute();
		const second = await getSearchIndex(database.db);
		expect(second).not.toBe(first);
		expect(second.units).toHaveLength(first.units.length);
	});
});
