/**
 * Reading a shapefile zip without trusting it. The central directory is read by hand so the
 * entry count and the declared uncompressed sizes can be checked before anything is inflated;
 * inflation then uses Node's native zlib with `maxOutputLength`, so an entry that produces more
 * bytes than it declared (a lying zip bomb) is stopped by zlib itself, and each entry's CRC-32 is
 * verified. Native zlib inflates the 10 MB of the real boundary file several times faster than
 * fflate's JavaScript inflater (fflate stays in use by the test fixtures to write zips).
 *
 * Over 400 lines: the central directory, the limits, streaming inflation and the CRC check are one
 * reader that trusts nothing; split, each part would re-check what the others know.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { crc32 as zlibCrc32, createInflateRaw, inflateRawSync } from 'node:zlib';
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
 * Random access to the bytes of a zip: the whole file in memory, or a file on disk read a few
 * kilobytes at a time (the end record and the central directory), so a zip of any size is listed
 * without being loaded.
 */
export interface ZipSource {
	/** Size of the zip in bytes. */
	size: number;
	/** `length` bytes from `offset`, fewer only at the end of the file. */
	read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ZipSource {
	return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

/** A file on disk read with positioned reads; the caller closes `fd`. */
export function fileSource(fd: number): ZipSource {
	return {
		size: fs.fstatSync(fd).size,
		read(offset, length) {
			const out = Buffer.allocUnsafe(length);
			let done = 0;
			while (done < length) {
				const n = fs.readSync(fd, out, done, length - done, offset + done);
				if (n === 0) break;
				done += n;
			}
			return out.subarray(0, done);
		}
	};
}

function viewOf(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads the central directory. Refuses (`zip-too-large`) more than `limits.maxEntries` entries or
 * a declared uncompressed total above `limits.maxExpandedBytes` — before any inflation.
 */
export function listZipEntries(file: string, bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
	return listZipSourceEntries(file, bytesSource(bytes), limits);
}

/** `listZipEntries` on any source: only the end records and the central directory are read. */
export function listZipSourceEntries(
	file: string,
	source: ZipSource,
	limits: ZipLimits
): ZipEntry[] {
	const size = source.size;
	if (size < EOCD_SIZE) {
		throw unreadable(file, `the file is ${size} bytes, too short to be a zip`);
	}
	const lowest = Math.max(0, size - MAX_EOCD_SEARCH);
	const tail = source.read(lowest, size - lowest);
	const tailView = viewOf(tail);

	let eocdInTail = -1;
	for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
		if (tailView.getUint32(i, true) === EOCD_SIGNATURE) {
			eocdInTail = i;
			break;
		}
	}
	if (eocdInTail < 0) throw unreadable(file, 'no end-of-central-directory record: not a zip file');
	const eocd = lowest + eocdInTail;

	let entryCount = tailView.getUint16(eocdInTail + 10, true);
	let directorySize = tailView.getUint32(eocdInTail + 12, true);
	let directoryOffset = tailView.getUint32(eocdInTail + 16, true);

	// Zip64: the 32-bit fields are saturated and the real values live in the zip64 EOCD record.
	const locator = eocd - 20;
	if (locator >= 0) {
		const locatorBytes = source.read(locator, 20);
		const locatorView = viewOf(locatorBytes);
		if (locatorBytes.length === 20 && locatorView.getUint32(0, true) === EOCD64_LOCATOR_SIGNATURE) {
			const eocd64 = readU64(locatorView, 8, file);
			const record = eocd64 + 56 <= size ? source.read(eocd64, 56) : new Uint8Array(0);
			const recordView = viewOf(record);
			if (record.length < 56 || recordView.getUint32(0, true) !== EOCD64_SIGNATURE) {
				throw unreadable(file, 'the zip64 end-of-central-directory record is missing or damaged');
			}
			entryCount = readU64(recordView, 32, file);
			directorySize = readU64(recordView, 40, file);
			directoryOffset = readU64(recordView, 48, file);
		}
	}

	if (entryCount > limits.maxEntries) {
		throw fatal({
			file,
			field: '.zip',
			rule: 'zip-too-large',
			detail: `the zip has ${entryCount} entries; at most ${limits.maxEntries} are accepted`
		});
	}
	if (directoryOffset + directorySize > size) {
		throw unreadable(file, 'the central directory runs past the end of the file (truncated zip)');
	}

	// The directory is read whole: at most `maxEntries` records of a few hundred bytes each.
	const bytes = source.read(directoryOffset, directorySize);
	const view = viewOf(bytes);
	const entries: ZipEntry[] = [];
	let declaredTotal = 0;
	let at = 0;
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
			const extraSize = view.getUint16(e + 2, true);
			if (id === 0x0001) {
				let p = e + 4;
				const end = p + extraSize;
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
			e += 4 + extraSize;
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

/** What each extraction checks and reports, shared by the in-memory and the streamed reader. */
function entryFrame(zipFile: string, source: ZipSource, entry: ZipEntry) {
	const innerFile = `${zipFile}/${entry.name}`;
	// Damage inside one entry is reported on that part (`tambon.zip/tambon.dbf`, field `.dbf`).
	const dot = entry.name.lastIndexOf('.');
	const part = dot > entry.name.lastIndexOf('/') ? entry.name.slice(dot).toLowerCase() : '.zip';
	const broken = (detail: string) => unreadable(innerFile, detail, part);
	if (entry.flags & 0x1) throw broken('the entry is encrypted');
	const local = entry.localHeaderOffset;
	const header = source.read(local, 30);
	const view = viewOf(header);
	if (header.length < 30 || view.getUint32(0, true) !== LOCAL_SIGNATURE) {
		throw broken('the local file header is missing or damaged');
	}
	const dataStart = local + 30 + view.getUint16(26, true) + view.getUint16(28, true);
	const dataEnd = dataStart + entry.compressedSize;
	if (dataEnd > source.size) {
		throw broken('the compressed data runs past the end of the zip (truncated)');
	}
	if (entry.method !== 0 && entry.method !== 8) {
		throw broken(`unsupported zip compression method ${entry.method}`);
	}
	if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
		throw broken('a stored entry whose sizes disagree');
	}
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
	const corrupt = (error: unknown) =>
		broken(
			`the compressed data is corrupt (${error instanceof Error ? error.message : String(error)})`
		);
	const checkEnd = (produced: number, crc: number) => {
		if (produced !== entry.uncompressedSize) {
			throw broken(
				`the entry inflates to ${produced} bytes but declares ${entry.uncompressedSize}`
			);
		}
		if (crc !== entry.crc32) throw broken('CRC-32 mismatch: the entry is corrupt');
	};
	return { dataStart, dataEnd, tooLarge, corrupt, checkEnd };
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
	const frame = entryFrame(zipFile, bytesSource(bytes), entry);
	const compressed = bytes.subarray(frame.dataStart, frame.dataEnd);
	const limit = Math.min(entry.uncompressedSize, budget);

	let out: Uint8Array;
	if (entry.method === 0) {
		if (compressed.length > limit) throw frame.tooLarge(compressed.length);
		out = compressed;
	} else {
		try {
			// zlib refuses (RangeError) to produce more than maxOutputLength bytes; it must be >= 1.
			out = inflateRawSync(compressed, { maxOutputLength: Math.max(1, limit) });
		} catch (error) {
			if (error instanceof RangeError) throw frame.tooLarge(limit + 1);
			throw frame.corrupt(error);
		}
		if (out.length > limit) throw frame.tooLarge(out.length);
	}
	frame.checkEnd(out.length, crc32(out));
	return out;
}

/** Bytes an extraction may still produce, shared by the entries of one zip. */
export interface ExpansionBudget {
	remaining: number;
}

/**
 * Streams one entry of a zip on disk: the compressed range is read in 1 MiB chunks and inflated
 * by Node's zlib stream, so memory stays at a few chunks whatever the entry's size. The same
 * checks as `extractZipEntry`, as the bytes flow: more bytes than declared or than the budget is
 * `zip-too-large` at once; the length and the CRC-32 are checked before the last chunk is
 * handed on, so a reader never sees the end of a damaged entry as a clean end.
 */
export async function* streamZipEntry(
	zipFile: string,
	fd: number,
	entry: ZipEntry,
	budget: ExpansionBudget
): AsyncGenerator<Uint8Array, void, undefined> {
	const frame = entryFrame(zipFile, fileSource(fd), entry);
	const limit = Math.min(entry.uncompressedSize, budget.remaining);
	if (entry.method === 0 && entry.compressedSize > limit)
		throw frame.tooLarge(entry.compressedSize);
	let produced = 0;
	let crc = 0;
	if (frame.dataEnd > frame.dataStart) {
		// Not fs.createReadStream({ fd }): destroying it closes the shared descriptor.
		const input = Readable.from(readRange(fd, frame.dataStart, frame.dataEnd), {
			objectMode: false
		});
		const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: streamChunkBytes }) : null;
		if (inflate) input.on('error', (error) => inflate.destroy(error));
		const output = inflate ? input.pipe(inflate) : input;
		try {
			let held: Uint8Array | undefined;
			try {
				for await (const chunk of output as AsyncIterable<Buffer>) {
					produced += chunk.length;
					if (produced > limit) throw frame.tooLarge(produced);
					crc = zlibCrc32(chunk, crc);
					// One chunk is held back so the end checks run before the reader gets the last one.
					if (held) yield held;
					held = chunk;
				}
			} catch (error) {
				if (error instanceof ImportFatalError) throw error;
				throw frame.corrupt(error);
			}
			budget.remaining -= produced;
			frame.checkEnd(produced, crc >>> 0);
			if (held) yield held;
		} finally {
			input.destroy();
			inflate?.destroy();
		}
	} else {
		frame.checkEnd(0, 0);
	}
}

/** The bytes [start, end) of a file, in chunks of `streamChunkBytes`, by positioned reads. */
async function* readRange(fd: number, start: number, end: number): AsyncGenerator<Buffer> {
	for (let at = start; at < end;) {
		const buffer = Buffer.allocUnsafe(Math.min(streamChunkBytes, end - at));
		const { bytesRead } = await readAt(fd, buffer, 0, buffer.length, at);
		if (bytesRead === 0) return;
		at += bytesRead;
		yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
	}
}

const readAt = promisify(fs.read);

/** Read and inflate in chunks of this many bytes: large enough for few calls, small in memory. */
const streamChunkBytes = 1 << 20;

/** CRC-32 (IEEE 802.3 polynomial), as zip uses it; native since Node 20.15. */
export function crc32(data: Uint8Array): number {
	return zlibCrc32(data) >>> 0;
}
