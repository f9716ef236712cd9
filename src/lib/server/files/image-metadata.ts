/**
 * Where and when a photo was taken (EXIF GPS and DateTimeOriginal), and a copy of the photo
 * with every metadata block removed, for JPEG, PNG and WebP (issue 16 item 2).
 *
 * A parser of our own rather than a library: reading needs the TIFF directory walk of the
 * EXIF block (about 100 lines), and stripping — which no reading library such as exifr does —
 * needs the same walk over JPEG segments, PNG chunks and RIFF chunks anyway; the formats are
 * frozen (EXIF 2.32, PNG 1.2 + eXIf, WebP container) and the code is tested on hand-built
 * files in `image-metadata.spec.ts`. Malformed input never throws: it reads as "no metadata",
 * and a file whose structure cannot be walked yields no public copy (`null`).
 */

/** A point in WGS 84 degrees (EPSG:4326), east and north positive. */
export interface PhotoPoint {
	longitude: number;
	latitude: number;
}

export interface PhotoMetadata {
	gps: PhotoPoint | null;
	/** DateTimeOriginal as an ISO instant; without an offset tag, read as Bangkok time. */
	takenAt: string | null;
}

const none: PhotoMetadata = { gps: null, takenAt: null };

// ---- TIFF (the EXIF block's own structure)

const typeSizes: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8 };

interface TiffEntry {
	type: number;
	count: number;
	/** Offset of the value within the TIFF block (inline values point into the entry). */
	valueOffset: number;
}

/** Reads the EXIF GPS and DateTimeOriginal of a TIFF block (the payload after `Exif\0\0`). */
export function readTiffMetadata(tiff: Uint8Array): PhotoMetadata {
	if (tiff.length < 8) return none;
	const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
	const order = view.getUint16(0);
	if (order !== 0x4949 && order !== 0x4d4d) return none;
	const little = order === 0x4949;
	if (view.getUint16(2, little) !== 42) return none;
	const inside = (offset: number, length: number) =>
		offset >= 0 && length >= 0 && offset + length <= tiff.length;

	function directory(offset: number): Map<number, TiffEntry> {
		const entries = new Map<number, TiffEntry>();
		if (!inside(offset, 2)) return entries;
		const count = view.getUint16(offset, little);
		for (let i = 0; i < count; i++) {
			const at = offset + 2 + i * 12;
			if (!inside(at, 12)) break;
			const tag = view.getUint16(at, little);
			const type = view.getUint16(at + 2, little);
			const valueCount = view.getUint32(at + 4, little);
			const size = (typeSizes[type] ?? 0) * valueCount;
			const valueOffset = size <= 4 ? at + 8 : view.getUint32(at + 8, little);
			if (size > 0 && inside(valueOffset, size))
				entries.set(tag, { type, count: valueCount, valueOffset });
		}
		return entries;
	}
	const text = (entry: TiffEntry | undefined) =>
		entry?.type === 2
			? new TextDecoder('latin1')
					.decode(tiff.subarray(entry.valueOffset, entry.valueOffset + entry.count))
					.replace(/\0.*$/s, '')
					.trim()
			: null;
	const long = (entry: TiffEntry | undefined) =>
		entry?.type === 4 ? view.getUint32(entry.valueOffset, little) : null;
	const degrees = (entry: TiffEntry | undefined) => {
		if (entry?.type !== 5 || entry.count !== 3) return null;
		let value = 0;
		for (let i = 0; i < 3; i++) {
			const numerator = view.getUint32(entry.valueOffset + i * 8, little);
			const denominator = view.getUint32(entry.valueOffset + i * 8 + 4, little);
			if (denominator === 0) return null;
			value += numerator / denominator / 60 ** i;
		}
		return value;
	};

	const ifd0 = directory(view.getUint32(4, little));
	let gps: PhotoPoint | null = null;
	const gpsOffset = long(ifd0.get(0x8825));
	if (gpsOffset !== null) {
		const g = directory(gpsOffset);
		const lat = degrees(g.get(2));
		const lon = degrees(g.get(4));
		const latRef = text(g.get(1));
		const lonRef = text(g.get(3));
		if (
			lat !== null &&
			lon !== null &&
			(latRef === 'N' || latRef === 'S') &&
			(lonRef === 'E' || lonRef === 'W')
		) {
			const latitude = latRef === 'S' ? -lat : lat;
			const longitude = lonRef === 'W' ? -lon : lon;
			// 0,0 is what some cameras write when they had no fix; it is in the sea off Africa.
			if (
				Math.abs(latitude) <= 90 &&
				Math.abs(longitude) <= 180 &&
				(latitude !== 0 || longitude !== 0)
			)
				gps = { longitude: round7(longitude), latitude: round7(latitude) };
		}
	}
	let takenAt: string | null = null;
	const exifOffset = long(ifd0.get(0x8769));
	if (exifOffset !== null) {
		const e = directory(exifOffset);
		const original = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(
			text(e.get(0x9003)) ?? ''
		);
		// OffsetTimeOriginal (EXIF 2.31); older cameras write none, and a photo of a Thai zone
		// was most likely taken on Bangkok time.
		const offset = /^[+-]\d{2}:\d{2}$/.exec(text(e.get(0x9011)) ?? '')?.[0] ?? '+07:00';
		if (original) {
			const [, y, mo, d, h, mi, s] = original;
			const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
			if (!Number.isNaN(instant.getTime())) takenAt = instant.toISOString();
		}
	}
	return { gps, takenAt };
}

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

// ---- JPEG segments

const exifHeader = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const iccHeader = [...'ICC_PROFILE'].map((c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
	bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

interface JpegSegment {
	marker: number;
	/** The whole segment, marker included. */
	start: number;
	end: number;
	/** The payload after the length field. */
	payload: Uint8Array;
}

/**
 * The segments before the image data (start of scan), or null when the file does not walk as
 * JPEG. `rest` is where the scan begins: everything from there is copied as it is.
 */
function jpegSegments(bytes: Uint8Array): { segments: JpegSegment[]; rest: number } | null {
	if (!startsWith(bytes, [0xff, 0xd8])) return null;
	const segments: JpegSegment[] = [];
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xff) return null;
		let markerAt = at;
		while (bytes[markerAt + 1] === 0xff) markerAt++; // fill bytes
		const marker = bytes[markerAt + 1]!;
		if (marker === 0xda || marker === 0xd9) return { segments, rest: at };
		const length = (bytes[markerAt + 2]! << 8) | bytes[markerAt + 3]!;
		const end = markerAt + 2 + length;
		if (length < 2 || end > bytes.length) return null;
		segments.push({ marker, start: at, end, payload: bytes.subarray(markerAt + 4, end) });
		at = end;
	}
	return null;
}

function readJpeg(bytes: Uint8Array): PhotoMetadata {
	const walked = jpegSegments(bytes);
	const app1 = walked?.segments.find((s) => s.marker === 0xe1 && startsWith(s.payload, exifHeader));
	return app1 ? readTiffMetadata(app1.payload.subarray(exifHeader.length)) : none;
}

/**
 * Keeps JFIF (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour transform
 * (APP14), which change how the picture looks; drops every other APPn — EXIF and XMP (APP1),
 * Photoshop/IPTC (APP13), makers' blocks — and comments. Quantisation and Huffman tables,
 * frame and scan are copied byte for byte (no re-encoding). The EXIF orientation goes too:
 * a photo taken sideways shows sideways in the public copy.
 */
function stripJpeg(bytes: Uint8Array): Uint8Array | null {
	const walked = jpegSegments(bytes);
	if (!walked) return null;
	const kept = walked.segments.filter((s) => {
		if (s.marker === 0xfe) return false;
		if (s.marker >= 0xe0 && s.marker <= 0xef)
			return (
				s.marker === 0xe0 ||
				s.marker === 0xee ||
				(s.marker === 0xe2 && startsWith(s.payload, iccHeader))
			);
		return true;
	});
	return concat([
		bytes.subarray(0, 2),
		...kept.map((s) => bytes.subarray(s.start, s.end)),
		bytes.subarray(walked.rest)
	]);
}

// ---- PNG chunks

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface PngChunk {
	type: string;
	start: number;
	end: number;
	data: Uint8Array;
}

function pngChunks(bytes: Uint8Array): PngChunk[] | null {
	if (!startsWith(bytes, pngSignature)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: PngChunk[] = [];
	let at = 8;
	while (at + 12 <= bytes.length) {
		const length = view.getUint32(at);
		const end = at + 12 + length;
		if (end > bytes.length) return null;
		const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
		chunks.push({ type, start: at, end, data: bytes.subarray(at + 8, at + 8 + length) });
		at = end;
		if (type === 'IEND') return chunks;
	}
	return null;
}

function readPng(bytes: Uint8Array): PhotoMetadata {
	const exif = pngChunks(bytes)?.find((c) => c.type === 'eXIf');
	return exif ? readTiffMetadata(exif.data) : none;
}

/** Text, time and EXIF chunks can carry names, places and dates; the picture needs none. */
const pngMetadataChunks = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

function stripPng(bytes: Uint8Array): Uint8Array | null {
	const chunks = pngChunks(bytes);
	if (!chunks) return null;
	return concat([
		bytes.subarray(0, 8),
		...chunks
			.filter((c) => !pngMetadataChunks.has(c.type))
			.map((c) => bytes.subarray(c.start, c.end))
	]);
}

// ---- WebP (RIFF) chunks

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

interface RiffChunk {
	fourcc: string;
	start: number;
	end: number;
	data: Uint8Array;
}

function webpChunks(bytes: Uint8Array): RiffChunk[] | null {
	if (!startsWith(bytes, ascii('RIFF')) || !startsWith(bytes, ascii('WEBP'), 8)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const chunks: RiffChunk[] = [];
	let at = 12;
	while (at + 8 <= bytes.length) {
		const size = view.getUint32(at + 4, true);
		const dataEnd = at + 8 + size;
		if (dataEnd > bytes.length) return null;
		const end = Math.min(bytes.length, dataEnd + (size % 2)); // chunks are padded to even
		const fourcc = String.fromCharCode(...bytes.subarray(at, at + 4));
		chunks.push({ fourcc, start: at, end, data: bytes.subarray(at + 8, dataEnd) });
		at = end;
	}
	return chunks;
}

function readWebp(bytes: Uint8Array): PhotoMetadata {
	const exif = webpChunks(bytes)?.find((c) => c.fourcc === 'EXIF');
	if (!exif) return none;
	// Some writers keep JPEG's "Exif\0\0" before the TIFF block.
	const tiff = startsWith(exif.data, exifHeader) ? exif.data.subarray(6) : exif.data;
	return readTiffMetadata(tiff);
}

function stripWebp(bytes: Uint8Array): Uint8Array | null {
	const chunks = webpChunks(bytes);
	if (!chunks) return null;
	const kept = chunks
		.filter((c) => c.fourcc !== 'EXIF' && c.fourcc !== 'XMP ')
		.map((c) => {
			const copy = bytes.slice(c.start, c.end);
			// VP8X flags: bit 3 "has EXIF", bit 2 "has XMP" (WebP container spec).
			if (c.fourcc === 'VP8X' && copy.length > 8) copy[8] = copy[8]! & ~0x0c;
			return copy;
		});
	const out = concat([bytes.subarray(0, 12), ...kept]);
	new DataView(out.buffer).setUint32(4, out.length - 8, true);
	return out;
}

// ---- The two questions the service asks

/** The photo's GPS point and time, for a media type detected by signature. */
export function readPhotoMetadata(mediaType: string, bytes: Uint8Array): PhotoMetadata {
	switch (mediaType) {
		case 'image/jpeg':
			return readJpeg(bytes);
		case 'image/png':
			return readPng(bytes);
		case 'image/webp':
			return readWebp(bytes);
		default:
			return none;
	}
}

/**
 * The photo without its metadata, for public copies; `null` for a type this cannot strip or a
 * file whose structure does not walk (then no public copy is served).
 */
export function stripPhotoMetadata(mediaType: string, bytes: Uint8Array): Uint8Array | null {
	switch (mediaType) {
		case 'image/jpeg':
			return stripJpeg(bytes);
		case 'image/png':
			return stripPng(bytes);
		case 'image/webp':
			return stripWebp(bytes);
		default:
			return null;
	}
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}
