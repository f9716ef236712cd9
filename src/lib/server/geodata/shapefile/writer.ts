/**
 * An ESRI shapefile writer: .shp/.shx/.dbf bytes (and .prj/.cpg text) from polygons and attribute
 * rows, zipped with fflate. `buildShapefile` writes exactly what it is given (ring orientation,
 * unclosed rings, mismatched row counts), so tests also use it to build broken files;
 * `writePolygonShapefileZip` is the export path: it orients rings as the format requires.
 */
import { zipSync, type Zippable } from 'fflate';
import { csvDocument } from '../../csv';
import { bangkokDay } from '../../../thai-calendar';

/** GeoJSON-like input: positions may carry more than two numbers (only x and y are written). */
type Position = readonly number[];
interface MultiPolygon {
	type: 'MultiPolygon';
	coordinates: readonly (readonly (readonly Position[])[])[];
}

export type XY = [number, number];
/** Rings in the order and orientation to write them (shapefile: outer clockwise, holes not). */
export type ShapefileWriteShape = XY[][] | null;

export interface ShapefileWriteField {
	name: string;
	type: 'C' | 'N' | 'F' | 'D' | 'L';
	/** Width in bytes. */
	length: number;
	decimals?: number;
}

export type ShapefileWriteEncoding = 'utf-8' | 'windows-874' | 'windows-1252';

export interface ShapefileWriteOptions {
	/** One entry per .shp record; null writes a null shape (type 0). */
	shapes: ShapefileWriteShape[];
	fields: ShapefileWriteField[];
	/** One row per .dbf record (may differ in number from `shapes`, to test mismatches). */
	rows: (string | number | null)[][];
	/** Encoding of text values in the .dbf. Default utf-8. */
	encoding?: ShapefileWriteEncoding;
	/** .dbf language driver byte (offset 29). Default 0. */
	languageDriver?: number;
	/** 1-based record numbers to flag as deleted ('*') in the .dbf. */
	deleted?: number[];
	/** 5 Polygon (default), 15 PolygonZ or 25 PolygonM: Z/M values are written as 0. */
	shapeType?: 5 | 15 | 25;
	prj?: string;
	cpg?: string;
	/** The .dbf header's date of last update; today by default. */
	lastUpdated?: Date;
}

export interface ShapefileWriteParts {
	shp: Uint8Array;
	shx: Uint8Array;
	dbf: Uint8Array;
	prj?: string;
	cpg?: string;
}

/** Thai is U+0E01..U+0E5B; TIS-620 / windows-874 puts it at 0xA1..0xFB (byte = cp - 0x0E00 + 0xA0). */
export function encodeText(text: string, encoding: ShapefileWriteEncoding): Uint8Array {
	if (encoding === 'utf-8') return new TextEncoder().encode(text);
	const out: number[] = [];
	for (const char of text) {
		const cp = char.codePointAt(0)!;
		if (cp < 0x80) out.push(cp);
		else if (encoding === 'windows-874' && cp >= 0x0e01 && cp <= 0x0e5b)
			out.push(cp - 0x0e00 + 0xa0);
		else if (encoding === 'windows-1252' && cp >= 0xa0 && cp <= 0xff) out.push(cp);
		else throw new Error(`cannot encode U+${cp.toString(16)} in ${encoding}`);
	}
	return Uint8Array.from(out);
}

function shapeContentBytes(shape: ShapefileWriteShape, shapeType: number): number {
	if (!shape) return 4;
	const points = shape.reduce((n, ring) => n + ring.length, 0);
	let bytes = 44 + 4 * shape.length + 16 * points;
	if (shapeType === 15) bytes += 16 + 8 * points; // Z range + Z values
	if (shapeType === 15 || shapeType === 25) bytes += 16 + 8 * points; // M range + M values
	return bytes;
}

function bbox(shapes: ShapefileWriteShape[]): [number, number, number, number] {
	const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const shape of shapes) {
		for (const ring of shape ?? []) {
			for (const [x, y] of ring) {
				box[0] = Math.min(box[0], x);
				box[1] = Math.min(box[1], y);
				box[2] = Math.max(box[2], x);
				box[3] = Math.max(box[3], y);
			}
		}
	}
	return box[0] === Infinity ? [0, 0, 0, 0] : box;
}

function writeMainHeader(view: DataView, lengthBytes: number, shapeType: number, box: number[]) {
	view.setInt32(0, 9994, false);
	view.setInt32(24, lengthBytes / 2, false);
	view.setInt32(28, 1000, true);
	view.setInt32(32, shapeType, true);
	box.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

export function buildShapefile(options: ShapefileWriteOptions): ShapefileWriteParts {
	const shapeType = options.shapeType ?? 5;
	const { shapes } = options;

	// .shp and .shx
	const contents = shapes.map((s) => shapeContentBytes(s, shapeType));
	const shpLength = 100 + contents.reduce((n, c) => n + 8 + c, 0);
	const shp = new Uint8Array(shpLength);
	const shx = new Uint8Array(100 + 8 * shapes.length);
	const shpView = new DataView(shp.buffer);
	const shxView = new DataView(shx.buffer);
	const box = bbox(shapes);
	writeMainHeader(shpView, shpLength, shapeType, box);
	writeMainHeader(shxView, shx.length, shapeType, box);

	let at = 100;
	shapes.forEach((shape, index) => {
		const content = contents[index]!;
		shxView.setInt32(100 + 8 * index, at / 2, false);
		shxView.setInt32(104 + 8 * index, content / 2, false);
		shpView.setInt32(at, index + 1, false);
		shpView.setInt32(at + 4, content / 2, false);
		let p = at + 8;
		if (!shape) {
			shpView.setInt32(p, 0, true);
		} else {
			const points = shape.flat();
			shpView.setInt32(p, shapeType, true);
			bbox([shape]).forEach((v, i) => shpView.setFloat64(p + 4 + 8 * i, v, true));
			shpView.setInt32(p + 36, shape.length, true);
			shpView.setInt32(p + 40, points.length, true);
			p += 44;
			let start = 0;
			for (const ring of shape) {
				shpView.setInt32(p, start, true);
				p += 4;
				start += ring.length;
			}
			for (const [x, y] of points) {
				shpView.setFloat64(p, x, true);
				shpView.setFloat64(p + 8, y, true);
				p += 16;
			}
			// Z and/or M: a zero range and zero values, which the reader ignores.
		}
		at += 8 + content;
	});

	return {
		shp,
		shx,
		dbf: buildDbf(options),
		...(options.prj !== undefined ? { prj: options.prj } : {}),
		...(options.cpg !== undefined ? { cpg: options.cpg } : {})
	};
}

export function buildDbf(options: ShapefileWriteOptions): Uint8Array {
	const encoding = options.encoding ?? 'utf-8';
	const { fields, rows } = options;
	const headerLength = 32 + 32 * fields.length + 1;
	const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
	const dbf = new Uint8Array(headerLength + recordLength * rows.length + 1);
	const view = new DataView(dbf.buffer);
	dbf[0] = 0x03; // dBase III without memo
	// Date of last update (years since 1900, month, day), in Thailand's calendar day.
	const [year, month, day] = bangkokDay(options.lastUpdated ?? new Date())
		.split('-')
		.map(Number) as [number, number, number];
	dbf[1] = year - 1900;
	dbf[2] = month;
	dbf[3] = day;
	view.setUint32(4, rows.length, true);
	view.setUint16(8, headerLength, true);
	view.setUint16(10, recordLength, true);
	dbf[29] = options.languageDriver ?? 0;
	fields.forEach((field, i) => {
		const at = 32 + 32 * i;
		dbf.set(new TextEncoder().encode(field.name.slice(0, 10)), at);
		dbf[at + 11] = field.type.charCodeAt(0);
		dbf[at + 16] = field.length;
		dbf[at + 17] = field.decimals ?? 0;
	});
	dbf[headerLength - 1] = 0x0d;

	const deleted = new Set(options.deleted ?? []);
	rows.forEach((row, r) => {
		let at = headerLength + r * recordLength;
		dbf[at] = deleted.has(r + 1) ? 0x2a : 0x20;
		at += 1;
		fields.forEach((field, f) => {
			const value = row[f];
			const cell = new Uint8Array(field.length).fill(0x20);
			if (value !== null && value !== undefined) {
				if (field.type === 'N' || field.type === 'F') {
					const text =
						typeof value === 'number' ? value.toFixed(field.decimals ?? 0) : String(value);
					const bytes = new TextEncoder().encode(text.slice(0, field.length));
					cell.set(bytes, field.length - bytes.length); // numbers are right-aligned
				} else {
					cell.set(encodeText(String(value), encoding).subarray(0, field.length));
				}
			}
			dbf.set(cell, at);
			at += field.length;
		});
	});
	dbf[dbf.length - 1] = 0x1a; // end-of-file marker
	return dbf;
}

/** Zips the parts as `<baseName>.shp` etc.; `extra` adds or overrides entries by name. */
export function zipShapefile(
	parts: ShapefileWriteParts,
	baseName = 'fixture',
	extra: Record<string, Uint8Array | string> = {}
): Uint8Array {
	const files: Zippable = {
		[`${baseName}.shp`]: parts.shp,
		[`${baseName}.shx`]: parts.shx,
		[`${baseName}.dbf`]: parts.dbf
	};
	if (parts.prj !== undefined) files[`${baseName}.prj`] = new TextEncoder().encode(parts.prj);
	if (parts.cpg !== undefined) files[`${baseName}.cpg`] = new TextEncoder().encode(parts.cpg);
	for (const [name, data] of Object.entries(extra)) {
		files[name] = typeof data === 'string' ? new TextEncoder().encode(data) : data;
	}
	return zipSync(files);
}

export const WGS84_PRJ =
	'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

export interface PolygonShapefileFeature {
	geometry: MultiPolygon;
	/** One value per field, in the order of `fields`. */
	values: (string | number | null)[];
}

/** Text cut to a field's width in UTF-8 bytes without splitting a character. */
function fitUtf8(text: string, length: number): string {
	const bytes = new TextEncoder().encode(text);
	if (bytes.length <= length) return text;
	let end = length;
	while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
	return new TextDecoder().decode(bytes.subarray(0, end));
}

/** Twice the signed area of a ring in the plane of its coordinates: > 0 when counter-clockwise. */
function signedArea2(ring: readonly Position[]): number {
	let sum = 0;
	for (let i = 0; i + 1 < ring.length; i++) {
		sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
	}
	return sum;
}

/** A text value the .dbf could not hold whole (a field is at most 254 bytes). */
export interface CutText {
	/** 1-based record number. */
	record: number;
	field: string;
	fullText: string;
	keptCharacters: number;
}

export interface PolygonShapefileZip {
	zip: Uint8Array;
	/** Every value cut to its field's width; their full text is in the sidecar CSV. */
	cut: CutText[];
	/** The sidecar's file name in the zip, when something was cut. */
	sidecar?: string;
}

/**
 * A zipped polygon shapefile in WGS 84 (EPSG:4326) with a UTF-8 .dbf (.cpg says so): each
 * polygon's exterior ring clockwise and its holes counter-clockwise, as the ESRI format requires
 * (GeoJSON has them the other way round, RFC 7946 §3.1.6). A text longer than its field (254
 * bytes at most: 84 Thai characters in UTF-8) is cut at a character boundary and written whole
 * to `<baseName>.full-text.csv` (record, field, full text), and `README.txt` (its text given by
 * the caller: sources, licence) says so.
 */
export function writePolygonShapefileZip(
	baseName: string,
	fields: ShapefileWriteField[],
	features: PolygonShapefileFeature[],
	readme?: string
): PolygonShapefileZip {
	const shapes: ShapefileWriteShape[] = features.map((feature) =>
		feature.geometry.coordinates.flatMap((polygon) =>
			polygon.map((ring, index) => {
				const clockwise = signedArea2(ring) < 0;
				const wantClockwise = index === 0;
				const xy = ring.map((p): XY => [p[0]!, p[1]!]);
				return clockwise === wantClockwise ? xy : xy.reverse();
			})
		)
	);
	const cut: CutText[] = [];
	const rows = features.map((f, r) =>
		f.values.map((value, i) => {
			if (typeof value !== 'string') return value;
			const kept = fitUtf8(value, fields[i]!.length);
			if (kept !== value)
				cut.push({
					record: r + 1,
					field: fields[i]!.name,
					fullText: value,
					keptCharacters: [...kept].length
				});
			return kept;
		})
	);
	const parts = buildShapefile({
		shapes,
		fields,
		rows,
		encoding: 'utf-8',
		prj: WGS84_PRJ,
		cpg: 'UTF-8'
	});
	const extra: Record<string, string> = {};
	const sidecar = cut.length > 0 ? `${baseName}.full-text.csv` : undefined;
	if (sidecar) {
		extra[sidecar] = csvDocument(
			['record', 'field', 'kept_characters', 'full_text'],
			cut.map((c) => [c.record, c.field, c.keptCharacters, c.fullText])
		);
	}
	const notes = sidecar
		? [
				`Some texts were longer than a shapefile field holds (254 bytes) and were cut: ${cut
					.map(
						(c) =>
							`${c.field} of record ${c.record} (${c.keptCharacters} of ${[...c.fullText].length} characters kept)`
					)
					.join('; ')}. The full texts are in ${sidecar}.`,
				`ข้อความบางช่องยาวเกินกว่าที่ไฟล์ shapefile เก็บได้ จึงถูกตัด ข้อความเต็มอยู่ในไฟล์ ${sidecar}`
			]
		: [];
	if (readme !== undefined || sidecar)
		extra['README.txt'] = [readme ?? '', ...notes].filter(Boolean).join('\r\n\r\n') + '\r\n';
	return { zip: zipShapefile(parts, baseName, extra), cut, ...(sidecar && { sidecar }) };
}
