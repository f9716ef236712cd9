import { describe, expect, it } from 'vitest';
import {
	buildShapefile,
	captureFatal,
	utmPrj,
	WGS84_PRJ,
	type XY
} from '../../../../../tests/fixtures/shapefile-writer';
import { readShapefileParts, type LinearRing } from './index';
import { parseWkt } from './prj';

/**
 * Expected lon/lat produced with GDAL 3.6.2 / PROJ 9 (gdal-bin on Debian), e.g.
 *   printf '660000 1520000\n' | gdaltransform -s_srs EPSG:24047 -t_srs EPSG:4326 -output_xy
 * For EPSG:24047/24048 GDAL picks EPSG:1812 "Indian 1975 to WGS 84 (4)" (Thailand onshore, 3 m).
 */
const GDAL = {
	'EPSG:32647': [
		{ source: [700000, 1800000], lonLat: [100.871582182422, 16.2725566935441] },
		{ source: [660000, 1520000], lonLat: [100.479842786814, 13.7448563629689] }
	],
	'EPSG:24047': [
		{ source: [700000, 1800000], lonLat: [100.866787332125, 16.2757920379629] },
		{ source: [660000, 1520000], lonLat: [100.475103943618, 13.7480734708467] }
	],
	'EPSG:32648': [{ source: [250000, 1800000], lonLat: [102.660775969439, 16.2679042217049] }],
	'EPSG:24048': [{ source: [250000, 1800000], lonLat: [102.655156485617, 16.2711874276384] }]
} as const;

/**
 * Tolerances in degrees. 1e-6° is about 0.11 m (latitude; less in longitude at 14-16° N).
 * WGS 84 UTM is a pure projection, so only floating-point differences remain (observed < 1e-9°).
 * Indian 1975 uses the same EPSG:1812 seven parameters GDAL uses, so the same 1e-6° (~0.1 m)
 * holds (observed < 1e-10°); that is far inside the transformation's own 3 m accuracy and the
 * 1 m the importer needs. A file read without the datum shift is off by ~600 m, far outside it.
 */
const TOLERANCE_DEGREES = 1e-6;

/** A clockwise square (side in source units) whose first vertex is the point under test. */
function squareAt([x, y]: readonly [number, number], side: number): XY[] {
	return [
		[x, y],
		[x, y + side],
		[x + side, y + side],
		[x + side, y],
		[x, y]
	];
}

function firstVertex(prj: string | undefined, source: readonly [number, number], side = 100) {
	const parts = buildShapefile({
		shapes: [[squareAt(source, side)]],
		fields: [{ name: 'ID', type: 'N', length: 4 }],
		rows: [[1]],
		...(prj !== undefined ? { prj } : {})
	});
	const result = readShapefileParts('utm.shp', parts);
	const ring = result.features[0]!.geometry!.coordinates[0] as LinearRing;
	return { result, vertex: ring[0]! };
}

describe('reprojection to EPSG:4326', () => {
	const cases = [
		['EPSG:32647', utmPrj('WGS 84', 47), 'WGS 84 / UTM zone 47N'],
		['EPSG:32648', utmPrj('WGS 84', 48), 'WGS 84 / UTM zone 48N'],
		['EPSG:24047', utmPrj('Indian 1975', 47), 'Indian 1975 / UTM zone 47N'],
		['EPSG:24048', utmPrj('Indian 1975', 48), 'Indian 1975 / UTM zone 48N']
	] as const;

	for (const [code, prj, description] of cases) {
		for (const { source, lonLat } of GDAL[code]) {
			it(`${code} ${source.join(' ')} matches gdaltransform`, () => {
				const { result, vertex } = firstVertex(prj, source);
				expect(result.crs).toBe(description);
				expect(Math.abs(vertex[0] - lonLat[0])).toBeLessThan(TOLERANCE_DEGREES);
				expect(Math.abs(vertex[1] - lonLat[1])).toBeLessThan(TOLERANCE_DEGREES);
				expect(result.messages).toEqual([]);
			});
		}
	}

	it('applies the Indian 1975 datum shift (hundreds of metres from WGS 84 UTM)', () => {
		const source = [660000, 1520000] as const;
		const wgs = firstVertex(utmPrj('WGS 84', 47), source).vertex;
		const indian = firstVertex(utmPrj('Indian 1975', 47), source).vertex;
		// ~111 km per degree: the two must differ by more than 300 m.
		expect(Math.hypot(wgs[0] - indian[0], wgs[1] - indian[1]) * 111_000).toBeGreaterThan(300);
	});

	it('reads an OGC (GDAL-style) WKT for EPSG:32647', () => {
		const wkt =
			'PROJCS["WGS 84 / UTM zone 47N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",99],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","32647"]]';
		const { result, vertex } = firstVertex(wkt, GDAL['EPSG:32647'][1].source);
		expect(result.crs).toBe('WGS 84 / UTM zone 47N');
		expect(vertex[0]).toBeCloseTo(GDAL['EPSG:32647'][1].lonLat[0], 6);
		expect(vertex[1]).toBeCloseTo(GDAL['EPSG:32647'][1].lonLat[1], 6);
	});

	it('leaves WGS 84 geographic coordinates untouched', () => {
		const { result, vertex } = firstVertex(WGS84_PRJ, [100.123456789012, 14.987654321098], 0.01);
		expect(result.crs).toBe('EPSG:4326 (WGS 84)');
		expect(vertex).toEqual([100.123456789012, 14.987654321098]);
	});

	it('assumes EPSG:4326 without a .prj, with a missing-prj warning', () => {
		const { result, vertex } = firstVertex(undefined, [100.5, 14.5], 0.01);
		expect(result.crs).toBe('EPSG:4326 (WGS 84)');
		expect(vertex).toEqual([100.5, 14.5]);
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'utm.prj',
				field: '.prj',
				rule: 'missing-prj',
				detail: expect.stringContaining('EPSG:4326')
			}
		]);
	});

	it('passes other WKT with a known WGS 84 datum to proj4', () => {
		const wkt =
			'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]';
		// 100.5° E on the equator: x = R·λ with R = 6378137 m.
		const x = (6378137 * 100.5 * Math.PI) / 180;
		const { result, vertex } = firstVertex(wkt, [x, 0]);
		expect(result.crs).toBe('WGS_1984_Web_Mercator_Auxiliary_Sphere (via proj4)');
		expect(vertex[0]).toBeCloseTo(100.5, 9);
		expect(vertex[1]).toBeCloseTo(0, 9);
	});

	it('rejects a datum with no known shift to WGS 84 as unsupported-crs, naming it', () => {
		const wkt = utmPrj('Indian 1975', 47).replaceAll('Indian_1975', 'Indian_1954');
		expect(captureFatal(() => firstVertex(wkt, GDAL['EPSG:24047'][0].source))).toEqual({
			severity: 'fatal',
			file: 'utm.prj',
			field: '.prj',
			rule: 'unsupported-crs',
			detail: expect.stringContaining('"Indian_1954_UTM_Zone_47N"')
		});
	});

	it('rejects text that is not WKT as unsupported-crs', () => {
		expect(captureFatal(() => firstVertex('EPSG:32647', [1, 2]))).toEqual({
			severity: 'fatal',
			file: 'utm.prj',
			field: '.prj',
			rule: 'unsupported-crs',
			detail: expect.stringContaining('EPSG:32647')
		});
	});

	it('rejects an Indian 1975 datum on the wrong ellipsoid', () => {
		const wkt = utmPrj('Indian 1975', 47).replace('6377276.345', '6378137.0');
		expect(captureFatal(() => firstVertex(wkt, [1, 2]))).toMatchObject({
			file: 'utm.prj',
			field: '.prj',
			rule: 'unsupported-crs'
		});
	});
});

describe('WKT parser', () => {
	it('parses nested nodes, strings, numbers and bare words', () => {
		expect(parseWkt('A["x ""y""",1.5e3,B[-2],EAST]')).toEqual({
			keyword: 'A',
			args: ['x "y"', 1500, { keyword: 'B', args: [-2] }, { keyword: 'EAST', args: [] }]
		});
	});

	it('throws on broken WKT', () => {
		expect(() => parseWkt('GEOGCS["x",')).toThrow(/WKT syntax error/);
		expect(() => parseWkt('GEOGCS["x"] trailing')).toThrow(/WKT syntax error/);
	});
});
