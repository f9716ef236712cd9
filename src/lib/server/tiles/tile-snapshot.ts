import fs from 'node:fs';
import path from 'node:path';
import { tileLayerNames, type TileLayerName } from './tile-layers';
import type { StoredTileRow } from './tiles.repository';

/**
 * A copy of one import run's stored vector tiles up to `snapshotMaxZoom`, in a plain file in the
 * embedded database's data directory (issue 19 item 2), so that after a restart the map draws
 * while PGlite is still opening (which takes seconds: it unpacks and links PostGIS every start).
 * The database stays the source of truth: the file is written from `vector_tile` once per import
 * run, read only until the database is ready, and names its run, so its tiles carry the same
 * ETags as the database's. Deeper tiles wait for the database (`tile-fast-path.ts`): they are
 * most of the bytes (of the country's 169 MB of gzip tiles, z0–z12 are 28 MB) and a first view
 * needs few of them.
 *
 * Layout (little-endian): the tiles' gzip bytes one after another; then one 24-byte index entry
 * per tile, sorted by key (key f64, offset f64, length u32, 4 bytes unused); then a 32-byte
 * footer: index offset f64, tile count u32, import run u32, deepest zoom u32, 4 bytes unused,
 * magic `SEDZTIL2`. A tile is found by binary search over the index, read with one `pread`.
 */

/**
 * A snapshot's tiles up to this size are held in memory once opened (the country's z0–z12 are
 * 28 MB); a larger one (a denser boundary layer) is read a tile at a time.
 */
const snapshotInMemoryMaxBytes = 96 * 1024 * 1024;

/** The deepest zoom kept in the snapshot: a city fills the screen at z12. */
export const snapshotMaxZoom = 12;

const magic = Buffer.from('SEDZTIL2', 'latin1');
const entryBytes = 24;
const footerBytes = 32;
/** Layers in the database's sort order (text), so a key sorts as `(layer, z, x, y)` does. */
const layerRank = new Map([...tileLayerNames].sort().map((layer, rank) => [layer, rank]));

/** A number that sorts as `(layer, z, x, y)`: x, y < 2^16 at every zoom served (≤ 14). */
function tileKey(layer: TileLayerName, z: number, x: number, y: number): number {
	return ((layerRank.get(layer)! * 32 + z) * 65536 + x) * 65536 + y;
}

/** Where the embedded engine's data directory keeps its tile snapshot. */
export function tileSnapshotPath(dataDir: string): string {
	return path.join(dataDir, 'sedz-tiles.snapshot');
}

export interface TileSnapshot {
	/** The import run whose tiles these are. */
	version: number;
	count: number;
	/** The deepest zoom held: deeper tiles are not in the snapshot (not even as empty). */
	maxZoom: number;
	/** The tile's gzip bytes; an empty array for an empty tile (not stored) up to `maxZoom`. */
	tile(layer: TileLayerName, z: number, x: number, y: number): Promise<Uint8Array>;
	/** Resolves true once the tiles are held in memory, false when they are read a tile at a time. */
	held: Promise<boolean>;
	close(): Promise<void>;
}

/** Reads the footer only: the import run of the snapshot at `file`, if it is a whole one. */
export async function tileSnapshotVersion(file: string): Promise<number | undefined> {
	const handle = await fs.promises.open(file, 'r').catch(() => undefined);
	if (!handle) return undefined;
	try {
		return (await readFooter(handle))?.version;
	} finally {
		await handle.close();
	}
}

async function readFooter(handle: fs.promises.FileHandle) {
	const { size } = await handle.stat();
	if (size < footerBytes) return undefined;
	const footer = Buffer.alloc(footerBytes);
	await handle.read(footer, 0, footerBytes, size - footerBytes);
	if (!footer.subarray(24).equals(magic)) return undefined;
	const indexOffset = footer.readDoubleLE(0);
	const count = footer.readUInt32LE(8);
	const version = footer.readUInt32LE(12);
	const maxZoom = footer.readUInt32LE(16);
	if (indexOffset + count * entryBytes + footerBytes !== size) return undefined;
	return { indexOffset, count, version, maxZoom };
}

/**
 * Opens the snapshot at `file` for reading; undefined when there is none or it is not whole (a
 * file cut short is never renamed into place, but a disk can still lose it).
 */
export async function openTileSnapshot(file: string): Promise<TileSnapshot | undefined> {
	const handle = await fs.promises.open(file, 'r').catch(() => undefined);
	if (!handle) return undefined;
	try {
		const footer = await readFooter(handle);
		if (!footer) {
			await handle.close();
			return undefined;
		}
		const index = Buffer.alloc(footer.count * entryBytes);
		await handle.read(index, 0, index.byteLength, footer.indexOffset);
		const find = (key: number) => {
			let low = 0;
			let high = footer.count - 1;
			while (low <= high) {
				const middle = (low + high) >>> 1;
				const at = middle * entryBytes;
				const found = index.readDoubleLE(at);
				if (found === key)
					return { offset: index.readDoubleLE(at + 8), length: index.readUInt32LE(at + 16) };
				if (found < key) low = middle + 1;
				else high = middle - 1;
			}
			return undefined;
		};
		// The tiles are read whole into memory in the background when they are small enough: a
		// `pread` per tile costs a thread-pool round trip, which made a tile's first request
		// several times slower than the next (issue 19 item 1). Until then, one `pread` each.
		let inMemory: Buffer | undefined;
		let closed = false;
		const tileBytes = footer.indexOffset;
		const whole = tileBytes <= snapshotInMemoryMaxBytes ? Buffer.allocUnsafe(tileBytes) : undefined;
		const held = whole
			? handle.read(whole, 0, tileBytes, 0).then(
					({ bytesRead }) => {
						if (bytesRead === tileBytes && !closed) inMemory = whole;
						return inMemory !== undefined;
					},
					() => false // closed under the read: the snapshot is not served any more
				)
			: Promise.resolve(false);
		return {
			version: footer.version,
			count: footer.count,
			maxZoom: footer.maxZoom,
			held,
			async tile(layer, z, x, y) {
				if (closed) throw new Error('the tile snapshot is closed');
				const entry = find(tileKey(layer, z, x, y));
				if (!entry) return new Uint8Array(0);
				if (inMemory)
					return new Uint8Array(inMemory.buffer, inMemory.byteOffset + entry.offset, entry.length);
				const bytes = new Uint8Array(entry.length);
				await handle.read(bytes, 0, entry.length, entry.offset);
				return bytes;
			},
			close: () => {
				closed = true;
				inMemory = undefined;
				return handle.close();
			}
		};
	} catch (error) {
		await handle.close();
		throw error;
	}
}

/**
 * Writes the tiles of import run `version` up to `maxZoom` to `file`: aside first, then renamed,
 * so a reader (or a crash) never sees half a snapshot. Resolves with the number of tiles written.
 */
export async function writeTileSnapshot(
	file: string,
	version: number,
	tiles: AsyncIterable<StoredTileRow>,
	maxZoom = snapshotMaxZoom
): Promise<number> {
	const partial = `${file}.${process.pid}.partial`;
	const handle = await fs.promises.open(partial, 'w');
	try {
		const entries: { key: number; offset: number; length: number }[] = [];
		let offset = 0;
		for await (const { layer, z, x, y, gzip } of tiles) {
			if (z > maxZoom) continue;
			entries.push({ key: tileKey(layer, z, x, y), offset, length: gzip.byteLength });
			await handle.write(gzip);
			offset += gzip.byteLength;
		}
		entries.sort((a, b) => a.key - b.key);
		const tail = Buffer.alloc(entries.length * entryBytes + footerBytes);
		entries.forEach(({ key, offset: at, length }, i) => {
			tail.writeDoubleLE(key, i * entryBytes);
			tail.writeDoubleLE(at, i * entryBytes + 8);
			tail.writeUInt32LE(length, i * entryBytes + 16);
		});
		const footer = entries.length * entryBytes;
		tail.writeDoubleLE(offset, footer);
		tail.writeUInt32LE(entries.length, footer + 8);
		tail.writeUInt32LE(version, footer + 12);
		tail.writeUInt32LE(maxZoom, footer + 16);
		magic.copy(tail, footer + 24);
		await handle.write(tail);
		await handle.sync();
		await handle.close();
		await fs.promises.rename(partial, file);
		return entries.length;
	} catch (error) {
		await handle.close().catch(() => undefined);
		await fs.promises.rm(partial, { force: true });
		throw error;
	}
}
