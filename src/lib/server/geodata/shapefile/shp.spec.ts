import { describe, expect, it } from 'vitest';
import {
	buildShapefile,
	captureFatal,
	rectangle,
	WGS84_PRJ,
	type FixtureOptions,
	type FixtureParts,
	type FixtureShape,
	type XY
} from '../../../../../tests/fixtures/shapefile-writer';
import { readShapefileParts, type LinearRing, type Position } from './index';

const fields: FixtureOptions['fields'] = [{ name: 'NAME', type: 'C', length: 20 }];

function read(shapes: FixtureShape[], extra: Partial<FixtureOptions> = {}) {
	const parts = buildShapefile({
		shapes,
		fields,
		rows: shapes.map((_, i) => [`f${i + 1}`]),
		prj: WGS84_PRJ,
		...extra
	});
	return readShapefileParts('test.shp', parts);
}

/** Twice the signed planar area: positive = counter-clockwise. */
function orientation(ring: Position[]): number {
	let sum = 0;
	for (let i = 0; i < ring.length - 1; i++) {
		sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
	}
	return sum;
}

/** The ring's vertices as a set of "x,y" strings, independent of start and direction. */
function vertexSet(ring: (Position | XY)[]): Set<string> {
	return new Set(ring.map(([x, y]) => `${x},${y}`));
}

describe('polygon records', () => {
	it('reads a polygon with a hole, exterior counter-clockwise and hole clockwise', () => {
		const outer = rectangle(100, 14, 101, 15, true);
		const hole = rectangle(100.25, 14.25, 100.5, 14.5, false);
		const result = read([[outer, hole]]);
		expect(result.messages).toEqual([]);
		const geometry = result.features[0]!.geometry!;
		expect(geometry.type).toBe('Polygon');
		const rings = geometry.coordinates as LinearRing[];
		expect(rings).toHaveLength(2);
		expect(vertexSet(rings[0]!)).toEqual(vertexSet(outer));
		expect(vertexSet(rings[1]!)).toEqual(vertexSet(hole));
		expect(orientation(rings[0]!)).toBeGreaterThan(0);
		expect(orientation(rings[1]!)).toBeLessThan(0);
		for (const ring of rings) {
			expect(ring[0]).toEqual(ring[ring.length - 1]);
			expect(ring).toHaveLength(5);
		}
	});

	it('assigns each hole to the outer ring that contains it, whatever the ring order', () => {
		const a = rectangle(100, 14, 101, 15, true);
		const b = rectangle(102, 14, 103, 15, true);
		const holeB = rectangle(102.2, 14.2, 102.4, 14.4, false);
		const holeA = rectangle(100.2, 14.2, 100.4, 14.4, false);
		const result = read([[a, holeB, b, holeA]]);
		const geometry = result.features[0]!.geometry!;
		expect(geometry.type).toBe('MultiPolygon');
		const polygons = geometry.coordinates as LinearRing[][];
		expect(polygons).toHaveLength(2);
		expect(vertexSet(polygons[0]![0]!)).toEqual(vertexSet(a));
		expect(vertexSet(polygons[0]![1]!)).toEqual(vertexSet(holeA));
		expect(vertexSet(polygons[1]![0]!)).toEqual(vertexSet(b));
		expect(vertexSet(polygons[1]![1]!)).toEqual(vertexSet(holeB));
	});

	it('gives a hole inside an island inside a hole to the island (the smallest container)', () => {
		const shell = rectangle(0, 0, 10, 10, true);
		const lake = rectangle(1, 1, 9, 9, false);
		const island = rectangle(2, 2, 8, 8, true);
		const pond = rectangle(4, 4, 5, 5, false);
		const geometry = read([[shell, lake, island, pond]]).features[0]!.geometry!;
		expect(geometry.type).toBe('MultiPolygon');
		const polygons = geometry.coordinates as LinearRing[][];
		expect(polygons.map((p) => p.length)).toEqual([2, 2]);
		expect(vertexSet(polygons[0]![1]!)).toEqual(vertexSet(lake));
		expect(vertexSet(polygons[1]![1]!)).toEqual(vertexSet(pond));
	});

	it('reads a hole that touches its shell at a vertex', () => {
		const shell = rectangle(0, 0, 4, 4, true);
		// Counter-clockwise (a hole) and starting on the shell's corner.
		const hole: XY[] = [
			[0, 0],
			[2, 1],
			[1, 2],
			[0, 0]
		];
		const geometry = read([[shell, hole]]).features[0]!.geometry!;
		expect(geometry.type).toBe('Polygon');
		expect(geometry.coordinates).toHaveLength(2);
	});

	it('reads a multipolygon and a null shape, keeping record numbers and attributes aligned', () => {
		const result = read([
			[rectangle(100, 14, 101, 15)],
			null,
			[rectangle(100, 14, 101, 15), rectangle(102, 14, 103, 15)]
		]);
		expect(result.features.map((f) => f.feature)).toEqual([1, 2, 3]);
		expect(result.features.map((f) => f.geometry?.type ?? null)).toEqual([
			'Polygon',
			null,
			'MultiPolygon'
		]);
		expect(result.features.map((f) => f.properties.NAME)).toEqual(['f1', 'f2', 'f3']);
		const multi = result.features[2]!.geometry!.coordinates as LinearRing[][];
		expect(multi).toHaveLength(2);
		for (const polygon of multi) expect(orientation(polygon[0]!)).toBeGreaterThan(0);
	});

	it.each([15, 25] as const)('reads shape type %i (Z/M) as plain polygons', (shapeType) => {
		const result = read([[rectangle(100, 14, 101, 15)], null], { shapeType });
		expect(result.features[0]!.geometry!.type).toBe('Polygon');
		expect(result.features[1]!.geometry).toBeNull();
	});

	it('closes an unclosed ring with a ring-not-closed warning', () => {
		const open: XY[] = rectangle(100, 14, 101, 15).slice(0, 4);
		const result = read([null, [open]]);
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'test.shp',
				feature: 2,
				field: 'geometry',
				rule: 'ring-not-closed',
				detail: expect.stringContaining('ring 1')
			}
		]);
		const ring = result.features[1]!.geometry!.coordinates[0] as LinearRing;
		expect(ring).toHaveLength(5);
		expect(ring[0]).toEqual(ring[4]);
	});

	it('turns a hole without a shell into a polygon of its own, with an unmatched-hole warning', () => {
		const result = read([[rectangle(100, 14, 101, 15), rectangle(105, 14, 106, 15, false)]]);
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'test.shp',
				feature: 1,
				field: 'geometry',
				rule: 'unmatched-hole',
				detail: expect.stringContaining('ring 2')
			}
		]);
		const polygons = result.features[0]!.geometry!.coordinates as LinearRing[][];
		expect(polygons).toHaveLength(2);
		for (const polygon of polygons) expect(orientation(polygon[0]!)).toBeGreaterThan(0);
	});

	it('rejects a ring with fewer than 4 points as invalid-polygon', () => {
		const sliver: XY[] = [
			[100, 14],
			[101, 15],
			[100, 14]
		];
		expect(captureFatal(() => read([[rectangle(100, 14, 101, 15)], [sliver]]))).toEqual({
			severity: 'fatal',
			file: 'test.shp',
			feature: 2,
			field: 'geometry',
			rule: 'invalid-polygon',
			detail: expect.stringContaining('at least 4')
		});
	});

	it('rejects coordinates that cannot be longitude/latitude', () => {
		// UTM metres with a WGS 84 geographic .prj.
		expect(captureFatal(() => read([[rectangle(660000, 1520000, 660100, 1520100)]]))).toEqual({
			severity: 'fatal',
			file: 'test.shp',
			feature: 1,
			field: 'geometry',
			rule: 'invalid-coordinate',
			detail: expect.stringContaining('660000')
		});
	});
});

describe('.shp / .shx structure', () => {
	const shapes: FixtureShape[] = [
		[rectangle(100, 14, 101, 15)],
		[rectangle(101, 14, 102, 15)],
		[rectangle(102, 14, 103, 15)]
	];
	const base = () =>
		buildShapefile({ shapes, fields, rows: shapes.map((_, i) => [`f${i + 1}`]), prj: WGS84_PRJ });

	/** A damaged part and the one fatal message it must give (`field` is the part's extension). */
	interface Damage {
		title: string;
		damage: (parts: FixtureParts) => void;
		file: 'test.shp' | 'test.shx' | 'test.dbf';
		feature?: number;
		rule: string;
		detail: unknown;
	}

	it.each<Damage>([
		{
			title: 'a bad file code as unreadable-file',
			damage: (parts) => new DataView(parts.shp.buffer).setInt32(0, 1234, false),
			file: 'test.shp',
			rule: 'unreadable-file',
			detail: expect.stringContaining('9994')
		},
		{
			title: 'a bad .shx file code as unreadable-file on the .shx',
			damage: (parts) => new DataView(parts.shx.buffer).setInt32(0, 0, false),
			file: 'test.shx',
			rule: 'unreadable-file',
			detail: expect.any(String)
		},
		{
			title: 'a file shorter than its header declares as truncated-file, naming the feature',
			// Cut in the middle of record 3 (each record here is 8 + 128 bytes).
			damage: (parts) => (parts.shp = parts.shp.subarray(0, 100 + 2 * 136 + 50)),
			file: 'test.shp',
			feature: 3,
			rule: 'truncated-file',
			detail: expect.stringContaining('record 3')
		},
		{
			title: 'a record whose content runs past the end as truncated-file',
			// Record 2 claims 1000 words of content.
			damage: (parts) => new DataView(parts.shp.buffer).setInt32(100 + 136 + 4, 1000, false),
			file: 'test.shp',
			feature: 2,
			rule: 'truncated-file',
			detail: expect.any(String)
		},
		{
			title: 'a record whose point count needs more bytes than it has as truncated-file',
			// numPoints of record 1 (content starts at 108; numPoints at +40).
			damage: (parts) => new DataView(parts.shp.buffer).setInt32(108 + 40, 50, true),
			file: 'test.shp',
			feature: 1,
			rule: 'truncated-file',
			detail: expect.stringContaining('50 points')
		},
		{
			title: 'a non-polygon file as unsupported-shape-type',
			damage: (parts) => new DataView(parts.shp.buffer).setInt32(32, 1, true),
			file: 'test.shp',
			rule: 'unsupported-shape-type',
			detail: expect.stringContaining('Point (1)')
		},
		{
			title: 'a non-polygon record as unsupported-shape-type, naming the feature',
			damage: (parts) => new DataView(parts.shp.buffer).setInt32(100 + 136 + 8, 3, true),
			file: 'test.shp',
			feature: 2,
			rule: 'unsupported-shape-type',
			detail: expect.stringContaining('PolyLine (3)')
		},
		{
			title: 'a .dbf with another record count as record-count-mismatch',
			damage: (parts) =>
				(parts.dbf = buildShapefile({ shapes, fields, rows: [['a'], ['b']], prj: WGS84_PRJ }).dbf),
			file: 'test.dbf',
			rule: 'record-count-mismatch',
			detail: expect.stringContaining('2 records but the .shp has 3')
		},
		{
			title: 'a .shx with another record count as record-count-mismatch',
			damage: (parts) =>
				(parts.shx = buildShapefile({ shapes: shapes.slice(0, 1), fields, rows: [['a']] }).shx),
			file: 'test.shx',
			rule: 'record-count-mismatch',
			detail: expect.stringContaining('1 records but the .shp has 3')
		}
	])('rejects $title', ({ damage, file, feature, rule, detail }) => {
		const parts = base();
		damage(parts);
		expect(captureFatal(() => readShapefileParts('test.shp', parts))).toEqual({
			severity: 'fatal',
			file,
			...(feature !== undefined && { feature }),
			field: file.slice(file.lastIndexOf('.')),
			rule,
			detail
		});
	});

	it('rejects a file cut exactly between records, naming the first missing feature', () => {
		const parts = base();
		parts.shp = parts.shp.subarray(0, 100 + 2 * 136);
		expect(captureFatal(() => readShapefileParts('test.shp', parts))).toMatchObject({
			feature: 3,
			rule: 'truncated-file'
		});
	});
});
