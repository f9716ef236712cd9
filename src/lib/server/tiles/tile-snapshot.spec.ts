import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	cachedTileSnapshotPath,
	openTileSnapshot,
	removeOtherCachedSnapshots,
	tileSnapshotPath,
	tileSnapshotVersion,
	writeTileSnapshot
} from './tile-snapshot';
import type { StoredTileRow } from './tiles.repository';

let dir: string;
beforeAll(async () => {
	dir = await mkdtemp(path.join(tmpdir(), 'sedz-tile-snapshot-spec-'));
});
afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

const tiles: StoredTileRow[] = [
	{ layer: 'lao', z: 12, x: 3217, y: 1868, gzip: new Uint8Array([1, 2, 3]) },
	{ layer: 'province', z: 0, x: 0, y: 0, gzip: new Uint8Array([9]) },
	{ layer: 'tambon', z: 14, x: 16383, y: 7000, gzip: new Uint8Array(70_000).fill(7) }
];

async function* rows(list: StoredTileRow[]) {
	yield* list;
}

describe('the tile snapshot file', () => {
	it('gives back every tile written, byte for byte, and nothing for a tile not in it', async () => {
		const file = tileSnapshotPath(dir);
		expect(await writeTileSnapshot(file, 42, rows(tiles), 14)).toBe(3);
		expect(await tileSnapshotVersion(file)).toBe(42);
		// Written aside and renamed: no partial file is left behind.
		expect(await readdir(dir)).toEqual([path.basename(file)]);
		const snapshot = await openTileSnapshot(file);
		if (!snapshot) throw new Error('no snapshot');
		try {
			expect(snapshot).toMatchObject({ version: 42, count: 3, maxZoom: 14 });
			for (const { layer, z, x, y, gzip } of tiles)
				expect(await snapshot.tile(layer, z, x, y)).toEqual(gzip);
			expect(await snapshot.tile('district', 12, 3217, 1868)).toEqual(new Uint8Array(0));
			expect(await snapshot.tile('lao', 12, 3217, 1869)).toEqual(new Uint8Array(0));
		} finally {
			await snapshot.close();
		}
	});

	it('holds its tiles up to z12 in memory once opened, reads deeper ones from the file, and answers nothing once closed', async () => {
		const file = tileSnapshotPath(dir);
		await writeTileSnapshot(file, 42, rows(tiles), 14);
		// The held tiles come first in the file, whatever order they were written in: the z14 tile
		// (70,000 bytes of 7) after the two small ones, then the index.
		const bytes = await readFile(file);
		expect([...bytes.subarray(0, 4)].sort()).toEqual([1, 2, 3, 9]);
		expect(bytes.subarray(4, 70_004).every((b) => b === 7)).toBe(true);
		const snapshot = await openTileSnapshot(file);
		if (!snapshot) throw new Error('no snapshot');
		expect(await snapshot.held).toBe(true);
		for (const { layer, z, x, y, gzip } of tiles)
			expect(await snapshot.tile(layer, z, x, y)).toEqual(gzip);
		// Held tiles at once, as views of the held bytes; an empty one as empty; deeper ones not.
		const held = snapshot.heldTile('lao', 12, 3217, 1868);
		expect(held).toEqual(new Uint8Array([1, 2, 3]));
		expect(held?.buffer).toBe(snapshot.heldTile('province', 0, 0, 0)?.buffer);
		expect(snapshot.heldTile('district', 12, 3217, 1868)).toEqual(new Uint8Array(0));
		expect(snapshot.heldTile('tambon', 14, 16383, 7000)).toBeUndefined();
		await snapshot.close();
		await expect(snapshot.tile('tambon', 12, 3218, 1858)).rejects.toThrow(/closed/);
		expect(snapshot.heldTile('lao', 12, 3217, 1868)).toBeUndefined();
	});

	it('is not read when missing, cut short or not a snapshot', async () => {
		const file = path.join(dir, 'short.snapshot');
		expect(await openTileSnapshot(file)).toBeUndefined();
		expect(await tileSnapshotVersion(file)).toBeUndefined();
		await writeTileSnapshot(file, 7, rows(tiles), 14);
		const whole = await readFile(file);
		await truncate(file, whole.byteLength - 1);
		expect(await openTileSnapshot(file)).toBeUndefined();
		await writeFile(file, Buffer.concat([whole.subarray(0, 100), whole.subarray(101)]));
		expect(await openTileSnapshot(file)).toBeUndefined();
		await writeFile(file, 'not a snapshot, but long enough to hold a footer');
		expect(await tileSnapshotVersion(file)).toBeUndefined();
	});

	it('keeps the tiles up to its deepest zoom only', async () => {
		const file = path.join(dir, 'shallow.snapshot');
		expect(await writeTileSnapshot(file, 3, rows(tiles), 12)).toBe(2);
		const snapshot = await openTileSnapshot(file);
		try {
			expect(snapshot).toMatchObject({ version: 3, count: 2, maxZoom: 12 });
			expect(await snapshot!.tile('lao', 12, 3217, 1868)).toEqual(tiles[0]!.gzip);
		} finally {
			await snapshot?.close();
		}
	});

	it('replaces an older snapshot whole', async () => {
		const file = path.join(dir, 'replaced.snapshot');
		await writeTileSnapshot(file, 1, rows(tiles));
		await writeTileSnapshot(file, 2, rows(tiles.slice(0, 1)));
		const snapshot = await openTileSnapshot(file);
		try {
			expect(snapshot).toMatchObject({ version: 2, count: 1 });
			expect(await snapshot!.tile('province', 0, 0, 0)).toEqual(new Uint8Array(0));
		} finally {
			await snapshot?.close();
		}
	});

	it('is cached on PostgreSQL under a name of its database and tile set, and replaces the older sets of the same database only', async () => {
		const cache = await mkdtemp(path.join(dir, 'cache-'));
		const url = 'postgres://sedz_app:secret@db.example:5432/sedz';
		const set = { version: 3, databaseOid: '16384', cutAtMicros: '1764950000000000' };
		const file = cachedTileSnapshotPath(cache, url, set);
		expect(path.dirname(file)).toBe(cache);
		expect(path.basename(file)).toMatch(/^sedz-tiles-[0-9a-f]{16}-r3-1764950000000000\.snapshot$/);
		expect(file).not.toContain('secret');
		// Another password, the same database and set: the same file.
		expect(cachedTileSnapshotPath(cache, url.replace('secret', 'other'), set)).toBe(file);
		// Another database, the same one created again (another object id), another set: others.
		const others = [
			cachedTileSnapshotPath(cache, url.replace(/\/sedz$/, '/sedz_test'), set),
			cachedTileSnapshotPath(cache, url, { ...set, databaseOid: '16999' }),
			cachedTileSnapshotPath(cache, url, { ...set, version: 4 }),
			cachedTileSnapshotPath(cache, url, { ...set, cutAtMicros: '1764950000000001' })
		];
		expect(new Set([file, ...others]).size).toBe(5);

		const older = cachedTileSnapshotPath(cache, url, { ...set, version: 2 });
		const otherDatabase = others[0]!;
		for (const f of [file, older, otherDatabase]) await writeTileSnapshot(f, 1, rows(tiles));
		expect(await removeOtherCachedSnapshots(file)).toBe(1);
		expect((await readdir(cache)).sort()).toEqual(
			[path.basename(file), path.basename(otherDatabase)].sort()
		);
	});
});
