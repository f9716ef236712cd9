import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
	buildShapefile,
	captureFatal,
	captureFatalAsync,
	rectangle,
	WGS84_PRJ,
	zipShapefile,
	type FixtureParts
} from '../../../../../tests/fixtures/shapefile-writer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { ImportMessage } from '../import-report';
import {
	DEFAULT_ZIP_LIMITS,
	readShapefileZip,
	readShapefileZipFile,
	type ZipLimits
} from './index';
import { STREAMED_ZIP_LIMITS } from './stream';
import { crc32 } from './zip';

function parts(): FixtureParts {
	return buildShapefile({
		shapes: [[rectangle(100, 14, 101, 15)], [rectangle(101, 14, 102, 15)]],
		fields: [{ name: 'ADM3_TH', type: 'C', length: 30 }],
		rows: [['น้ำพอง'], ['บ้านเหล่า']],
		prj: WGS84_PRJ,
		cpg: 'UTF-8'
	});
}

/** Central directory entries of a zip: name and the byte offset of its header. */
function centralEntries(zip: Uint8Array): { name: string; at: number }[] {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	let eocd = zip.length - 22;
	while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
	const count = view.getUint16(eocd + 10, true);
	let at = view.getUint32(eocd + 16, true);
	const entries = [];
	for (let i = 0; i < count; i++) {
		const n = view.getUint16(at + 28, true);
		const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + n));
		entries.push({ name, at });
		at += 46 + n + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return entries;
}

/** Overwrites the declared uncompressed size of one entry in the central directory. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
	const copy = zip.slice();
	const entry = centralEntries(copy).find((e) => e.name === name)!;
	new DataView(copy.buffer).setUint32(entry.at + 24, size, true);
	return copy;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-spec-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * The refusal of the in-memory reader; the streamed reader (the importer's, reading the zip from
 * disk) must give the very same message.
 */
async function refused(
	name: string,
	bytes: Uint8Array,
	limits?: Partial<ZipLimits>
): Promise<ImportMessage> {
	const inMemory = captureFatal(() => readShapefileZip(name, bytes, limits));
	const file = path.join(tmp, name);
	fs.writeFileSync(file, bytes);
	expect(await captureFatalAsync(() => readShapefileZipFile(file, name, limits))).toEqual(inMemory);
	return inMemory;
}

describe('readShapefileZip', () => {
	it('reads a zipped shapefile and names inner files under the zip', () => {
		const withoutPrj = parts();
		delete withoutPrj.prj;
		const result = readShapefileZip('tambon.zip', zipShapefile(withoutPrj, 'tambon'));
		expect(result.features.map((f) => f.properties.ADM3_TH)).toEqual(['น้ำพอง', 'บ้านเหล่า']);
		expect(result.encoding).toBe('utf-8');
		expect(result.messages).toEqual([
			{
				severity: 'warning',
				file: 'tambon.zip/tambon.prj',
				field: '.prj',
				rule: 'missing-prj',
				detail: expect.any(String)
			}
		]);
	});

	it('finds parts in a folder and with any case, ignoring __MACOSX and ._ files', () => {
		const p = parts();
		const zip = zipSync({
			'data/Tambon.SHP': p.shp,
			'data/tambon.shx': p.shx,
			'data/TAMBON.dbf': p.dbf,
			'data/tambon.Prj': new TextEncoder().encode(p.prj!),
			'data/._Tambon.SHP': new Uint8Array([0, 5, 22, 7]),
			'__MACOSX/data/._Tambon.SHP': new Uint8Array([0, 5, 22, 7]),
			'data/readme.txt': new TextEncoder().encode('hello')
		});
		const result = readShapefileZip('upload.zip', zip);
		expect(result.features).toHaveLength(2);
		expect(result.crs).toBe('EPSG:4326 (WGS 84)');
		expect(result.messages).toEqual([]);
	});

	it('rejects bytes that are not a zip as unreadable-file', async () => {
		const bytes = new TextEncoder().encode('this is not a zip file, just some text to read');
		expect(await refused('bad.zip', bytes)).toEqual({
			severity: 'fatal',
			file: 'bad.zip',
			field: '.zip',
			rule: 'unreadable-file',
			detail: expect.stringContaining('not a zip')
		});
		expect(await refused('tiny.zip', new Uint8Array(3))).toMatchObject({
			file: 'tiny.zip',
			rule: 'unreadable-file'
		});
	});

	/** Byte offset of an entry's data in the zip. */
	function dataStart(zip: Uint8Array, name: string): number {
		const entry = centralEntries(zip).find((e) => e.name === name)!;
		const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
		const local = view.getUint32(entry.at + 42, true);
		return local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
	}

	/** A damaged or odd zip and the one fatal message both readers must give for it. */
	interface BadZip {
		title: string;
		name: string;
		zip: () => Uint8Array;
		file: string;
		field: string;
		rule: string;
		detail: unknown;
	}

	it.each<BadZip>([
		{
			title: 'an unreadable inner file, naming it as zip/inner',
			name: 'tambon.zip',
			zip: () => {
				const p = parts();
				new DataView(p.shp.buffer).setInt32(0, 1, false);
				return zipShapefile(p, 'tambon');
			},
			file: 'tambon.zip/tambon.shp',
			field: '.shp',
			rule: 'unreadable-file',
			detail: expect.any(String)
		},
		{
			title: 'a truncated zip as unreadable-file',
			name: 'cut.zip',
			zip: () => {
				const zip = zipShapefile(parts(), 'tambon');
				// Drop the middle of the file: the end record survives but points past the data.
				return new Uint8Array([...zip.subarray(0, 100), ...zip.subarray(zip.length - 22)]);
			},
			file: 'cut.zip',
			field: '.zip',
			rule: 'unreadable-file',
			detail: expect.any(String)
		},
		{
			title: 'a broken deflate stream as unreadable-file on the entry',
			name: 'tambon.zip',
			zip: () => {
				const zip = zipShapefile(parts(), 'tambon');
				// 0xFF starts a final block of the reserved type 3, which no inflater accepts.
				zip[dataStart(zip, 'tambon.dbf')] = 0xff;
				return zip;
			},
			file: 'tambon.zip/tambon.dbf',
			field: '.dbf',
			rule: 'unreadable-file',
			detail: expect.stringContaining('corrupt')
		},
		{
			title: 'an entry whose compressed data is cut short, naming the entry',
			name: 'tambon.zip',
			zip: () => {
				const zip = zipShapefile(parts(), 'tambon');
				const entry = centralEntries(zip).find((e) => e.name === 'tambon.shp')!;
				const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
				// The directory now says the deflate data stops half-way: the inflater runs out.
				view.setUint32(entry.at + 20, Math.floor(view.getUint32(entry.at + 20, true) / 2), true);
				return zip;
			},
			file: 'tambon.zip/tambon.shp',
			field: '.shp',
			rule: 'unreadable-file',
			detail: expect.stringContaining('corrupt')
		},
		{
			title: 'data that fails its CRC-32 as unreadable-file on the entry',
			name: 'tambon.zip',
			zip: () => {
				const p = parts();
				const zip = zipSync({
					'tambon.shp': p.shp,
					'tambon.shx': p.shx,
					'tambon.dbf': [p.dbf, { level: 0 }] // stored, so a flipped byte still "inflates"
				});
				const at = dataStart(zip, 'tambon.dbf') + 40;
				zip[at] = zip[at]! ^ 0x01;
				return zip;
			},
			file: 'tambon.zip/tambon.dbf',
			field: '.dbf',
			rule: 'unreadable-file',
			detail: expect.stringContaining('CRC-32')
		},
		{
			title: 'a zip with two shapefiles as ambiguous-zip',
			name: 'two.zip',
			zip: () => {
				const p = parts();
				return zipShapefile(p, 'a', { 'b.shp': p.shp, 'b.shx': p.shx, 'b.dbf': p.dbf });
			},
			file: 'two.zip',
			field: '.shp',
			rule: 'ambiguous-zip',
			detail: expect.stringContaining('b.shp')
		},
		{
			title: 'an entry that inflates past its declared size as zip-too-large',
			name: 'liar.zip',
			zip: () => declareSize(zipShapefile(parts(), 'tambon'), 'tambon.dbf', 10),
			file: 'liar.zip',
			field: '.zip',
			rule: 'zip-too-large',
			detail: expect.stringContaining('declared 10 bytes')
		}
	])('rejects $title', async ({ name, zip, file, field, rule, detail }) => {
		expect(await refused(name, zip())).toEqual({ severity: 'fatal', file, field, rule, detail });
	});

	it.each(['.shp', '.shx', '.dbf'])(
		'rejects a zip without %s as missing-part',
		async (extension) => {
			const p = parts();
			const files: Record<string, Uint8Array> = {
				'tambon.shp': p.shp,
				'tambon.shx': p.shx,
				'tambon.dbf': p.dbf
			};
			delete files[`tambon${extension}`];
			expect(await refused('tambon.zip', zipSync(files))).toEqual({
				severity: 'fatal',
				file: 'tambon.zip',
				field: extension,
				rule: 'missing-part',
				detail: expect.any(String)
			});
		}
	);

	it('rejects more entries than maxEntries as zip-too-large', async () => {
		const zip = zipShapefile(parts(), 'tambon');
		expect(await refused('many.zip', zip, { maxEntries: 4 })).toEqual({
			severity: 'fatal',
			file: 'many.zip',
			field: '.zip',
			rule: 'zip-too-large',
			detail: expect.stringContaining('5 entries')
		});
		expect(readShapefileZip('many.zip', zip, { maxEntries: 5 }).features).toHaveLength(2);
	});

	it('rejects a declared expanded size over maxExpandedBytes as zip-too-large', async () => {
		const p = parts();
		const zip = zipShapefile(p, 'tambon');
		const total = p.shp.length + p.shx.length + p.dbf.length + p.prj!.length + p.cpg!.length;
		expect(await refused('big.zip', zip, { maxExpandedBytes: total - 1 })).toEqual({
			severity: 'fatal',
			file: 'big.zip',
			field: '.zip',
			rule: 'zip-too-large',
			detail: expect.stringContaining(`${total} bytes`)
		});
		expect(readShapefileZip('big.zip', zip, { maxExpandedBytes: total }).features).toHaveLength(2);
	});

	it('checks declared sizes before inflating anything (a 4 GiB claim is refused, not inflated)', async () => {
		const zip = declareSize(zipShapefile(parts(), 'tambon'), 'tambon.dbf', 0xfffffff0);
		expect(await refused('bomb.zip', zip, DEFAULT_ZIP_LIMITS)).toMatchObject({
			file: 'bomb.zip',
			field: '.zip',
			rule: 'zip-too-large'
		});
		// Each reader's own limit: 1 GiB for a zip read whole, 4 GiB streamed from disk (the
		// importer's, for a 2 GB boundary layer). The claim is over both.
		const file = path.join(tmp, 'bomb.zip');
		expect(await captureFatalAsync(() => readShapefileZipFile(file, 'bomb.zip'))).toMatchObject({
			rule: 'zip-too-large',
			detail: expect.stringContaining(
				`at most ${STREAMED_ZIP_LIMITS.maxExpandedBytes} are accepted`
			)
		});
		expect(STREAMED_ZIP_LIMITS.maxExpandedBytes).toBe(4 * 1024 ** 3);
		expect(captureFatal(() => readShapefileZip('bomb.zip', zip))).toMatchObject({
			detail: expect.stringContaining(`at most ${DEFAULT_ZIP_LIMITS.maxExpandedBytes} are`)
		});
	});

	it('computes CRC-32 as zip does', () => {
		expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
	});
});
