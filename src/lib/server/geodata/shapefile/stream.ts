/**
 * The shapefile zip read as streams, for layers of any size (issue 19): the zip's central
 * directory is read from the end of the file, then each entry is inflated as a stream; the .shp
 * and the .dbf are read record by record in step, so memory holds one record of each (plus the
 * small .shx, .prj and .cpg) whatever the size of the layer. The checks and the messages are the
 * in-memory reader's (`readShapefileZip`), record by record: `stream.spec.ts` holds both readers to
 * the same answers, refusals included.
 */
import fs from 'node:fs';
import { fatal, type ImportMessage } from '../import-report';
import { dbfRecordReader, readDbfHeader, visitRecordText, type DbfHeader } from './dbf';
import {
	EncodingDetector,
	encodingFromCpg,
	THAI_LANGUAGE_DRIVERS,
	type TextEncoding
} from './encoding';
import { selectShapefileParts } from './index';
import { crsFromPrj } from './prj';
import {
	checkRecordShapeType,
	HEADER_BYTES,
	readPolygon,
	readShpHeader,
	readShxCount,
	shpRecordBounds,
	type ShpFile
} from './shp';
import {
	DEFAULT_ZIP_LIMITS,
	type ShapefileFeature,
	type ShapefileField,
	type ShapefileReadResult,
	type ZipLimits
} from './types';
import {
	fileSource,
	listZipSourceEntries,
	streamZipEntry,
	type ExpansionBudget,
	type ZipEntry
} from './zip';

/** Reads exact byte counts from a stream of chunks of any size. */
export class ByteReader {
	private chunk: Uint8Array = new Uint8Array(0);
	private at = 0;
	/** Bytes handed out so far: the offset of the next byte in the entry. */
	position = 0;

	constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

	/** `length` bytes, fewer only at the end of the stream (an empty array there). */
	async read(length: number): Promise<Uint8Array> {
		if (this.chunk.length - this.at >= length) {
			const out = this.chunk.subarray(this.at, this.at + length);
			this.at += length;
			this.position += length;
			return out;
		}
		const out = new Uint8Array(length);
		let filled = 0;
		while (filled < length) {
			if (this.at >= this.chunk.length) {
				const next = await this.chunks.next();
				if (next.done) break;
				this.chunk = next.value;
				this.at = 0;
				continue;
			}
			const take = Math.min(length - filled, this.chunk.length - this.at);
			out.set(this.chunk.subarray(this.at, this.at + take), filled);
			this.at += take;
			filled += take;
		}
		this.position += filled;
		return filled === length ? out : out.subarray(0, filled);
	}

	/** Reads to the end (so the entry's length and CRC-32 are checked), keeping nothing. */
	async drain(): Promise<void> {
		this.at = this.chunk.length;
		for (;;) {
			const next = await this.chunks.next();
			if (next.done) return;
			this.position += next.value.length;
		}
	}

	/** Stops reading: the underlying stream is closed. */
	async close(): Promise<void> {
		await this.chunks.return?.();
	}
}

export interface ShapefileStream {
	fields: ShapefileField[];
	encoding: TextEncoding;
	crs: string;
	/** Features declared by the .dbf and the .shx (the .shp is checked against it as it is read). */
	featureCount: number;
	/** Uncompressed bytes of the .shp: 16 per vertex, the measure of a layer's weight. */
	shpBytes: number;
	/**
	 * Warnings so far; complete (and in the in-memory reader's order) once `features()` has ended.
	 */
	messages: ImportMessage[];
	/** The features, one at a time. Can be iterated once. */
	features(): AsyncGenerator<ShapefileFeature, void, undefined>;
	/** Closes the zip; also done when `features()` ends or is left early. */
	close(): void;
}

/**
 * The limits of a zip read from disk as a stream: its parts may expand to 4 GiB (the shapefile
 * format caps the .shp and the .dbf at 2 GB each; a 1:10,000 boundary layer is about that). The
 * 1 GiB of `DEFAULT_ZIP_LIMITS` guards a zip read whole into memory; streamed, memory does not
 * grow with the layer (`npm run bench:scale`), and every entry still counts against the budget
 * as it inflates, so a zip that lies about its sizes stops at the limit all the same.
 */
export const STREAMED_ZIP_LIMITS: ZipLimits = {
	...DEFAULT_ZIP_LIMITS,
	maxExpandedBytes: 4 * 1024 * 1024 * 1024
};

/** Records of a .dbf read at a time while guessing its encoding. */
const detectionBatchRecords = 4096;

/**
 * Opens a zipped shapefile on disk for reading as a stream. Everything but the records is checked
 * here (the parts, the headers, the record counts of .dbf and .shx, the .prj, the encoding), so a
 * caller can refuse a layer by its size before reading it.
 */
export async function openShapefileZip(
	zipPath: string,
	fileName: string,
	limits?: Partial<ZipLimits>
): Promise<ShapefileStream> {
	const effective: ZipLimits = { ...STREAMED_ZIP_LIMITS, ...limits };
	let fd: number;
	try {
		fd = fs.openSync(zipPath, 'r');
	} catch (error) {
		throw fatal({
			file: fileName,
			field: 'file',
			rule: 'unreadable-file',
			detail: (error as Error).message
		});
	}
	let closed = false;
	const close = () => {
		if (closed) return;
		closed = true;
		fs.closeSync(fd);
	};
	const readers: ByteReader[] = [];
	try {
		const { shpEntry, partEntry, names } = selectShapefileParts(
			fileName,
			listZipSourceEntries(fileName, fileSource(fd), effective)
		);
		const budget: ExpansionBudget = { remaining: effective.maxExpandedBytes };
		const open = (entry: ZipEntry) => {
			const reader = new ByteReader(streamZipEntry(fileName, fd, entry, budget));
			readers.push(reader);
			return reader;
		};
		const whole = async (entry: ZipEntry) => {
			const reader = open(entry);
			const bytes = await reader.read(entry.uncompressedSize);
			await reader.drain();
			return bytes;
		};
		const text = async (entry: ZipEntry | undefined) =>
			entry ? new TextDecoder('utf-8').decode(await whole(entry)) : undefined;
		const dbfEntry = partEntry('.dbf')!;

		// The in-memory reader's order of checks: .shp header, .shx, .dbf header, counts, .prj.
		const shp = open(shpEntry);
		const shpHeader = readShpHeader(names.shp, await shp.read(HEADER_BYTES));
		const shxCount = readShxCount(names.shx, await whole(partEntry('.shx')!));
		const dbf = open(dbfEntry);
		const dbfHeader = await readStreamedDbfHeader(names.dbf, dbf, dbfEntry.uncompressedSize);
		const shpLength = shpEntry.uncompressedSize;

		/** Walks the rest of the .shp (checking its structure) to count its records. */
		const countShp = async (counted: number): Promise<number> => {
			let feature = counted;
			while (shp.position < shpHeader.declared) {
				feature++;
				const { contentLength } = await nextRecordHeader(feature);
				const content = await shp.read(contentLength);
				checkRecordShapeType(names.shp, feature, dataView(content).getInt32(0, true));
			}
			return feature;
		};
		const nextRecordHeader = async (feature: number) => {
			const offset = shp.position;
			const header = await shp.read(8);
			return shpRecordBounds(
				names.shp,
				feature,
				offset,
				header.length === 8 ? dataView(header).getInt32(4, false) : null,
				shpLength,
				shpHeader.declared
			);
		};
		const countMismatch = (shpCount: number) => {
			for (const [file, field, count] of [
				[names.dbf, '.dbf', dbfHeader.recordCount],
				[names.shx, '.shx', shxCount]
			] as const) {
				if (count !== shpCount) {
					return fatal({
						file,
						field,
						rule: 'record-count-mismatch',
						detail: `${field} has ${count} records but the .shp has ${shpCount}; the files do not belong together`
					});
				}
			}
			return undefined;
		};
		if (dbfHeader.recordCount !== shxCount) {
			throw countMismatch(await countShp(0))!;
		}

		const messages: ImportMessage[] = [];
		const prj = await text(partEntry('.prj'));
		const cpg = await text(partEntry('.cpg'));
		const crs = crsFromPrj(names.prj, names.shp, prj, messages);
		let encoding: TextEncoding | undefined =
			cpg === undefined ? undefined : encodingFromCpg(names.cpg, cpg);
		if (!encoding && THAI_LANGUAGE_DRIVERS.has(dbfHeader.languageDriver)) encoding = 'windows-874';
		encoding ??= await detectStreamedEncoding(names.dbf, open(dbfEntry), dbfHeader);

		const readRow = dbfRecordReader(names.dbf, dbfHeader, encoding, messages);
		const transform = crs.transform;
		let started = false;
		async function* features(): AsyncGenerator<ShapefileFeature, void, undefined> {
			if (started) throw new Error('a shapefile stream can be read once');
			started = true;
			try {
				let feature = 0;
				while (shp.position < shpHeader.declared) {
					feature++;
					const { contentLength } = await nextRecordHeader(feature);
					const content = await shp.read(contentLength);
					const view = dataView(content);
					const shapeType = view.getInt32(0, true);
					checkRecordShapeType(names.shp, feature, shapeType);
					if (feature > dbfHeader.recordCount) throw countMismatch(await countShp(feature))!;
					const row = readRow(await dbf.read(dbfHeader.recordLength), 0, feature);
					const record: ShpFile = { shapeType: shpHeader.shapeType, records: [], view };
					const geometry = readPolygon(
						names.shp,
						record,
						{ feature, shapeType, contentOffset: 0, contentLength },
						transform,
						messages
					);
					yield { feature, geometry, properties: row };
				}
				const mismatch = countMismatch(feature);
				if (mismatch) throw mismatch;
				// The rest of each entry is read so its length and CRC-32 are checked.
				await shp.drain();
				await dbf.drain();
				// File-level warnings first, then by feature, as the in-memory reader orders them.
				messages.sort((a, b) => (a.feature ?? 0) - (b.feature ?? 0));
			} finally {
				await Promise.all(readers.map((r) => r.close()));
				close();
			}
		}

		return {
			fields: dbfHeader.fields,
			encoding,
			crs: crs.description,
			featureCount: dbfHeader.recordCount,
			shpBytes: shpLength,
			messages,
			features,
			close() {
				for (const reader of readers) void reader.close();
				close();
			}
		};
	} catch (error) {
		await Promise.all(readers.map((r) => r.close()));
		close();
		throw error;
	}
}

function dataView(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The .dbf header from the start of the stream: 32 bytes, then the field descriptors. */
async function readStreamedDbfHeader(
	file: string,
	reader: ByteReader,
	fileLength: number
): Promise<DbfHeader> {
	const start = await reader.read(32);
	if (start.length < 32) return readDbfHeader(file, start, fileLength);
	const headerLength = dataView(start).getUint16(8, true);
	const rest = headerLength > 32 ? await reader.read(headerLength - 32) : new Uint8Array(0);
	const bytes = new Uint8Array(start.length + rest.length);
	bytes.set(start);
	bytes.set(rest, start.length);
	return readDbfHeader(file, bytes, fileLength);
}

/** `detectEncoding` over a second pass of the .dbf, a batch of records at a time. */
async function detectStreamedEncoding(
	file: string,
	reader: ByteReader,
	header: DbfHeader
): Promise<TextEncoding> {
	const detector = new EncodingDetector();
	try {
		await reader.read(header.headerLength);
		for (let r = 0; r < header.recordCount; r += detectionBatchRecords) {
			const count = Math.min(detectionBatchRecords, header.recordCount - r);
			const bytes = await reader.read(count * header.recordLength);
			for (let i = 0; i < count; i++) {
				const more = visitRecordText(bytes, i * header.recordLength, header, (start, end) =>
					detector.visit(bytes, start, end)
				);
				if (!more) return detector.result();
			}
		}
		return detector.result();
	} finally {
		await reader.close();
	}
}

/**
 * The whole layer read through the stream into one result, as `readShapefileZip` gives it: for
 * tests and small files; the importer iterates `openShapefileZip(...).features()` instead.
 */
export async function readShapefileZipFile(
	zipPath: string,
	fileName: string,
	limits?: Partial<ZipLimits>
): Promise<ShapefileReadResult> {
	const stream = await openShapefileZip(zipPath, fileName, limits);
	const features: ShapefileFeature[] = [];
	for await (const feature of stream.features()) features.push(feature);
	return {
		features,
		fields: stream.fields,
		encoding: stream.encoding,
		crs: stream.crs,
		messages: stream.messages
	};
}
