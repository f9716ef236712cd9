import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import type { FeatureCollection, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { parseCsvRecords } from '../geodata/csv-records';
import { approvedZonesSourceLine } from '../ogc/ogc-zones.repository';
import {
	approvedZonesDownload,
	publicCsvColumns,
	publicDownloadSourceLine
} from './public-downloads';
import { bangkokDay } from '../../thai-calendar';
import {
	listPublicZoneProvinces,
	listPublicZones,
	provinceExists,
	publicZonesMap
} from './public-zone.service';
import { approvedZonesVersion } from './zone.repository';
import { runWorkflowEvent } from './workflow.service';
import { createZone, saveZoneRevision } from './zone.service';

/**
 * The public map's data and the open-data downloads, against the real database: only zones with
 * a revision in force appear, each at that revision (never an amendment's working copy), one
 * province or all, and every file carries the licence and source lines and reads back.
 */

let database: Database;
const planners: Record<string, Actor> = {};
const governors: Record<string, Actor> = {};
const squares: { TH40: Polygon[]; TH30: Polygon[] } = { TH40: [], TH30: [] };
/** Zone ids by role in the fixture. */
const made = { first40: 0, second40: 0, amended40: 0, only30: 0, draft40: 0 };

async function draft(provinceCode: 'TH40' | 'TH30', square: Polygon, name: string) {
	return createZone(database.db, {
		actor: planners[provinceCode]!,
		rules: defaultRules,
		input: {
			provinceCode,
			attributes: zoneAttributes(name),
			geometry: square,
			geometrySource: 'drawn'
		}
	});
}

/** Submitted by the province's planner and approved by its governor, through the workflow. */
async function approve(zoneId: number, revisionId: number) {
	const { province_code: provinceCode } = await database.db
		.selectFrom('zone')
		.select('province_code')
		.where('id', '=', zoneId)
		.executeTakeFirstOrThrow();
	await approveThroughWorkflow(database.db, {
		zoneId,
		revisionId,
		planner: planners[provinceCode]!,
		governor: governors[provinceCode]!
	});
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	planners.TH40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planners.TH30 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH30' });
	governors.TH40 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	governors.TH30 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH30' });
	await turnReadinessRulesOff(database.db);
	squares.TH40 = await tambonSquares(database.db, 'TH40', 6);
	squares.TH30 = await tambonSquares(database.db, 'TH30', 1);

	// Named so that the name order differs from the id order.
	const second = await draft('TH40', squares.TH40[0]!, 'ฮ เขตที่สอง');
	await approve(second.zone.id, second.revision.id);
	made.second40 = second.zone.id;
	const first = await draft('TH40', squares.TH40[1]!, 'ก เขตแรก');
	await approve(first.zone.id, first.revision.id);
	made.first40 = first.zone.id;
	const only30 = await draft('TH30', squares.TH30[0]!, 'เขตโคราช');
	await approve(only30.zone.id, only30.revision.id);
	made.only30 = only30.zone.id;
	made.draft40 = (await draft('TH40', squares.TH40[2]!, 'เขตร่างไม่เคยอนุมัติ')).zone.id;

	// Approved, then amended: the amendment (renamed, moved) is a working copy, not public.
	const amended = await draft('TH40', squares.TH40[3]!, 'ข เขตก่อนแก้ไข');
	await approve(amended.zone.id, amended.revision.id);
	made.amended40 = amended.zone.id;
	const revised = await runWorkflowEvent(database.db, {
		actor: planners.TH40!,
		zoneId: amended.zone.id,
		revisionId: amended.revision.id,
		event: 'revise'
	});
	await saveZoneRevision(database.db, {
		actor: planners.TH40,
		rules: defaultRules,
		zoneId: amended.zone.id,
		baseRevisionId: revised.zone.currentRevisionId,
		input: {
			attributes: zoneAttributes('ชื่อฉบับแก้ไขที่ยังไม่อนุมัติ'),
			geometry: squares.TH40[4]!,
			geometrySource: 'drawn'
		}
	});
});
afterAll(() => database?.close());

describe('the public list and map of approved zones', () => {
	it('lists approved zones only, at their revision in force, by province then name', async () => {
		const all = await listPublicZones(database.db);
		expect(all.map((z) => z.id)).toEqual([
			made.only30,
			made.first40,
			made.amended40,
			made.second40
		]);
		expect(all.map((z) => z.name)).not.toContain('ชื่อฉบับแก้ไขที่ยังไม่อนุมัติ');
		expect(all.find((z) => z.id === made.amended40)?.name).toBe('ข เขตก่อนแก้ไข');
		for (const zone of all) {
			expect(zone.coveredLaoCount).toBeGreaterThan(0);
			expect(zone.approvedOn).toBe(bangkokDay(new Date(zone.approvedAt!)));
		}
		const th40 = await listPublicZones(database.db, { provinceCode: 'TH40' });
		expect(th40.map((z) => z.id)).toEqual([made.first40, made.amended40, made.second40]);
	});

	it('names the provinces with approved zones, with their counts', async () => {
		expect(await listPublicZoneProvinces(database.db)).toEqual([
			{ code: 'TH30', nameTh: 'นครราชสีมา', nameEn: expect.any(String), zoneCount: 1 },
			{ code: 'TH40', nameTh: 'ขอนแก่น', nameEn: expect.any(String), zoneCount: 3 }
		]);
		expect(await provinceExists(database.db, 'TH40')).toBe(true);
		expect(await provinceExists(database.db, 'TH99')).toBe(false);
	});

	it('draws each zone at its approved geometry, simplified, with the popup figures', async () => {
		const map = await publicZonesMap(database.db, { provinceCode: 'TH40' });
		expect(map.features.map((f) => f.id)).toEqual([made.first40, made.amended40, made.second40]);
		const amended = map.features.find((f) => f.id === made.amended40)!;
		expect(amended.geometry.type).toBe('MultiPolygon');
		// The approved square, not the amendment's moved one.
		const [lon, lat] = squares.TH40[3]!.coordinates[0]![0]!;
		const ring = amended.geometry.coordinates[0]![0]!;
		expect(ring.some(([x, y]) => Math.abs(x! - lon!) < 1e-4 && Math.abs(y! - lat!) < 1e-4)).toBe(
			true
		);
		expect(amended.properties).toMatchObject({ name: 'ข เขตก่อนแก้ไข', provinceCode: 'TH40' });
		const [west, south, east, north] = map.bbox!;
		expect(west).toBeLessThan(east);
		expect(south).toBeLessThan(north);
		expect((await publicZonesMap(database.db, { provinceCode: 'TH10' })).features).toEqual([]);
	});
});

describe('approved zones downloads', () => {
	it('GeoJSON: the zones at their revision in force, with licence and source members', async () => {
		const file = await approvedZonesDownload(database.db, {
			file: 'zones.geojson',
			provinceCode: 'TH40',
			generatedAt: new Date('2026-11-26T08:00:00Z')
		});
		expect(file.fileName).toBe('sedz-approved-zones-TH40.geojson');
		expect(file.contentType).toContain('application/geo+json');
		const parsed = JSON.parse(file.body) as FeatureCollection & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		expect(parsed.type).toBe('FeatureCollection');
		expect(parsed.licence).toBe('Open Data Common (attribution)');
		expect(parsed.source).toContain(approvedZonesSourceLine);
		expect(parsed.metadata).toMatchObject({
			provinceCode: 'TH40',
			zoneCount: 3,
			generatedAt: '2026-11-26T08:00:00.000Z'
		});
		expect(parsed.features.map((f) => f.properties!.name)).toEqual([
			'ก เขตแรก',
			'ข เขตก่อนแก้ไข',
			'ฮ เขตที่สอง'
		]);
		for (const feature of parsed.features) {
			expect(feature.geometry.type).toBe('MultiPolygon');
			expect(feature.properties).toMatchObject({
				province_code: 'TH40',
				source: publicDownloadSourceLine
			});
			expect(feature.properties!.approved_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
		const all = JSON.parse(
			(await approvedZonesDownload(database.db, { file: 'zones.geojson' })).body
		) as FeatureCollection;
		expect(all.features.map((f) => f.properties!.zone_id).sort()).toEqual(
			[made.first40, made.second40, made.amended40, made.only30].sort()
		);
		expect(all.features.map((f) => f.properties!.zone_id)).not.toContain(made.draft40);
	});

	it('KML: read back by togeojson, names and ExtendedData, the source in the document', async () => {
		const file = await approvedZonesDownload(database.db, { file: 'zones.kml' });
		expect(file.fileName).toBe('sedz-approved-zones.kml');
		const document = new DOMParser().parseFromString(file.body, 'text/xml');
		const read = kml(document) as FeatureCollection;
		expect(read.features.map((f) => f.properties!.name)).toEqual([
			'เขตโคราช',
			'ก เขตแรก',
			'ข เขตก่อนแก้ไข',
			'ฮ เขตที่สอง'
		]);
		for (const feature of read.features) {
			expect(feature.geometry?.type).toMatch(/Polygon|GeometryCollection/);
			expect(feature.properties!.source).toBe(publicDownloadSourceLine);
			expect(feature.properties!).not.toHaveProperty('population_covered', 'null');
		}
		const description = document
			.getElementsByTagName('Document')[0]!
			.getElementsByTagName('description')[0]!;
		expect(description.textContent).toBe(publicDownloadSourceLine);
	});

	it('CSV: UTF-8 with BOM, one row per zone, a point inside each, the source on every row', async () => {
		const file = await approvedZonesDownload(database.db, {
			file: 'zones.csv',
			provinceCode: 'TH30'
		});
		expect(file.fileName).toBe('sedz-approved-zones-TH30.csv');
		expect(file.body.startsWith('\uFEFF')).toBe(true);
		const [header, ...rows] = parseCsvRecords(file.body.slice(1)).filter((r) => r.join('') !== '');
		expect(header).toEqual([...publicCsvColumns]);
		expect(rows).toHaveLength(1);
		const row = Object.fromEntries(header!.map((column, i) => [column, rows[0]![i]]));
		expect(row).toMatchObject({
			zone_id: String(made.only30),
			name: 'เขตโคราช',
			province_code: 'TH30',
			province_name_th: 'นครราชสีมา',
			source: publicDownloadSourceLine
		});
		// The point lies inside the approved square.
		const ring = squares.TH30[0]!.coordinates[0]!;
		const xs = ring.map((c) => c[0]!);
		const ys = ring.map((c) => c[1]!);
		expect(Number(row.longitude)).toBeGreaterThan(Math.min(...xs));
		expect(Number(row.longitude)).toBeLessThan(Math.max(...xs));
		expect(Number(row.latitude)).toBeGreaterThan(Math.min(...ys));
		expect(Number(row.latitude)).toBeLessThan(Math.max(...ys));
		expect(Number(row.covered_lao_count)).toBeGreaterThan(0);

		const none = await approvedZonesDownload(database.db, {
			file: 'zones.csv',
			provinceCode: 'TH10'
		});
		expect(parseCsvRecords(none.body.slice(1)).filter((r) => r.join('') !== '')).toEqual([
			[...publicCsvColumns]
		]);
	});
});

// Last: it approves one more zone, which the download tests above do not expect.
describe('the public zones version', () => {
	it('changes when a zone is approved, not when one is drafted', async () => {
		// The public map's answer (`GET /api/public/zones`) and the zone list are cached per this
		// version: a draft must not bust them, an approval must.
		const before = await approvedZonesVersion(database.db);
		const later = await draft('TH40', squares.TH40[5]!, 'ค เขตใหม่');
		expect(await approvedZonesVersion(database.db)).toBe(before);
		await approve(later.zone.id, later.revision.id);
		const after = await approvedZonesVersion(database.db);
		expect(after).not.toBe(before);
		const map = await publicZonesMap(database.db, { provinceCode: 'TH40' });
		expect(map.features.map((f) => f.id)).toContain(later.zone.id);
	});
});
