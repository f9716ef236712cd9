/**
 * The .shp (geometry records) and .shx (record index) files, after the ESRI Shapefile Technical
 * Description (1998). Headers are 100 bytes; lengths in headers are in 16-bit words, big-endian;
 * record contents are little-endian. Only polygons are read: types 5, 15 (Z) and 25 (M), whose
 * X/Y layout is identical; Z and M values follow the points and are ignored.
 */
import { fatal, ImportFatalError, warning, type ImportMessage } from '../import-report';
import type { Transform } from './prj';
import { assembleRings, ringInfo, type RingInfo } from './rings';
import type { LinearRing, PolygonGeometry, Position } from './types';

const FILE_CODE = 9994;
export const HEADER_BYTES = 100;
/** Shape type, bounding box (4 doubles), numParts, numPoints: bytes before the parts array. */
const POLYGON_FIXED_BYTES = 44;

const SUPPORTED_TYPES = new Set([0, 5, 15, 25]);
const SHAPE_TYPE_NAMES: Record<number, string> = {
	0: 'Null',
	1: 'Point',
	3: 'PolyLine',
	5: 'Polygon',
	8: 'MultiPoint',
	11: 'PointZ',
	13: 'PolyLineZ',
	15: 'PolygonZ',
	18: 'MultiPointZ',
	21: 'PointM',
	23: 'PolyLineM',
	25: 'PolygonM',
	28: 'MultiPointM',
	31: 'MultiPatch'
};

function shapeTypeName(type: number): string {
	return `${SHAPE_TYPE_NAMES[type] ?? 'unknown'} (${type})`;
}

export interface ShpRecord {
	/** 1-based position in the file, the number every message uses. */
	feature: number;
	shapeType: number;
	/** Byte offset of the record content (after the 8-byte record header). */
	contentOffset: number;
	/** Content length in bytes. */
	contentLength: number;
}

export interface ShpFile {
	shapeType: number;
	records: ShpRecord[];
	view: DataView;
}

/** Reads the 100-byte main header shared by .shp and .shx; returns the declared length in bytes. */
function readMainHeader(file: string, field: string, bytes: Uint8Array, view: DataView): number {
	if (bytes.length >= 4 && view.getInt32(0, false) !== FILE_CODE) {
		throw fatal({
			file,
			field,
			rule: 'unreadable-file',
			detail: `file code ${view.getInt32(0, false)}, expected ${FILE_CODE}: not a shapefile ${field}`
		});
	}
	if (bytes.length < HEADER_BYTES) {
		throw fatal({
			file,
			field,
			rule: 'truncated-file',
			detail: `${bytes.length} bytes is shorter than the ${HEADER_BYTES}-byte header`
		});
	}
	const declared = view.getInt32(24, false) * 2;
	if (declared < HEADER_BYTES) {
		throw fatal({
			file,
			field,
			rule: 'unreadable-file',
			detail: `the header declares a file length of ${declared} bytes`
		});
	}
	return declared;
}

/** The .shp main header (its first 100 bytes, fewer if the file is shorter): length and type. */
export function readShpHeader(
	file: string,
	bytes: Uint8Array
): { declared: number; shapeType: number } {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const declared = readMainHeader(file, '.shp', bytes, view);
	const shapeType = view.getInt32(32, true);
	if (!SUPPORTED_TYPES.has(shapeType)) {
		throw fatal({
			file,
			field: '.shp',
			rule: 'unsupported-shape-type',
			detail: `shape type ${shapeTypeName(shapeType)}; only Polygon, PolygonZ and PolygonM are supported`
		});
	}
	return { declared, shapeType };
}

/**
 * Where record `feature`, whose 8-byte header starts at `offset`, has its content; fatal
 * `truncated-file` when the header or the content runs past the file (`fileLength` bytes) or
 * past the length the main header declares. `contentWords` is null when the file ends before
 * the record header.
 */
export function shpRecordBounds(
	file: string,
	feature: number,
	offset: number,
	contentWords: number | null,
	fileLength: number,
	declared: number
): { contentOffset: number; contentLength: number } {
	const truncated = (detail: string) =>
		fatal({ file, feature, field: '.shp', rule: 'truncated-file', detail });
	if (contentWords === null || offset + 8 > fileLength || offset + 8 > declared) {
		throw truncated(
			`the file ends at byte ${Math.min(fileLength, declared)} before record ${feature}'s header; the header declares ${declared} bytes`
		);
	}
	const contentLength = contentWords * 2;
	const contentOffset = offset + 8;
	const contentEnd = contentOffset + contentLength;
	if (contentLength < 4 || contentEnd > fileLength || contentEnd > declared) {
		throw truncated(
			contentLength < 4
				? `record ${feature} declares ${contentLength} content bytes`
				: `record ${feature} needs bytes ${contentOffset}-${contentEnd} but the file ends at byte ${Math.min(fileLength, declared)} (${fileLength} bytes, header declares ${declared})`
		);
	}
	return { contentOffset, contentLength };
}

/** Fatal `unsupported-shape-type` for a record that is not a (null) polygon. */
export function checkRecordShapeType(file: string, feature: number, recordType: number): void {
	if (!SUPPORTED_TYPES.has(recordType)) {
		throw fatal({
			file,
			feature,
			field: '.shp',
			rule: 'unsupported-shape-type',
			detail: `record shape type ${shapeTypeName(recordType)}; only Polygon, PolygonZ and PolygonM are supported`
		});
	}
}

/**
 * Walks the record headers of the .shp. Fatal `truncated-file` (naming the feature) when a record
 * runs past the end of the bytes or of the declared file length, and when the header declares more
 * bytes than the file has; fatal `unsupported-shape-type` for anything but (null) polygons.
 */
export function readShp(file: string, bytes: Uint8Array): ShpFile {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const { declared, shapeType } = readShpHeader(file, bytes);

	const records: ShpRecord[] = [];
	let offset = HEADER_BYTES;
	while (offset < declared) {
		const feature = records.length + 1;
		const words = offset + 8 <= bytes.length ? view.getInt32(offset + 4, false) : null;
		const { contentOffset, contentLength } = shpRecordBounds(
			file,
			feature,
			offset,
			words,
			bytes.length,
			declared
		);
		const recordType = view.getInt32(contentOffset, true);
		checkRecordShapeType(file, feature, recordType);
		records.push({ feature, shapeType: recordType, contentOffset, contentLength });
		offset = contentOffset + contentLength;
	}
	return { shapeType, records, view };
}

/** Number of records the .shx indexes (8 bytes each after the header). */
export function readShxCount(file: string, bytes: Uint8Array): number {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const declared = readMainHeader(file, '.shx', bytes, view);
	if (declared > bytes.length) {
		throw fatal({
			file,
			field: '.shx',
			rule: 'truncated-file',
			detail: `the header declares ${declared} bytes but the file has ${bytes.length}`
		});
	}
	return Math.floor((declared - HEADER_BYTES) / 8);
}

/** Reused across records: interleaved x, y of the current record (no per-record allocation). */
let scratch = new Float64Array(1024);

/**
 * One polygon record -> GeoJSON in EPSG:4326. Null shapes and polygons with no parts give null.
 * Fatal `invalid-polygon` for a ring of fewer than 4 points (after closing) or broken part
 * indices, `invalid-coordinate` for a coordinate that is not finite or not a longitude/latitude
 * after reprojection. Warnings: `ring-not-closed`, `unmatched-hole`, `empty-polygon`.
 */
export function readPolygon(
	file: string,
	shp: ShpFile,
	record: ShpRecord,
	transform: Transform | null,
	messages: ImportMessage[]
): PolygonGeometry | null {
	if (record.shapeType === 0) return null;
	const { view } = shp;
	const { feature, contentOffset: at, contentLength } = record;
	const invalid = (detail: string) =>
		fatal({ file, feature, field: 'geometry', rule: 'invalid-polygon', detail });

	if (contentLength < POLYGON_FIXED_BYTES) {
		throw fatal({
			file,
			feature,
			field: '.shp',
			rule: 'truncated-file',
			detail: `a polygon record needs at least ${POLYGON_FIXED_BYTES} bytes; record ${feature} has ${contentLength}`
		});
	}
	const numParts = view.getInt32(at + 36, true);
	const numPoints = view.getInt32(at + 40, true);
	if (numParts < 0 || numPoints < 0) {
		throw invalid(`negative counts: ${numParts} parts, ${numPoints} points`);
	}
	const pointsAt = at + POLYGON_FIXED_BYTES + 4 * numParts;
	const needed = POLYGON_FIXED_BYTES + 4 * numParts + 16 * numPoints;
	if (needed > contentLength) {
		throw fatal({
			file,
			feature,
			field: '.shp',
			rule: 'truncated-file',
			detail: `${numParts} parts and ${numPoints} points need ${needed} bytes but record ${feature} has ${contentLength}`
		});
	}
	if (numParts === 0) {
		messages.push(
			warning({
				file,
				feature,
				field: 'geometry',
				rule: 'empty-polygon',
				detail: 'a polygon record with no rings; read as no geometry'
			})
		);
		return null;
	}

	if (scratch.length < 2 * numPoints) scratch = new Float64Array(2 * numPoints);
	const xy = scratch;
	for (let i = 0, p = pointsAt; i < numPoints; i++, p += 16) {
		const x = view.getFloat64(p, true);
		const y = view.getFloat64(p + 8, true);
		if (!Number.isFinite(x) || !Number.isFinite(y)) {
			throw fatal({
				file,
				feature,
				field: 'geometry',
				rule: 'invalid-coordinate',
				detail: `point ${i + 1} is (${x}, ${y}): not a finite coordinate`
			});
		}
		xy[2 * i] = x;
		xy[2 * i + 1] = y;
	}

	const rings: RingInfo[] = [];
	const closed: boolean[] = [];
	for (let r = 0; r < numParts; r++) {
		const start = view.getInt32(at + POLYGON_FIXED_BYTES + 4 * r, true);
		const end =
			r + 1 < numParts ? view.getInt32(at + POLYGON_FIXED_BYTES + 4 * (r + 1), true) : numPoints;
		if ((r === 0 && start !== 0) || start < 0 || end <= start || end > numPoints) {
			throw invalid(
				`ring ${r + 1} spans points ${start}..${end} of ${numPoints}: the part index is broken`
			);
		}
		const isClosed = xy[2 * start] === xy[2 * (end - 1)] && xy[2 * start + 1] === xy[2 * end - 1];
		const count = end - start + (isClosed ? 0 : 1);
		if (count < 4) {
			throw invalid(
				`ring ${r + 1} has ${count} points once closed; a polygon ring needs at least 4 (a triangle and its closing point)`
			);
		}
		if (!isClosed) {
			messages.push(
				warning({
					file,
					feature,
					field: 'geometry',
					rule: 'ring-not-closed',
					detail: `ring ${r + 1} does not end at its first point; it was closed by repeating that point`
				})
			);
		}
		rings.push(ringInfo(xy, start, end));
		closed.push(isClosed);
	}

	const { polygons, unmatchedHoles } = assembleRings(xy, rings);
	for (const h of unmatchedHoles) {
		messages.push(
			warning({
				file,
				feature,
				field: 'geometry',
				rule: 'unmatched-hole',
				detail: `ring ${h + 1} is counter-clockwise (a hole) but no outer ring contains it; read as an outer ring`
			})
		);
	}

	const output = (index: number, exterior: boolean): LinearRing => {
		const ring = rings[index]!;
		const positions: Position[] = new Array(ring.end - ring.start);
		for (let i = ring.start, k = 0; i < ring.end; i++, k++) {
			const x = xy[2 * i]!;
			const y = xy[2 * i + 1]!;
			let position: Position;
			try {
				position = transform ? transform(x, y) : [x, y];
			} catch (error) {
				if (error instanceof ImportFatalError) throw error;
				position = [NaN, NaN];
			}
			const [lon, lat] = position;
			// NaN fails both comparisons, so this also catches non-finite results.
			if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
				throw fatal({
					file,
					feature,
					field: 'geometry',
					rule: 'invalid-coordinate',
					detail: `point (${x}, ${y}) becomes (${lon}, ${lat}), not a longitude/latitude: is the .prj right?`
				});
			}
			positions[k] = position;
		}
		if (!closed[index]) positions.push([positions[0]![0], positions[0]![1]]);
		// RFC 7946: exteriors counter-clockwise, holes clockwise, judged after reprojection.
		const area = lonLatDoubleArea(positions);
		if (exterior ? area < 0 : area > 0) positions.reverse();
		return positions;
	};

	const coordinates = polygons.map((ringIndexes) =>
		ringIndexes.map((index, position) => output(index, position === 0))
	);
	return coordinates.length === 1
		? { type: 'Polygon', coordinates: coordinates[0]! }
		: { type: 'MultiPolygon', coordinates };
}

/** Twice the signed planar area of a closed ring in lon/lat (positive = counter-clockwise). */
function lonLatDoubleArea(ring: Position[]): number {
	const [x0, y0] = ring[0]!;
	let sum = 0;
	for (let i = 1; i < ring.length - 1; i++) {
		const a = ring[i]!;
		const b = ring[i + 1]!;
		sum += (a[0] - x0) * (b[1] - y0) - (b[0] - x0) * (a[1] - y0);
	}
	return sum;
}
