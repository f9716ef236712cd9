import { describe, expect, it } from 'vitest';
import { basemapOf, ConfigError, readConfig } from './config';

/** Every setting's default: the embedded database, first-start import on, the zone rules. */
const defaults = {
	DATA_DIR: '.data',
	AUTO_IMPORT: true,
	DEMO_MODE: false,
	SESSION_IDLE_HOURS: 12,
	ZONE_MAX_VERTICES: 20000,
	ZONE_MIN_AREA_KM2: 1,
	ZONE_MAX_AREA_KM2: 10000,
	ZONE_OUTSIDE_PROVINCE_MAX_SHARE: 0.01,
	ZONE_OUTSIDE_PROVINCE_MAX_KM2: 0.5,
	ZONE_OVERLAP_MAX_HA: 1,
	/** adapter-node's default, 512K. */
	BODY_SIZE_LIMIT: 512 * 1024,
	/** The exact candidate optimiser sweeps every province after start. */
	CANDIDATE_OPTIMISER_AT_START: true,
	/** No basemap is drawn unless one is configured; its tiles exist to zoom 19 by default. */
	BASEMAP_MAX_ZOOM: 19
};

describe('readConfig', () => {
	it('defaults to the embedded database in .data with first-start import on', () => {
		expect(readConfig({})).toEqual(defaults);
	});

	it('treats empty variables as unset', () => {
		expect(readConfig({ DATABASE_URL: '', GEODATA_DIR: '', ZONE_MAX_VERTICES: '' })).toEqual(
			defaults
		);
	});

	it('reads BODY_SIZE_LIMIT as adapter-node does, in bytes', () => {
		expect(readConfig({ BODY_SIZE_LIMIT: '25M' }).BODY_SIZE_LIMIT).toBe(25 * 1024 * 1024);
		expect(readConfig({ BODY_SIZE_LIMIT: '64k' }).BODY_SIZE_LIMIT).toBe(64 * 1024);
		expect(readConfig({ BODY_SIZE_LIMIT: '1000' }).BODY_SIZE_LIMIT).toBe(1000);
		expect(readConfig({ BODY_SIZE_LIMIT: 'Infinity' }).BODY_SIZE_LIMIT).toBe(Infinity);
		expect(() => readConfig({ BODY_SIZE_LIMIT: 'lots' })).toThrow(/BODY_SIZE_LIMIT/);
	});

	it('names the variable that is wrong', () => {
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
		expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
			/DATABASE_URL: must be a postgres/
		);
		expect(() => readConfig({ AUTO_IMPORT: 'maybe' })).toThrow(/AUTO_IMPORT/);
		expect(() => readConfig({ ZONE_MAX_VERTICES: '-5' })).toThrow(/ZONE_MAX_VERTICES/);
		expect(() => readConfig({ ZONE_OUTSIDE_PROVINCE_MAX_SHARE: '2' })).toThrow(
			/ZONE_OUTSIDE_PROVINCE_MAX_SHARE/
		);
		expect(readConfig({ ZONE_OVERLAP_MAX_HA: '2.5' }).ZONE_OVERLAP_MAX_HA).toBe(2.5);
	});

	it('takes an owner URL for the same PostgreSQL database as DATABASE_URL, and only that', () => {
		const app = 'postgres://sedz_app:secret@db.example:5433/sedz';
		const owner = 'postgres://sedz_owner:other@db.example:5433/sedz';
		expect(readConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: owner })).toMatchObject({
			DATABASE_URL: app,
			DATABASE_OWNER_URL: owner
		});
		expect(() => readConfig({ DATABASE_OWNER_URL: owner })).toThrow(
			/DATABASE_OWNER_URL: needs DATABASE_URL/
		);
		for (const elsewhere of [
			'postgres://sedz_owner@db.example:5433/other',
			'postgres://sedz_owner@db.example/sedz',
			'postgres://sedz_owner@replica.example:5433/sedz'
		]) {
			expect(() => readConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: elsewhere })).toThrow(
				/DATABASE_OWNER_URL: must name the same host, port and database/
			);
		}
		expect(() => readConfig({ DATABASE_URL: app, DATABASE_OWNER_URL: 'mysql://x' })).toThrow(
			/DATABASE_OWNER_URL: must be a postgres/
		);
	});
});

describe('the basemap settings', () => {
	const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

	it('is none by default', () => {
		expect(basemapOf(readConfig({}))).toBeNull();
	});

	it('reads an XYZ template with its attribution, or a MapLibre style', () => {
		expect(
			basemapOf(readConfig({ BASEMAP_TILES: osm, BASEMAP_ATTRIBUTION: '© OpenStreetMap' }))
		).toEqual({ kind: 'raster', tiles: [osm], attribution: '© OpenStreetMap', maxzoom: 19 });
		expect(
			basemapOf(readConfig({ BASEMAP_STYLE_URL: 'https://maps.example.go.th/style.json' }))
		).toEqual({ kind: 'style', url: 'https://maps.example.go.th/style.json' });
	});

	it('refuses a template without its attribution, without {z}/{x}/{y}, or both kinds at once', () => {
		expect(() => readConfig({ BASEMAP_TILES: osm })).toThrow(/BASEMAP_ATTRIBUTION: required/);
		expect(() =>
			readConfig({ BASEMAP_TILES: 'https://t.example/tile.png', BASEMAP_ATTRIBUTION: 'x' })
		).toThrow(/BASEMAP_TILES: must contain \{z\}, \{x\} and \{y\}/);
		expect(() =>
			readConfig({
				BASEMAP_TILES: osm,
				BASEMAP_ATTRIBUTION: 'x',
				BASEMAP_STYLE_URL: 'https://maps.example.go.th/style.json'
			})
		).toThrow(/not both/);
		expect(() => readConfig({ BASEMAP_STYLE_URL: 'ftp://x/style.json' })).toThrow(
			/BASEMAP_STYLE_URL: must be an http/
		);
	});
});
