import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tileLayerNames, tileMaxZoom, type TileLayerName } from './tile-layers';
import type { StoredTileRow } from './tiles.repository';

/**
 * A copy of one import run's stored vector tiles, every zoom served, in a plain file: in the
 * embedded database's data directory, or on PostgreSQL in each instance's tile cache directory
 * (issue 19 items 1 and 2). After a restart the map draws from it while PGlite is still opening
 * (which takes seconds: it unpacks and links PostGIS every start), and a tile's first request
 * costs what the next does on either engine: the tiles a first view needs (up to
 * `snapshotHeldMaxZoom`, 28 MB of the country's 169 MB) are held in memory once opened, and a
 * deeper one is one `pread`, not a database query. The database stays the source of truth: the
 * file is written from `vector_tile` once per import run and names its run, so its tiles carry
 * the same ETags as the database's.
 *
 * Layout (little-endian): the held tiles' gzip bytes one after another, then the deeper tiles';
 * then one 24-byte index entry per tile, sorted by key (key f64, offset f64, length u32, 4 bytes
 * unused); then a 40-byte footer: index offset f64, held bytes f64 (where the deeper tiles
 * begin), tile count u32, import run u32, deepest zoom u32, 4 bytes unused, magic `SEDZTIL3`. A
 * tile is found by binary search over the index.
 */

/**
 * A snapshot's held tiles up to this size are held in memory once opened (the country's z0–z12
 * are 28 MB); a larger held part (a denser boundary layer) is read a tile at a time as well.
 */
const snapshotInMemoryMaxBytes = 96 * 1024 * 1024;

/** The deepest zoom written to a snapshot: every zoom served. */
export const snapshotMaxZoom = tileMaxZoom;

/** The deepest zoom held in memory: a city fills the screen at z12. */
export const snapshotHeldMaxZoom = 12;

const magic = Buffer.from('SEDZTIL3', 'latin1');
const entryBytes = 24;
const footerBytes = 40;
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

/**
 * Where a PostgreSQL instance keeps its copy of one tile set in `cacheDir`: a file per database
 * and set (`findTileSetIdentity`), so an instance of another database on the same machine, or of
 * one created again under the same name, never reads it. The password is not part of the name.
 */
export function cachedTileSnapshotPath(
	cacheDir: string,
	databaseUrl: string,
	set: { version: number; databaseOid: string; cutAtMicros: string }
): string {
	const url = new URL(databaseUrl);
	const database = createHash('sha256')
		.update(`${url.hostname}:${url.port}${url.pathname}#${set.databaseOid}`)
		.digest('hex')
		.slice(0, 16);
	return path.join(cacheDir, `sedz-tiles-${database}-r${set.version}-${set.cutAtMicros}.snapshot`);
}

/**
 * Removes the other cached snapshots of the same database beside `file` (sets a newer import
 * replaced). An instance still reading one keeps its open file until it moves to the new set.
 */
export async function removeOtherCachedSnapshots(file: string): Promise<number> {
	const dir = path.dirname(file);
	const name = path.basename(file);
	const database = /^(sedz-tiles-[0-9a-f]{16}-)/.exec(name)?.[1];
	if (!database) return 0;
	let removed = 0;
	for (const other of await fs.promises.readdir(dir)) {
		// Another instance's file being written for this set is its own.
		if (!other.startsWith(database) || other.startsWith(name)) continue;
		await fs.promises.rm(path.join(dir, other), { force: true });
		removed += 1;
	}
	return removed;
}

export interface TileSnapshot {
	/** The import run whose tiles these are. */
	version: number;
	count: number;
	/** The deepest zoom held: deeper tiles are not in the snapshot (not even as empty). */
	maxZoom: number;
	/** The tile's gzip bytes; an empty array for an empty tile (not stored) up to `maxZoom`. */
	tile(layer: TileLayerName, z: number, x: number, y: number): Promise<Uint8Array>;
	/**
	 * The tile at once when it is among the tiles held in memory (a view of them, no copy; an
	 * empty array for an empty tile), else undefined: not held (yet), deeper, or closed.
	 */
	heldTile(layer: TileLayerName, z: number, x: number, y: number): Uint8Array | undefined;
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
	if (!footer.subarray(32).equals(magic)) return undefined;
	const indexOffset = footer.readDoubleLE(0);
	const heldBytes = footer.readDoubleLE(8);
	const count = footer.readUInt32LE(16);
	const version = footer.readUInt32LE(20);
	const maxZoom = footer.readUInt32LE(24);
	if (indexOffset + count * entryBytes + footerBytes !== size) return undefined;
	if (heldBytes > indexOffset) return undefined;
	return { indexOffset, heldBytes, count, version, maxZoom };
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
		// The held tiles are read whole into memory in the background when they are small enough:
		// a `pread` per tile costs a thread-pool round trip, which made the first requests of a
		// first view several times slower than the next (issue 19 item 1). Until then, and for
		// the deeper tiles (a map zoomed into one district reads a few), one `pread` each.
		let inMemory: Buffer | undefined;
		let closed = false;
		const { heldBytes } = footer;
		const whole = heldBytes <= snapshotInMemoryMaxBytes ? Buffer.allocUnsafe(heldBytes) : undefined;
		const held = whole
			? handle.read(whole, 0, heldBytes, 0).then(
					({ bytesRead }) => {
						if (bytesRead === heldBytes && !closed) inMemory = whole;
						return inMemory !== undefined;
					},
					() => false // closed under the read: the snapshot is not served any more
				)
			: Promise.resolve(false);
		const heldTile: TileSnapshot['heldTile'] = (layer, z, x, y) => {
			if (!inMemory || z > snapshotHeldMaxZoom) return undefined;
			const entry = find(tileKey(layer, z, x, y));
			if (!entry) return new Uint8Array(0);
			if (entry.offset + entry.length > heldBytes) return undefined;
			return new Uint8Array(inMemory.buffer, inMemory.byteOffset + entry.offset, entry.length);
		};
		return {
			version: footer.version,
			count: footer.count,
			maxZoom: footer.maxZoom,
			held,
			heldTile,
			async tile(layer, z, x, y) {
				if (closed) throw new Error('the tile snapshot is closed');
				const held = heldTile(layer, z, x, y);
				if (held) return held;
				const entry = find(tileKey(layer, z, x, y));
				if (!entry) return new Uint8Array(0);
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
 * Writes the tiles of import run `version` up to `maxZoom` to `file`, in any order: the held
 * tiles (up to `snapshotHeldMaxZoom`) first, the deeper ones after them (gathered in a second
 * file meanwhile, so memory holds the index only). Aside first, then renamed, so a reader (or a
 * crash) never sees half a snapshot. Resolves with the number of tiles written.
 */
export async function writeTileSnapshot(
	file: string,
	version: number,
	tiles: AsyncIterable<StoredTileRow>,
	maxZoom = snapshotMaxZoom
): Promise<number> {
	const partial = `${file}.${process.pid}.partial`;
	const deepPartial = `${partial}.deep`;
	const handle = await fs.promises.open(partial, 'w');
	const deep = await fs.promises.open(deepPartial, 'w+').catch(async (error: unknown) => {
		await handle.close();
		throw error;
	});
	try {
		const entries: { key: number; offset: number; length: number; deep: boolean }[] = [];
		let heldBytes = 0;
		let deepBytes = 0;
		for await (const { layer, z, x, y, gzip } of tiles) {
			if (z > maxZoom) continue;
			const isDeep = z > snapshotHeldMaxZoom;
			const offset = isDeep ? deepBytes : heldBytes;
			entries.push({ key: tileKey(layer, z, x, y), offset, length: gzip.byteLength, deep: isDeep });
			if (isDeep) {
				await deep.write(gzip);
				deepBytes += gzip.byteLength;
			} else {
				await handle.write(gzip);
				heldBytes += gzip.byteLength;
			}
		}
		// The deeper tiles follow the held ones.
		const chunk = Buffer.allocUnsafe(1 << 20);
		for (let at = 0; at < deepBytes;) {
			const { bytesRead } = await deep.read(chunk, 0, chunk.byteLength, at);
			if (bytesRead === 0) throw new Error('the deeper tiles were cut short while copied');
			await handle.write(chunk.subarray(0, bytesRead));
			at += bytesRead;
		}
		entries.sort((a, b) => a.key - b.key);
		const tail = Buffer.alloc(entries.length * entryBytes + footerBytes);
		entries.forEach(({ key, offset, length, deep: isDeep }, i) => {
			tail.writeDoubleLE(key, i * entryBytes);
			tail.writeDoubleLE(isDeep ? heldBytes + offset : offset, i * entryBytes + 8);
			tail.writeUInt32LE(length, i * entryBytes + 16);
		});
		const footer = entries.length * entryBytes;
		tail.writeDoubleLE(heldBytes + deepBytes, footer);
		tail.writeDoubleLE(heldBytes, footer + 8);
		tail.writeUInt32LE(entries.length, footer + 16);
		tail.writeUInt32LE(version, footer + 20);
		tail.writeUInt32LE(maxZoom, footer + 24);
		magic.copy(tail, footer + 32);
		await handle.write(tail);
		await handle.sync();
		await handle.close();
		await fs.promises.rename(partial, file);
		return entries.length;
	} catch (error) {
		await handle.close().catch(() => undefined);
		await fs.promises.rm(partial, { force: true });
		throw error;
	} finally {
		await deep.close().catch(() => undefined);
		await fs.promises.rm(deepPartial, { force: true });
	}
}
