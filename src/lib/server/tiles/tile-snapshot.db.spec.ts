import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import {
	openTileSnapshot,
	snapshotMaxZoom,
	tileSnapshotPath,
	writeTileSnapshot
} from './tile-snapshot';
import {
	completeTileSet,
	findTileSetIdentity,
	insertTileSet,
	insertTiles
} from './tiles.repository';
import {
	getSnapshotTile,
	getVectorTile,
	readTilesThrough,
	refreshTileSnapshot
} from './tiles.service';

/**
 * The tile snapshot written from the database (issue 19 items 1 and 2), on a small hand-made tile
 * set (the real data's 516,000 tiles are cut in tiles.service.spec.ts): every stored tile, held
 * (z8) and deeper (z13), across more than one page of the copy, each answered as the database
 * answers it.
 */
let database: Database;
let dir: string;
let version: number;

/** 2,600 tiles over three pages of the copy (1,000 rows each), at z8 and z13. */
const rows = Array.from({ length: 1300 }, (_, i) => [
	{ layer: 'tambon' as const, z: 8, x: i % 256, y: Math.floor(i / 256), gzip: gzipOf(i) },
	{ layer: 'lao' as const, z: 13, x: i, y: 4000, gzip: gzipOf(i + 5000) }
]).flat();

/** A distinct non-empty body per tile (the snapshot copies bytes; they need not be MVT). */
function gzipOf(n: number): Uint8Array {
	return new Uint8Array([0x1f, 0x8b, n & 0xff, (n >> 8) & 0xff]);
}

beforeAll(async () => {
	database = await openTestDatabase('empty');
	dir = await mkdtemp(path.join(tmpdir(), 'sedz-tile-snapshot-db-'));
	const run = await database.db
		.insertInto('import_run')
		.values({
			started_at: new Date(),
			finished_at: new Date(),
			status: 'succeeded',
			trigger: 'test'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	version = run.id;
	await insertTileSet(database.db, version);
	for (let i = 0; i < rows.length; i += 500)
		await insertTiles(database.db, version, rows.slice(i, i + 500));
	await completeTileSet(database.db, version, { tileCount: rows.length, gzipBytes: 0, cutMs: 0 });
});

afterAll(async () => {
	await database?.close();
	if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the tile snapshot of the stored tiles', () => {
	it('holds every stored tile, held and deeper, answered exactly as the database answers', async () => {
		const file = tileSnapshotPath(dir);
		const written = await refreshTileSnapshot(database.db, file);
		expect(snapshotMaxZoom).toBe(14);
		expect(written).toMatchObject({ version, tiles: rows.length });
		// Unchanged data: a restart reads the footer and writes nothing.
		expect(await refreshTileSnapshot(database.db, file)).toBeUndefined();
		const snapshot = await openTileSnapshot(file);
		if (!snapshot) throw new Error('no snapshot');
		try {
			expect(snapshot).toMatchObject({ version, count: rows.length, maxZoom: snapshotMaxZoom });
			// The z8 tiles are held in memory, the z13 ones read from the file: both as stored.
			expect(await snapshot.held).toBe(true);
			for (const row of rows) {
				const params = { layer: row.layer, z: String(row.z), x: String(row.x), y: String(row.y) };
				const fromSnapshot = await getSnapshotTile(snapshot, params, undefined, 'gzip');
				expect(fromSnapshot).toEqual(await getVectorTile(database.db, params, undefined, 'gzip'));
				expect(fromSnapshot).toMatchObject({ status: 200, body: row.gzip });
			}
			// A tile not stored is empty in both, held or deeper.
			for (const empty of [
				{ layer: 'tambon', z: '8', x: '255', y: '200' },
				{ layer: 'lao', z: '13', x: '5', y: '4001' }
			])
				expect(await getSnapshotTile(snapshot, empty)).toEqual(
					await getVectorTile(database.db, empty)
				);
		} finally {
			await snapshot.close();
		}
	});

	it('serves the cold tiles of its own run up to its zoom once the database is open, deeper ones of an older z12 snapshot from the database', async () => {
		// The snapshot holds three tiles the database does not (never read above, so not in the
		// store's memory): which of the two answered shows in the body.
		const file = path.join(dir, 'marked.snapshot');
		const onlyInSnapshot = [7, 8, 9].map((x) => ({
			layer: 'tambon' as const,
			z: 8,
			x,
			y: 150,
			gzip: new Uint8Array([0x1f, 0x8b, 0xee, x])
		}));
		// A snapshot up to z12 only (one written by an older release held no deeper zoom).
		await writeTileSnapshot(
			file,
			version,
			(async function* () {
				// The writer sorts them.
				yield* [...rows, ...onlyInSnapshot];
			})(),
			12
		);
		const snapshot = await openTileSnapshot(file);
		const other = await openTileSnapshot(file);
		if (!snapshot || !other) throw new Error('no snapshot');
		const params = (t: { layer: string; z: number; x: number; y: number }) => ({
			layer: t.layer,
			z: String(t.z),
			x: String(t.x),
			y: String(t.y)
		});
		try {
			readTilesThrough(database.db, snapshot);
			const [seven, eight, nine] = onlyInSnapshot;
			expect(await getVectorTile(database.db, params(seven!), undefined, 'gzip')).toMatchObject({
				status: 200,
				body: seven!.gzip
			});
			// Deeper than the snapshot: from the database.
			const deep = rows.find((r) => r.z > snapshot.maxZoom)!;
			expect(await getVectorTile(database.db, params(deep), undefined, 'gzip')).toMatchObject({
				body: deep.gzip
			});
			// A snapshot of another run is never read; nor one closed under the read.
			readTilesThrough(database.db, { ...other, version: version + 1 });
			expect(await getVectorTile(database.db, params(eight!))).toMatchObject({
				status: 200,
				body: new Uint8Array(0)
			});
			await other.close();
			readTilesThrough(database.db, other);
			expect(await getVectorTile(database.db, params(nine!))).toMatchObject({
				status: 200,
				body: new Uint8Array(0)
			});
		} finally {
			readTilesThrough(database.db, undefined);
			await snapshot.close();
		}
	});

	it('names its tile set apart from any other database for the tile cache: the database and the cut time', async () => {
		const identity = await findTileSetIdentity(database.db, version);
		expect(identity?.databaseOid).toMatch(/^[1-9][0-9]*$/);
		// Microseconds since 1970: within ten minutes of now.
		expect(Math.abs(Number(identity!.cutAtMicros) / 1000 - Date.now())).toBeLessThan(600_000);
		expect(await findTileSetIdentity(database.db, version + 1)).toBeUndefined();
	});
});
