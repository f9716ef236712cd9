import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { manifestEntry } from '../geodata/datasets';
import { findPlacesAt, getPlaceInfo } from './place.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(async () => {
	await database.close();
});

const boundaries = manifestEntry('tambon_boundaries').sourceLine;
const population = manifestEntry('tambon_population').sourceLine;
const registry = manifestEntry('lao_registry').sourceLine;
const links = manifestEntry('lao_tambon_links').sourceLine;

describe('findPlacesAt', () => {
	it('lists province, district, tambon and the LAOs covering a point in Khon Kaen city', async () => {
		const { places, bangkok } = await findPlacesAt(database.db, { lon: 102.835, lat: 16.44 });
		expect(bangkok).toBe(false);
		expect(places.map((p) => [p.kind, p.code, p.laoType])).toEqual([
			['province', 'TH40', null],
			['district', 'TH4001', null],
			['tambon', 'TH400101', null],
			['lao', '2400101', 'provincial_admin_org'],
			['lao', '3400102', 'city_municipality']
		]);
		expect(places[0]).toEqual({
			kind: 'province',
			code: 'TH40',
			nameTh: 'ขอนแก่น',
			nameEn: 'Khon Kaen',
			laoType: null,
			approximate: false
		});
	});

	it('marks an LAO approximate only where the point is in a tambon it covers partly', async () => {
		// คลองควาย (6130704) covers TH130701 partly and TH130702 completely.
		const inPartial = await findPlacesAt(database.db, await pointIn('TH130701'));
		const inComplete = await findPlacesAt(database.db, await pointIn('TH130702'));
		expect(inPartial.places.find((p) => p.code === '6130704')?.approximate).toBe(true);
		expect(inComplete.places.find((p) => p.code === '6130704')?.approximate).toBe(false);
		const lao = inPartial.places.filter((p) => p.kind === 'lao');
		expect(lao[0]?.laoType).toBe('provincial_admin_org');
		expect(lao.at(-1)?.laoType).toBe('subdistrict_admin_org');
	});

	it('says Bangkok and lists no LAO there', async () => {
		const { places, bangkok } = await findPlacesAt(database.db, { lon: 100.5018, lat: 13.7563 });
		expect(bangkok).toBe(true);
		expect(places.map((p) => p.kind)).toEqual(['province', 'district', 'tambon']);
		expect(places[0]?.code).toBe('TH10');
	});

	it('finds nothing outside Thailand', async () => {
		expect(await findPlacesAt(database.db, { lon: 105.0, lat: 20.0 })).toEqual({
			places: [],
			bangkok: false
		});
		expect(await findPlacesAt(database.db, { lon: 0, lat: 0 })).toEqual({
			places: [],
			bangkok: false
		});
	});
});

async function pointIn(tambonCode: string) {
	const { sql } = await import('kysely');
	const { rows } = await sql<{ lon: number; lat: number }>`
		SELECT ST_X(p) AS lon, ST_Y(p) AS lat
		FROM (SELECT ST_PointOnSurface(geom) AS p FROM tambon WHERE code = ${tambonCode}) s
	`.execute(database.db);
	return rows[0]!;
}

describe('getPlaceInfo', () => {
	it('gives a province its area, DOPA population summed from its tambons, codes and LAO counts', async () => {
		const info = await getPlaceInfo(database.db, 'province', 'TH40');
		expect(info).toMatchObject({
			kind: 'province',
			code: 'TH40',
			nameTh: 'ขอนแก่น',
			nameEn: 'Khon Kaen',
			laoType: null,
			codes: [
				{ label: 'adm1_pcode', value: 'TH40' },
				{ label: 'dopa_province_code', value: '40' }
			],
			population: {
				value: 1790863,
				unit: 'people',
				year: 2021,
				referenceDate: '2021-12-31',
				source: population,
				approximate: false,
				method: null
			},
			households: { value: 654343, unit: 'households', source: population },
			areaKm2: { unit: 'km2', source: boundaries, approximate: false, method: null },
			parents: [],
			linkedTambons: [],
			approximate: false,
			bangkok: false,
			registeredAreaKm2: null
		});
		expect(info?.areaKm2?.value).toBeCloseTo(10610.69, 1);
		expect(info?.laoCounts?.provincial_admin_org).toBe(1);
		expect(info?.laoCounts?.city_municipality).toBe(1);
		expect(Object.values(info!.laoCounts!).reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
		expect(info?.sources).toEqual([boundaries, population]);
		expect(info?.dlaCode).toBeUndefined();
	});

	it('sums DOPA rows for Bangkok, khwaeng split after the boundary edition included', async () => {
		const info = await getPlaceInfo(database.db, 'province', 'TH10');
		expect(info?.bangkok).toBe(true);
		expect(info?.population?.value).toBe(5527994);
		expect(Object.values(info!.laoCounts!).every((n) => n === 0)).toBe(true);
		const district = await getPlaceInfo(database.db, 'district', 'TH1047');
		expect(district?.bangkok).toBe(true);
		expect(district?.population?.value).toBeGreaterThan(80000);
	});

	it('gives a district its province as parent', async () => {
		const info = await getPlaceInfo(database.db, 'district', 'TH4001');
		expect(info?.parents).toEqual([
			{
				kind: 'province',
				code: 'TH40',
				nameTh: 'ขอนแก่น',
				nameEn: 'Khon Kaen',
				laoType: null,
				approximate: false
			}
		]);
		expect(info?.codes).toEqual([
			{ label: 'adm2_pcode', value: 'TH4001' },
			{ label: 'dopa_district_code', value: '4001' }
		]);
		expect(info?.laoCounts?.provincial_admin_org).toBe(0);
		expect(info?.population?.value).toBeGreaterThan(0);
	});

	it('gives a tambon its DOPA row, or no population when DOPA has none', async () => {
		const info = await getPlaceInfo(database.db, 'tambon', 'TH400115');
		expect(info).toMatchObject({
			nameTh: 'บ้านเป็ด',
			codes: [
				{ label: 'adm3_pcode', value: 'TH400115' },
				{ label: 'dopa_tambon_code', value: '400115' }
			],
			population: { value: 46193, year: 2021, source: population },
			households: { value: 27738 }
		});
		expect(info?.parents.map((p) => p.code)).toEqual(['TH40', 'TH4001']);
		expect(info?.laoCounts).toBeUndefined();

		const bangNa = await getPlaceInfo(database.db, 'tambon', 'TH104701');
		expect(bangNa).toMatchObject({
			nameTh: 'บางนา',
			population: null,
			households: null,
			bangkok: true
		});
		expect(bangNa?.areaKm2?.value).toBeGreaterThan(0);
		expect(bangNa?.codes).toEqual([{ label: 'adm3_pcode', value: 'TH104701' }]);
		expect(bangNa?.sources).toEqual([boundaries]);
	});

	it('gives an SAO its linked tambons, an approximate area and a population estimate with its method', async () => {
		const info = await getPlaceInfo(database.db, 'lao', '6130704');
		expect(info).toMatchObject({
			kind: 'lao',
			code: '6130704',
			dlaCode: '6130704',
			nameTh: 'คลองควาย',
			laoType: 'subdistrict_admin_org',
			codes: [{ label: 'dla_code', value: '6130704' }],
			linkedTambons: [
				{ code: 'TH130701', coverage: 'partially', hasPolygon: true },
				{ code: 'TH130702', coverage: 'completely', hasPolygon: true }
			],
			population: {
				value: 6238,
				unit: 'people',
				year: 2021,
				referenceDate: '2021-12-31',
				approximate: true,
				method: 'sum_nonmunicipal_pop_of_covered_tambons'
			},
			households: { value: 2162, approximate: true },
			areaKm2: { approximate: true, method: 'union_of_linked_tambons', source: boundaries },
			approximate: true,
			bangkok: false
		});
		expect(info?.parents.map((p) => [p.kind, p.code])).toEqual([
			['province', 'TH13'],
			['district', 'TH1307']
		]);
		expect(info?.linkedTambons[0]?.nameTh).toEqual(expect.any(String));
		expect(info?.sources).toEqual(
			expect.arrayContaining([registry, links, boundaries, population])
		);
		expect(info?.bbox).toHaveLength(4);
	});

	it('gives a municipality its registered area and DOPA registration-office population', async () => {
		const info = await getPlaceInfo(database.db, 'lao', '5400103');
		expect(info).toMatchObject({
			registeredAreaKm2: { value: 45, unit: 'km2', source: registry, approximate: false },
			population: { value: 46193, method: 'dopa_municipal_registration_office', approximate: true },
			linkedTambons: [
				{ code: 'TH400115', nameTh: 'บ้านเป็ด', nameEn: 'Ban Pet', coverage: 'completely' }
			],
			approximate: false
		});
	});

	it('gives a PAO its province as extent and the province population', async () => {
		const info = await getPlaceInfo(database.db, 'lao', '2400101');
		expect(info).toMatchObject({
			laoType: 'provincial_admin_org',
			population: { value: 1790863, approximate: false, method: null, source: population },
			areaKm2: { approximate: false, method: null },
			linkedTambons: [],
			parents: [{ kind: 'province', code: 'TH40' }]
		});
	});

	it('links a tambon with no polygon by its DOPA name, and keeps LAOs without geometry', async () => {
		const linked = await getPlaceInfo(database.db, 'lao', '6530408');
		expect(linked?.linkedTambons).toEqual([
			{
				code: 'TH530407',
				nameTh: 'ท่าแฝก',
				nameEn: expect.any(String),
				coverage: expect.any(String),
				hasPolygon: false
			}
		]);
		expect(linked?.bbox).toBeNull();
		expect(linked?.areaKm2).toBeNull();

		const unlinked = await getPlaceInfo(database.db, 'lao', '6190307');
		expect(unlinked).toMatchObject({
			linkedTambons: [],
			areaKm2: null,
			population: null,
			households: null,
			bbox: null
		});
		expect(unlinked?.sources).toEqual([registry]);
	});

	it('finds nothing for an unknown code', async () => {
		expect(await getPlaceInfo(database.db, 'province', 'TH99')).toBeUndefined();
		expect(await getPlaceInfo(database.db, 'tambon', 'TH530407')).toBeUndefined();
		expect(await getPlaceInfo(database.db, 'lao', '1000000')).toBeUndefined();
	});
});
