/**
 * Reading a shapefile zip without trusting it. The central directory is read by hand so the
 * entry count and the declared uncompressed sizes can be checked before anything is inflated;
 * inflation then uses Node's native zlib with `maxOutputLength`, so an entry that produces more
 * bytes than it declared (a lying zip bomb) is stopped by zlib itself, and each entry's CRC-32 is
 * verified. Native zlib inflates the 10 MB of the real boundary file several times faster than
 * fflate's JavaScript inflater (fflate stays in use by the test fixtures to write zips).
 */
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { fatal, ImportFatalError } from '../import-report';
import type { ZipLimits } from './types';

export interface ZipEntry {
	name: string;
	/** 0 = stored, 8 = deflate; anything else is refused when the entry is extracted. */
	method: number;
	flags: number;
	crc32: number;
	/** Bytes of the (compressed) data in the zip. */
	compressedSize: number;
	/** Bytes after inflation, as declared by the central directory. */
	uncompressedSize: number;
	/** Byte offset of the entry's local file header. */
	localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const EOCD64_LOCATOR_SIGNATURE = 0x07064b50;
const EOCD64_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Fixed part of the end-of-central-directory record, in bytes. */
const EOCD_SIZE = 22;
/** The zip comment is at most 65,535 bytes, so the EOCD starts at most this far from the end. */
const MAX_EOCD_SEARCH = EOCD_SIZE + 0xffff;

function unreadable(file: string, detail: string, field = '.zip'): ImportFatalError {
	return fatal({ file, field, rule: 'unreadable-file', detail });
}

function readU64(view: DataView, offset: number, file: string): number {
	const value = view.getBigUint64(offset, true);
	if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
		throw unreadable(file, `a zip64 size or offset (${value}) is too large to be real`);
	}
	return Number(value);
}

/**
 * Reads the central directory. Refuses (`zip-too-large`) more than `limits.maxEntries` entries or
 * a declared uncompressed total above `limits.maxExpandedBytes` — before any inflation.
 */
export function listZipEntries(file: string, bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
	if (bytes.length < EOCD_SIZE) {
		throw unreadable(file, `the file is ${bytes.length} bytes, too short to be a zip`);
	}
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

	let eocd = -1;
	const lowest = Math.max(0, bytes.length - MAX_EOCD_SEARCH);
	for (let i = bytes.length - EOCD_SIZE; i >= lowest; i--) {
		if (view.getUint32(i, true) === EOCD_SIGNATURE) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw unreadable(file, 'no end-of-central-directory record: not a zip file');

	let entryCount = view.getUint16(eocd + 10, true);
	let directorySize = view.getUint32(eocd + 12, true);
	let directoryOffset = view.getUint32(eocd + 16, true);

	// Zip64: the 32-bit fields are saturated and the real values live in the zip64 EOCD record.
	const locator = eocd - 20;
	if (locator >= 0 && view.getUint32(locator, true) === EOCD64_LOCATOR_SIGNATURE) {
		const eocd64 = readU64(view, locator + 8, file);
		if (eocd64 + 56 > bytes.length || view.getUint32(eocd64, true) !== EOCD64_SIGNATURE) {
			throw unreadable(file, 'the zip64 end-of-central-directory record is missing or damaged');
		}
		entryCount = readU64(view, eocd64 + 32, file);
		directorySize = readU64(view, eocd64 + 40, file);
		directoryOffset = readU64(view, eocd64 + 48, file);
	}

	if (entryCount > limits.maxEntries) {
		throw fatal({
			file,
			field: '.zip',
			rule: 'zip-too-large',
			detail: `the zip has ${entryCount} entries; at most ${limits.maxEntries} are accepted`
		});
	}
	if (directoryOffset + directorySize > bytes.length) {
		throw unreadable(file, 'the central directory runs past the end of the file (truncated zip)');
	}

	const entries: ZipEntry[] = [];
	let declaredTotal = 0;
	let at = directoryOffset;
	for (let i = 0; i < entryCount; i++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
			throw unreadable(file, `central directory entry ${i + 1} is damaged`);
		}
		const flags = view.getUint16(at + 8, true);
		const method = view.getUint16(at + 10, true);
		const crc32 = view.getUint32(at + 16, true);
		let compressedSize = view.getUint32(at + 20, true);
		let uncompressedSize = view.getUint32(at + 24, true);
		const nameLength = view.getUint16(at + 28, true);
		const extraLength = view.getUint16(at + 30, true);
		const commentLength = view.getUint16(at + 32, true);
		let localHeaderOffset = view.getUint32(at + 42, true);
		const nameStart = at + 46;
		const extraStart = nameStart + nameLength;
		const next = extraStart + extraLength + commentLength;
		if (next > bytes.length) throw unreadable(file, `central directory entry ${i + 1} is damaged`);

		// Zip64 extended information (header id 0x0001) holds, in this order, only the fields whose
		// 32-bit value is saturated (0xFFFFFFFF).
		for (let e = extraStart; e + 4 <= extraStart + extraLength;) {
			const id = view.getUint16(e, true);
			const size = view.getUint16(e + 2, true);
			if (id === 0x0001) {
				let p = e + 4;
				const end = p + size;
				if (uncompressedSize === 0xffffffff && p + 8 <= end) {
					uncompressedSize = readU64(view, p, file);
					p += 8;
				}
				if (compressedSize === 0xffffffff && p + 8 <= end) {
					compressedSize = readU64(view, p, file);
					p += 8;
				}
				if (localHeaderOffset === 0xffffffff && p + 8 <= end) {
					localHeaderOffset = readU64(view, p, file);
				}
			}
			e += 4 + size;
		}

		// Bit 11: the name is UTF-8. Otherwise it is nominally CP437, but Thai Windows tools write
		// their own code page; names only matter for matching extensions and for messages.
		const rawName = bytes.subarray(nameStart, extraStart);
		const name = decodeZipName(rawName, (flags & 0x800) !== 0);

		declaredTotal += uncompressedSize;
		entries.push({
			name,
			method,
			flags,
			crc32,
			compressedSize,
			uncompressedSize,
			localHeaderOffset
		});
		at = next;
	}

	if (declaredTotal > limits.maxExpandedBytes) {
		throw fatal({
			file,
			field: '.zip',
			rule: 'zip-too-large',
			detail: `the zip declares ${declaredTotal} bytes uncompressed; at most ${limits.maxExpandedBytes} are accepted`
		});
	}
	return entries;
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeZipName(raw: Uint8Array, utf8Flag: boolean): string {
	if (utf8Flag) return new TextDecoder('utf-8').decode(raw);
	try {
		return utf8Fatal.decode(raw);
	} catch {
		return latin1.decode(raw);
	}
}

/**
 * Inflates one entry. `budget` is the number of bytes this extraction may still produce (what is
 * left of `maxExpandedBytes`). Damage inside the entry is reported as `zip/entry`.
 */
export function extractZipEntry(
	zipFile: string,
	bytes: Uint8Array,
	entry: ZipEntry,
	budget: number
): Uint8Array {
	const innerFile = `${zipFile}/${entry.name}`;
	// Damage inside one entry is reported on that part (`tambon.zip/tambon.dbf`, field `.dbf`).
	const dot = entry.name.lastIndexOf('.');
	const part = dot > entry.name.lastIndexOf('/') ? entry.name.slice(dot).toLowerCase() : '.zip';
	const broken = (detail: string) => unreadable(innerFile, detail, part);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (entry.flags & 0x1) throw broken('the entry is encrypted');
	const local = entry.localHeaderOffset;
	if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
		throw broken('the local file header is missing or damaged');
	}
	const dataStart =
		local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
	const dataEnd = dataStart + entry.compressedSize;
	if (dataEnd > bytes.length) {
		throw broken('the compressed data runs past the end of the zip (truncated)');
	}
	const compressed = bytes.subarray(dataStart, dataEnd);

	// Inflating past the declared size is the signature of a zip bomb, so it is refused as
	// `zip-too-large` like a declared size over the limit, not merely as corrupt data.
	const tooLarge = (produced: number): ImportFatalError =>
		fatal({
			file: zipFile,
			field: '.zip',
			rule: 'zip-too-large',
			detail:
				produced > entry.uncompressedSize
					? `${entry.name} inflates to more than its declared ${entry.uncompressedSize} bytes`
					: `${entry.name} takes the zip past the accepted total of expanded bytes`
		});
	const limit = Math.min(entry.uncompressedSize, budget);

	let out: Uint8Array;
	if (entry.method === 0) {
		if (entry.compressedSize !== entry.uncompressedSize) {
			throw broken('a stored entry whose sizes disagree');
		}
		if (compressed.length > limit) throw tooLarge(compressed.length);
		out = compressed;
	} else if (entry.method === 8) {
		try {
			// zlib refuses (RangeError) to produce more than maxOutputLength bytes; it must be >= 1.
			out = inflateRawSync(compressed, { maxOutputLength: Math.max(1, limit) });
		} catch (error) {
			if (error instanceof RangeError) throw tooLarge(limit + 1);
			throw broken(
				`the compressed data is corrupt (${error instanceof Error ? error.message : String(error)})`
			);
		}
		if (out.length > limit) throw tooLarge(out.length);
		if (out.length !== entry.uncompressedSize) {
			throw broken(
				`the entry inflates to ${out.length} bytes but declares ${entry.uncompressedSize}`
			);
		}
	} else {
		throw broken(`unsupported zip compression method ${entry.method}`);
	}

	if (crc32(out) !== entry.crc32) {
		throw broken('CRC-32 mismatch: the entry is corrupt');
	}
	return out;
}

/** CRC-32 (IEEE 802.3 polynomial), as zip uses it; native since Node 20.15. */
export function crc32(data: Uint8Array): number {
	return zlibCrc32(data) >>> 0;
}
