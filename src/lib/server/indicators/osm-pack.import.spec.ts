import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, sharedGeodataDir } from '../../../../tests/setup/test-database';
import { osmPackIndicators, osmPoiPackSourceLine } from '../../indicators/osm-poi-pack';
import type { Database } from '../db/database';
import { importGeodata } from '../geodata/import.service';
import { importIndicatorCsv } from './indicator-import.service';
import { loadLaoIndicators } from './lao-indicators.service';

/** The real pack beside the geodata (../shared/indicators), read-only. */
const osmFile = path.join(sharedGeodataDir, '..', 'indicators', 'osm_tambon_poi_density_2024.csv');
const osmBytes = fs.readFileSync(osmFile);

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

/** One row of the file as column → text (no field of this file is quoted). */
function fileRow(subId: string): Record<string, string> {
	const lines = osmBytes
		.toString('utf8')
		.replace(/^\uFEFF/, '')
		.split(/\r?\n/);
	const names = lines[0]!.split(',');
	const line = lines.find((l) => l.startsWith(`${subId},`))!;
	const cells = line.split(',');
	return Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
}

const storedOsmValues = () =>
	database.db
		.selectFrom('indicator_value')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('indicator_key', 'like', 'osm_%')
		.executeTakeFirstOrThrow()
		.then((r) => Number(r.n));

describe('the OpenStreetMap points-of-interest pack', () => {
	it('is refused by the geodata import, which knows only its datasets', async () => {
		const result = await importGeodata(database.db, [sharedGeodataDir, osmFile], {
			trigger: 'test'
		});
		expect(result.status).toBe('failed');
		expect(result.messages.filter((m) => m.severity === 'fatal')).toMatchObject([
			{ file: osmFile, field: 'file', rule: 'unknown-file-kind' }
		]);
	});

	it('refuses a bad row whole, naming the row and column, and stores nothing', async () => {
		const lines = osmBytes.toString('utf8').split(/\r?\n/).slice(0, 4);
		const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
		const col = (name: string) => header.indexOf(name);
		const edit = (line: string, name: string, value: string) => {
			const cells = line.split(',');
			cells[col(name)] = value;
			return cells.join(',');
		};
		const bad = [
			lines[0]!,
			edit(lines[1]!, 'sub_id', '999999'),
			edit(lines[2]!, 'amenity_school', '-1'),
			edit(lines[3]!, 'historic', 'ไม่มี')
		].join('\n');
		const before = await storedOsmValues();
		const result = await importIndicatorCsv(database.db, {
			fileName: 'osm.csv',
			bytes: new TextEncoder().encode(bad),
			trigger: 'test'
		});
		expect(result.status).toBe('failed');
		expect(result.messages).toMatchObject([
			{ severity: 'fatal', row: 1, field: 'sub_id', rule: 'unknown-code' },
			{ severity: 'fatal', row: 2, field: 'amenity_school', rule: 'negative-value' },
			{ severity: 'fatal', row: 3, field: 'historic', rule: 'invalid-value' }
		]);
		expect(await storedOsmValues()).toBe(before);
		expect(
			await database.db
				.selectFrom('indicator')
				.select('key')
				.where('key', 'like', 'osm_%')
				.execute()
		).toEqual([]);
	});

	it('loads counts (density × size) and densities per tambon, named and grouped', async () => {
		const result = await importIndicatorCsv(database.db, {
			fileName: osmFile,
			bytes: osmBytes,
			trigger: 'test'
		});
		expect(result.status).toBe('succeeded');
		expect(result.counts).toMatchObject({
			rows: 7213,
			tambon_values: 7213 * osmPackIndicators.length,
			new_indicators: osmPackIndicators.length
		});
		const catalogue = await database.db
			.selectFrom('indicator')
			.selectAll()
			.where('key', 'like', 'osm_%')
			.orderBy('key')
			.execute();
		expect(catalogue.map((c) => c.key)).toEqual(osmPackIndicators.map((i) => i.key).sort());
		for (const c of catalogue) {
			expect(c.description).toContain('a zero means none mapped, not none there');
			expect(c.name_th).toMatch(/OpenStreetMap/);
			expect(c.aggregation).toBe(c.key.endsWith('_per_km2') ? 'area_weighted_mean' : 'sum');
		}

		// บางโปรง (TH110111): its row of the file, by hand.
		const row = fileRow('110111');
		const size = Number(row.size);
		const stored = await database.db
			.selectFrom('indicator_value')
			.select(['indicator_key', 'value', 'source', 'unit'])
			.where('unit_code', '=', 'TH110111')
			.where('indicator_key', 'in', ['osm_local_assets', 'osm_local_assets_per_km2'])
			.orderBy('indicator_key')
			.execute();
		const localAssets = ['tourism_attraction', 'historic', 'natural'];
		expect(stored).toEqual([
			{
				indicator_key: 'osm_local_assets',
				value: localAssets.reduce((s, c) => s + Math.round(Number(row[c]) * size), 0),
				source: osmPoiPackSourceLine,
				unit: 'places'
			},
			{
				indicator_key: 'osm_local_assets_per_km2',
				value: localAssets.reduce((s, c) => s + Number(row[c]), 0),
				source: osmPoiPackSourceLine,
				unit: 'places/km²'
			}
		]);
	});

	it('rolls counts up to LAOs by sum, approximate where a tambon is only partly the LAO’s', async () => {
		const figures = await loadLaoIndicators(database.db, [
			'osm_places_of_worship',
			'osm_places_of_worship_per_km2'
		]);
		// บางโปรง covers its one tambon whole.
		const whole = figures.get('6110112')!;
		const row = fileRow('110111');
		expect(whole.osm_places_of_worship).toMatchObject({
			value: Math.round(Number(row.amenity_place_of_worship) * Number(row.size)),
			approximate: false,
			year: 2024
		});
		// An LAO with a partially linked tambon: the figure is marked approximate.
		const partial = await database.db
			.selectFrom('lao_tambon')
			.innerJoin('lao', 'lao.dla_code', 'lao_tambon.dla_code')
			.select('lao.dla_code')
			.where('lao_tambon.coverage', '=', 'partially')
			.where('lao.lao_type', '=', 'subdistrict_admin_org')
			.orderBy('lao.dla_code')
			.executeTakeFirstOrThrow();
		expect(figures.get(partial.dla_code)!.osm_places_of_worship?.approximate).toBe(true);
		expect(figures.get(partial.dla_code)!.osm_places_of_worship_per_km2?.approximate).toBe(true);

		// Importing the same file again changes no value.
		const before = await database.db
			.selectFrom('indicator_value')
			.select(['unit_code', 'indicator_key', 'value'])
			.where('indicator_key', 'like', 'osm_%')
			.orderBy('unit_code')
			.orderBy('indicator_key')
			.execute();
		const again = await importIndicatorCsv(database.db, {
			fileName: osmFile,
			bytes: osmBytes,
			trigger: 'test'
		});
		expect(again).toMatchObject({ status: 'succeeded', counts: { new_indicators: 0 } });
		const after = await database.db
			.selectFrom('indicator_value')
			.select(['unit_code', 'indicator_key', 'value'])
			.where('indicator_key', 'like', 'osm_%')
			.orderBy('unit_code')
			.orderBy('indicator_key')
			.execute();
		expect(after).toEqual(before);
	});
});
