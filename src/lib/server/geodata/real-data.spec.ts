import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, sharedGeodataDir } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { manifestEntry } from './datasets';
import type { ImportMessage } from './import-report';
import { readShapefileZip } from './shapefile';

/**
 * Oracles on the real data (../shared/geodata), imported once per run by the global setup.
 * The figures are those SOURCES.md states and the issue lists; none is read back from the import.
 */
let database: Database;
let messages: ImportMessage[];

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const run = await database.db
		.selectFrom('import_run')
		.select('messages')
		.where('status', '=', 'succeeded')
		.orderBy('id', 'desc')
		.executeTakeFirstOrThrow();
	messages = run.messages;
});
afterAll(() => database?.close());

const count = async (query: string) =>
	(await sql<{ n: number }>`${sql.raw(query)}`.execute(database.db)).rows[0]!.n;

describe('the real geography', () => {
	it('has 77 provinces, 928 districts and 7,425 tambon polygons', async () => {
		expect(await count('SELECT count(*)::int AS n FROM province')).toBe(77);
		expect(await count('SELECT count(*)::int AS n FROM district')).toBe(928);
		expect(await count('SELECT count(*)::int AS n FROM tambon')).toBe(7425);
	});

	it('gives every unit with geometry an area above zero', async () => {
		for (const table of ['province', 'district', 'tambon']) {
			expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE NOT area_km2 > 0`)).toBe(0);
		}
		expect(
			await count('SELECT count(*)::int AS n FROM lao WHERE geom IS NOT NULL AND NOT area_km2 > 0')
		).toBe(0);
	});

	it('stores for every unit the area ST_Area(geom::geography) gives its polygon', async () => {
		// Areas are summed from tambons at import; this measures each union directly.
		for (const table of ['province', 'district', 'lao']) {
			const worst = await count(
				`SELECT max(abs(area_km2 - ST_Area(geom::geography) / 1e6) / area_km2) AS n FROM ${table} WHERE geom IS NOT NULL`
			);
			expect(worst).toBeLessThan(1e-9);
		}
	});

	it("measures the country within 0.1 % of PostGIS's ellipsoidal 515,256 km²", async () => {
		const area = await count('SELECT sum(area_km2) AS n FROM province');
		expect(Math.abs(area - 515256) / 515256).toBeLessThan(0.001);
	});

	it('keeps valid polygons in EPSG:4326', async () => {
		expect(
			await count(
				'SELECT count(*)::int AS n FROM tambon WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 4326'
			)
		).toBe(0);
		expect(await count('SELECT count(*)::int AS n FROM province WHERE NOT ST_IsValid(geom)')).toBe(
			0
		);
	});

	it("uses DOPA's complete Thai names where COD-AB cut them at 50 bytes", async () => {
		const zip = path.join(sharedGeodataDir, manifestEntry('tambon_boundaries').file);
		const codAb = new Map(
			readShapefileZip('boundaries.zip', fs.readFileSync(zip)).features.map((f) => [
				String(f.properties.ADM3_PCODE),
				String(f.properties.ADM3_TH)
			])
		);
		const tambons = await database.db.selectFrom('tambon').select(['code', 'name_th']).execute();
		const completed = tambons.filter((t) => {
			const cut = codAb.get(t.code)!;
			return Buffer.byteLength(cut) >= 48 && t.name_th !== cut && t.name_th.startsWith(cut);
		});
		// SOURCES.md speaks of 11 cut names; in ADM3_TH (a 50-byte field) 7 stop at 48 bytes, with
		// no room for one more 3-byte Thai character, and DOPA's name continues each of them.
		expect(completed.map((t) => t.code).sort()).toEqual([
			'TH342504',
			'TH610612',
			'TH620112',
			'TH640905',
			'TH650905',
			'TH801210',
			'TH801214'
		]);
		expect(
			await count(`SELECT count(*)::int AS n FROM tambon t JOIN tambon_population p ON p.tambon_code = t.code
				WHERE t.name_th <> p.name_th OR t.name_th_source <> 'dopa'`)
		).toBe(0);
	});
});

describe("DLA's LAO registry", () => {
	it('has 7,849 LAOs of each type in the stated numbers', async () => {
		const byType = await sql<{ lao_type: string; n: number }>`
			SELECT lao_type, count(*)::int AS n FROM lao GROUP BY lao_type ORDER BY lao_type`.execute(
			database.db
		);
		expect(Object.fromEntries(byType.rows.map((r) => [r.lao_type, r.n]))).toEqual({
			city_municipality: 30,
			provincial_admin_org: 76,
			special_admin_area: 1,
			subdistrict_admin_org: 5300,
			subdistrict_municipality: 2247,
			town_municipality: 195
		});
	});

	it('keeps the 142 non-PAO LAOs without geometry, listed by code', async () => {
		const without = await database.db
			.selectFrom('lao')
			.select('dla_code')
			.where('geom', 'is', null)
			.where('lao_type', '<>', 'provincial_admin_org')
			.execute();
		expect(without).toHaveLength(142);
		expect(without.map((l) => l.dla_code)).toContain('6530408');
	});

	it('flags exactly the LAOs with a partial link as approximate', async () => {
		expect(
			await count(`SELECT count(*)::int AS n FROM lao l WHERE l.geom_approximate <> EXISTS (
				SELECT 1 FROM lao_tambon lt WHERE lt.dla_code = l.dla_code AND lt.coverage = 'partially')`)
		).toBe(0);
		expect(
			await count(`SELECT count(*)::int AS n FROM lao WHERE geom_approximate`)
		).toBeGreaterThan(0);
	});

	it('gives each PAO the geometry of its province', async () => {
		expect(
			await count(`SELECT count(*)::int AS n FROM lao l JOIN province p ON p.code = l.province_code
				WHERE l.lao_type = 'provincial_admin_org' AND NOT ST_Equals(l.geom, p.geom)`)
		).toBe(0);
		expect(
			await count(
				`SELECT count(DISTINCT province_code)::int AS n FROM lao WHERE lao_type = 'provincial_admin_org'`
			)
		).toBe(76);
	});

	it('has no LAO in Bangkok', async () => {
		expect(await count(`SELECT count(*)::int AS n FROM lao WHERE province_code = 'TH10'`)).toBe(0);
	});

	it('warns about the 2 office points outside Thailand and the 44 with one coordinate', () => {
		const outside = messages.filter((m) => m.rule === 'office-point-outside-thailand');
		expect(outside).toHaveLength(2);
		expect(outside.map((m) => m.detail.match(/^\((\S+), (\S+)\)/)?.slice(1))).toEqual([
			['5.022160257', '102.1515139'],
			['5', '97']
		]);
		expect(
			outside.every((m) => m.file === 'dla_lao_registry.csv' && m.field === 'office_lat')
		).toBe(true);
		expect(messages.filter((m) => m.rule === 'office-point-incomplete')).toHaveLength(44);
	});

	it('reports the two codes whose type digit disagrees with their type, keeping the type', async () => {
		const mismatched = messages.filter((m) => m.rule === 'type-digit-mismatch');
		expect(mismatched.map((m) => m.detail.slice(5, 12))).toEqual(['6130408', '6720123']);
		const types = await database.db
			.selectFrom('lao')
			.select('lao_type')
			.where('dla_code', 'in', ['6130408', '6720123'])
			.execute();
		expect(types.map((t) => t.lao_type)).toEqual([
			'subdistrict_municipality',
			'subdistrict_municipality'
		]);
	});

	it('sets suspect registered areas to no data, such as 70,370,150 km² for one SAO', async () => {
		const suspect = messages.filter((m) => m.rule === 'suspect-registered-area');
		expect(suspect.some((m) => m.detail.includes('70370150'))).toBe(true);
		expect(
			await count(`SELECT count(*)::int AS n FROM lao WHERE area_km2_registered > 25000`)
		).toBe(0);
	});
});

describe('DOPA population', () => {
	it('keeps all 7,436 rows, summing to 66,171,439', async () => {
		expect(await count('SELECT count(*)::int AS n FROM tambon_population')).toBe(7436);
		expect(await count('SELECT sum(population_total)::bigint AS n FROM tambon_population')).toBe(
			66171439
		);
	});

	it('has 14 rows matching no polygon, each warned about', async () => {
		expect(
			await count(
				`SELECT count(*)::int AS n FROM tambon_population p WHERE NOT EXISTS (SELECT 1 FROM tambon t WHERE t.code = p.tambon_code)`
			)
		).toBe(14);
		expect(messages.filter((m) => m.rule === 'population-without-polygon')).toHaveLength(14);
	});

	it('leaves 3 polygons with no population (no data, not zero)', async () => {
		const without = await sql<{ code: string }>`
			SELECT code FROM tambon t WHERE NOT EXISTS (SELECT 1 FROM tambon_population p WHERE p.tambon_code = t.code) ORDER BY code`.execute(
			database.db
		);
		expect(without.rows.map((r) => r.code)).toEqual(['TH104701', 'TH105001', 'TH530306']);
	});
});
