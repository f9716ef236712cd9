import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { area } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	buildShapefile,
	utmPrj,
	zipShapefile,
	type XY
} from '../../../../tests/fixtures/shapefile-writer';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	readFixtureBytes,
	readFixtureGeometry,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { maxZoneFileBytes, parseZoneFile } from './zone-files';
import { createZone, saveZoneRevision, type SavedZone } from './zone.service';
import { exportZone } from './zone-export.service';
import type { Actor } from '../../accounts/roles';

const squareKm2 = area(readFixtureGeometry('khon-kaen-square.geojson')) / 1e6;

describe('parseZoneFile', () => {
	it('reads GeoJSON (a Feature) to a MultiPolygon', () => {
		const parsed = parseZoneFile('zone.geojson', readFixtureBytes('khon-kaen-square.geojson'));
		expect(parsed.geometry.type).toBe('MultiPolygon');
		expect(parsed.featureCount).toBe(1);
		expect(area(parsed.geometry) / 1e6).toBeCloseTo(squareKm2, 9);
	});

	it('reads KML placemarks', () => {
		const parsed = parseZoneFile('zone.kml', readFixtureBytes('khon-kaen-square.kml'));
		expect(parsed.geometry.coordinates[0]![0]![0]).toEqual([102.7, 16.3]);
		expect(area(parsed.geometry) / 1e6).toBeCloseTo(squareKm2, 9);
	});

	it('refuses a GeoJSON with a point feature, naming the feature', async () => {
		const error = await expectRefusal(() =>
			parseZoneFile('with-point.geojson', readFixtureBytes('with-point-feature.geojson'))
		);
		expect(error.problems).toEqual([
			expect.objectContaining({
				rule: 'file.not_polygonal',
				field: 'features[1]',
				message: expect.stringMatching(/Feature 2 \(“village office”\) is a Point/)
			})
		]);
	});

	it('reads a zipped shapefile in UTM zone 47N (EPSG:32647) back to WGS 84', () => {
		const utm = proj4('WGS84', '+proj=utm +zone=47 +datum=WGS84 +units=m +no_defs');
		const lonLat = readFixtureGeometry('khon-kaen-square.geojson').coordinates[0]!;
		// Shapefile outer rings run clockwise: the GeoJSON ring reversed.
		const ring = [...lonLat].reverse().map((p) => utm.forward([p[0]!, p[1]!]) as XY);
		const zip = zipShapefile(
			buildShapefile({
				shapes: [[ring]],
				fields: [{ name: 'NAME', type: 'C', length: 40 }],
				rows: [['square']],
				prj: utmPrj('WGS 84', 47),
				cpg: 'UTF-8'
			}),
			'zone-utm47'
		);
		const parsed = parseZoneFile('zone-utm47.zip', zip);
		expect(parsed.crs).toMatch(/UTM zone 47N/i);
		const first = parsed.geometry.coordinates[0]![0]!;
		for (const [lon, lat] of first) {
			const original = lonLat.find(
				(p) => Math.abs(p[0]! - lon!) < 1e-7 && Math.abs(p[1]! - lat!) < 1e-7
			);
			expect(original, `${lon}, ${lat}`).toBeDefined();
		}
		expect(area(parsed.geometry) / 1e6).toBeCloseTo(squareKm2, 6);
	});

	it('names the problem of a broken shapefile zip', async () => {
		const error = await expectRefusal(() =>
			parseZoneFile('broken.zip', new Uint8Array([1, 2, 3, 4]))
		);
		expect(error.problems[0]).toMatchObject({ rule: 'file.unreadable' });
	});

	it('refuses files over the size limit and other types', async () => {
		const tooLarge = await expectRefusal(() =>
			parseZoneFile('huge.geojson', new Uint8Array(maxZoneFileBytes + 1))
		);
		expect(tooLarge.problems[0]).toMatchObject({ rule: 'file.too_large' });
		expect(tooLarge.problems[0]!.message).toMatch(/at most 20 MB/);
		const other = await expectRefusal(() => parseZoneFile('zone.txt', new Uint8Array([123, 125])));
		expect(other.problems[0]).toMatchObject({ rule: 'file.unsupported_type' });
		const empty = await expectRefusal(() =>
			parseZoneFile(
				'empty.geojson',
				new TextEncoder().encode('{"type":"FeatureCollection","features":[]}')
			)
		);
		expect(empty.problems[0]).toMatchObject({ rule: 'file.no_polygon' });
	});

	it('merges several polygon features into one zone, with a warning', () => {
		const collection = {
			type: 'FeatureCollection',
			features: [
				[102.7, 102.73],
				[102.73, 102.76]
			].map(([w, e]) => ({
				type: 'Feature',
				properties: {},
				geometry: {
					type: 'Polygon',
					coordinates: [
						[
							[w, 16.3],
							[e, 16.3],
							[e, 16.36],
							[w, 16.36],
							[w, 16.3]
						]
					]
				}
			}))
		};
		const parsed = parseZoneFile(
			'parcels.json',
			new TextEncoder().encode(JSON.stringify(collection))
		);
		expect(parsed.featureCount).toBe(2);
		expect(parsed.geometry.coordinates).toHaveLength(1);
		expect(parsed.warnings[0]).toMatch(/2 polygonal features were merged/);
		expect(area(parsed.geometry) / 1e6).toBeCloseTo(squareKm2, 6);
	});
});

describe('exports round-trip', () => {
	let database: Database;
	let planner: Actor;
	let saved: SavedZone;

	beforeAll(async () => {
		database = await openTestDatabase('imported');
		await loadOfficialModel(database.db);
		planner = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
		saved = await createZone(database.db, {
			actor: planner,
			rules: defaultRules,
			input: {
				provinceCode: 'TH40',
				attributes: zoneAttributes('เขตส่งออก “ทดสอบ”, ขอนแก่น'),
				geometry: readFixtureGeometry('khon-kaen-square.geojson'),
				geometrySource: 'file'
			}
		});
	});
	afterAll(() => database?.close());

	const exported = (format: Parameters<typeof exportZone>[1]['format']) =>
		exportZone(database.db, {
			actor: planner,
			zoneId: saved.zone.id,
			format,
			laoTypeNames: { subdistrict_admin_org: 'อบต.' }
		});
	const bytes = (body: string | Uint8Array) =>
		typeof body === 'string' ? new TextEncoder().encode(body) : body;
	const savedKm2 = () => area(saved.revision.geometry as MultiPolygon) / 1e6;

	it.each([
		['zone.geojson', 'application/geo+json'],
		['zone.kml', 'application/vnd.google-earth.kml+xml'],
		['zone-shapefile.zip', 'application/zip']
	] as const)('%s parses back to the same area', async (format, contentType) => {
		const file = await exported(format);
		expect(file.contentType).toBe(contentType);
		expect(file.fileName).toMatch(new RegExp(`^sedz-zone-${saved.zone.id}-r1`));
		const parsed = parseZoneFile(file.fileName, bytes(file.body));
		expect(area(parsed.geometry) / 1e6).toBeCloseTo(savedKm2(), 6);
	});

	it('the shapefile keeps the Thai name and says WGS 84', async () => {
		const { readShapefileZip } = await import('../geodata/shapefile');
		const file = await exported('zone-shapefile.zip');
		const read = readShapefileZip(file.fileName, bytes(file.body));
		expect(read.crs).toMatch(/4326|WGS 84/);
		expect(read.encoding).toBe('utf-8');
		expect(read.features[0]!.properties).toMatchObject({
			ZONE_ID: saved.zone.id,
			REVISION: 1,
			NAME: 'เขตส่งออก “ทดสอบ”, ขอนแก่น',
			PROVINCE: 'TH40'
		});
	});

	it('the shapefile carries README.txt with its sources and today in the .dbf header', async () => {
		const { unzipSync } = await import('fflate');
		const file = await exported('zone-shapefile.zip');
		const files = unzipSync(bytes(file.body));
		const readme = new TextDecoder().decode(files['README.txt']);
		expect(readme).toContain('CC BY-IGO');
		expect(readme).toContain('dlads_05_01');
		const dbf = Object.entries(files).find(([name]) => name.endsWith('.dbf'))![1];
		const today = new Date(Date.now() + 7 * 3600 * 1000);
		expect([dbf[1]! + 1900, dbf[2], dbf[3]]).toEqual([
			today.getUTCFullYear(),
			today.getUTCMonth() + 1,
			today.getUTCDate()
		]);
	});

	it('a name longer than the .dbf field is cut whole characters and kept whole beside it', async () => {
		const { unzipSync } = await import('fflate');
		const { readShapefileZip } = await import('../geodata/shapefile');
		// 121 Thai characters: 363 bytes in UTF-8, over the 254 a .dbf field holds.
		const longName = 'เขตพัฒนาเศรษฐกิจพอเพียงลุ่มน้ำชีตอนกลางเพื่อความมั่นคงทางอาหาร'.repeat(2).slice(0, 121);
		// A second revision of the same zone, named at length.
		const long = await saveZoneRevision(database.db, {
			actor: planner,
			rules: defaultRules,
			zoneId: saved.zone.id,
			baseRevisionId: saved.revision.id,
			input: {
				attributes: zoneAttributes(longName),
				geometry: readFixtureGeometry('khon-kaen-square.geojson'),
				geometrySource: 'file'
			}
		});
		const file = await exportZone(database.db, {
			actor: planner,
			zoneId: saved.zone.id,
			revisionNumber: long.revision.revisionNumber,
			format: 'zone-shapefile.zip',
			laoTypeNames: {}
		});
		const files = unzipSync(bytes(file.body));
		const read = readShapefileZip(file.fileName, bytes(file.body));
		const name = String(read.features[0]!.properties.NAME);
		expect([...name]).toHaveLength(84);
		expect(longName.startsWith(name)).toBe(true);
		const sidecarName = Object.keys(files).find((n) => n.endsWith('.full-text.csv'))!;
		const sidecar = new TextDecoder().decode(files[sidecarName]);
		expect(sidecar).toContain(`1,NAME,84,${longName}`);
		expect(new TextDecoder().decode(files['README.txt'])).toContain(
			`NAME of record 1 (84 of 121 characters kept)`
		);
	});

	it('the covered-LAO CSV starts with the BOM and has one row per covered LAO', async () => {
		const file = await exported('covered-laos.csv');
		const text = file.body as string;
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = text.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toMatch(/^รหัส อปท\. \(DLA code\),/);
		expect(lines).toHaveLength(saved.revision.coveredLaos.length + 1);
		expect(lines[1]!.split(',')[0]).toBe(saved.revision.coveredLaos[0]!.dlaCode);
		// Every row ends with its sources and licences.
		expect(lines[0]).toMatch(/source and licence\)$/);
		for (const line of lines.slice(1))
			expect(line).toMatch(/Open Data Common \(attribution required\)/);
	});

	it('exports an earlier revision by number, and refuses one that does not exist', async () => {
		const first = await exportZone(database.db, {
			actor: planner,
			zoneId: saved.zone.id,
			revisionNumber: 1,
			format: 'zone.geojson',
			laoTypeNames: {}
		});
		expect(JSON.parse(first.body as string).features[0].properties.revisionNumber).toBe(1);
		await expect(
			exportZone(database.db, {
				actor: planner,
				zoneId: saved.zone.id,
				revisionNumber: 9,
				format: 'zone.geojson',
				laoTypeNames: {}
			})
		).rejects.toMatchObject({ kind: 'not_found' });
	});

	// Issue 12, defect 4: a name holding `]]>` made the KML export (and the public download, same
	// writer: src/lib/server/kml.ts) malformed XML. Runs last: it saves a second revision.
	it('KML of a zone named with ]]>, < and & is well-formed: GDAL and togeojson read the name back', async () => {
		const awkwardName = 'เขต ]]> <ก> & "ข" \'ค\'';
		// Earlier tests may have saved revisions of the same zone: build on the current one.
		const { current_revision_id: currentRevisionId } = await database.db
			.selectFrom('zone')
			.select('current_revision_id')
			.where('id', '=', saved.zone.id)
			.executeTakeFirstOrThrow();
		saved = await saveZoneRevision(database.db, {
			actor: planner,
			rules: defaultRules,
			zoneId: saved.zone.id,
			baseRevisionId: currentRevisionId!,
			input: {
				attributes: zoneAttributes(awkwardName),
				geometry: readFixtureGeometry('khon-kaen-square.geojson'),
				geometrySource: 'file'
			}
		});
		const file = await exported('zone.kml');
		const read = kml(new DOMParser().parseFromString(file.body as string, 'text/xml'));
		expect(read.features[0]!.properties!.name).toBe(awkwardName);
		const directory = mkdtempSync(join(tmpdir(), 'sedz-zone-kml-'));
		try {
			const path = join(directory, file.fileName);
			writeFileSync(path, file.body);
			// GDAL's own KML driver parses with expat, which refuses malformed XML.
			const byGdal = JSON.parse(
				execFileSync(
					'ogr2ogr',
					['--config', 'GDAL_SKIP', 'LIBKML', '-f', 'GeoJSON', '/vsistdout/', path],
					{
						encoding: 'utf8'
					}
				)
			) as { features: { properties: { Name: string } }[] };
			expect(byGdal.features[0]!.properties.Name).toBe(awkwardName);
		} finally {
			rmSync(directory, { recursive: true, force: true });
		}
	});
});
