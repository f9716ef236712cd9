import { sql, type Kysely } from 'kysely';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { DB } from '../db/schema';
import { refreshPlannerStatistics } from '../db/statistics';
import {
	cutLayer,
	sliceOptions,
	type CutTile,
	type CutTotals,
	type TileBytes
} from './tile-cutter';
import { tileLayerMinZoom, tileLayerNames, tileMaxZoom, type TileLayerName } from './tile-layers';
import {
	snapshotHeldMaxZoom,
	snapshotMaxZoom,
	tileSnapshotVersion,
	writeTileSnapshot,
	type TileSnapshot
} from './tile-snapshot';
import {
	completeTileSet,
	deleteOtherTileSets,
	findLayerSize,
	findStoredTile,
	findTileVersion,
	insertTileSet,
	insertTiles,
	listStoredTiles,
	listTileUnits,
	type StoredTileRow,
	type TileUnitArea
} from './tiles.repository';

/**
 * The vector tiles of the imported geography: cut once per import run and stored (the cut at
 * import, `cutAndStoreTiles`), read through a small in-memory store (the latest run, asked at most
 * once a second; recently used tiles; the embedded engine's snapshot for cold ones) and answered
 * with their ETag, caching and encoding by the fast path and the SvelteKit route alike.
 *
 * Over 400 lines: the store, the cut and the answer share the tile's address, run and ETag rules.
 */

/** Part of every ETag: bump it when the tile encoding changes for the same data. */
const tileFormatVersion = 2;

/**
 * How often a tile request asks the database for the latest import run, in milliseconds. The
 * query costs about 1.5 ms on the embedded engine, as much as serving a cached tile; within this
 * interval concurrent and later requests share one answer, so a re-import reaches the tiles (and
 * their ETags) at most this much later.
 */
export const datasetVersionCheckMs = 1000;

/**
 * Browsers and proxies may keep a tile an hour without asking; after that the ETag makes the
 * revalidation a 304. Not `immutable`: a re-import changes the data behind the same URL.
 */
export const tileCacheControl = 'public, max-age=3600';
export const tileContentType = 'application/x-protobuf';

/** A canonical non-negative integer: no sign, no leading zero, no exponent, no fraction. */
const tileNumber = z
	.string()
	.regex(/^(0|[1-9][0-9]{0,8})$/, 'must be a non-negative integer')
	.transform(Number);

const tileAddress = z
	.object({
		layer: z.enum(tileLayerNames),
		z: tileNumber.pipe(z.number().max(tileMaxZoom, `tiles are built up to z${tileMaxZoom}`)),
		x: tileNumber,
		y: tileNumber
	})
	.refine(({ z, x, y }) => x < 2 ** z && y < 2 ** z, {
		message: 'x and y must be below 2^z',
		path: ['x']
	});

export type TileAddress = z.infer<typeof tileAddress>;

/** Parses the route's `layer`, `z`, `x`, `y`; the reason names the first bad field. */
export function parseTileAddress(
	params: Record<string, string | undefined>
): { valid: true; tile: TileAddress } | { valid: false; reason: string } {
	const parsed = tileAddress.safeParse(params);
	if (parsed.success) return { valid: true, tile: parsed.data };
	const issue = parsed.error.issues[0];
	return { valid: false, reason: `${issue?.path.join('.') ?? 'tile'}: ${issue?.message ?? ''}` };
}

export type TileResponse =
	| { status: 200; body: TileBytes; headers: Record<string, string> }
	| { status: 304; headers: Record<string, string> }
	| { status: 404; reason: string };

/** What cutting one import run's tiles did, for the log and the benchmark. */
export interface TileCutReport {
	version: number;
	/** Milliseconds reading the layers' GeoJSON from the database. */
	readMs: number;
	/** Milliseconds slicing, encoding, compressing and storing (the reads excluded). */
	cutMs: number;
	tiles: Record<TileLayerName, number>;
	plainBytes: number;
	gzipBytes: number;
	/** Tile sets of earlier runs dropped. */
	replacedSets: number;
}

let onTilesCut: (report: TileCutReport) => void = (report) => {
	const tiles = tileLayerNames.map((layer) => `${report.tiles[layer]} ${layer}`).join(', ');
	console.log(
		`Vector tiles of import run ${report.version} cut and stored: ${tiles}; ` +
			`read ${Math.round(report.readMs)} ms, cut and stored ${Math.round(report.cutMs)} ms, ` +
			`${(report.gzipBytes / 1e6).toFixed(1)} MB gzip (${(report.plainBytes / 1e6).toFixed(1)} MB plain)`
	);
};

/** Replaces the log line written after each cut (tests and the benchmark listen here). */
export function reportTileCuts(listener: (report: TileCutReport) => void) {
	onTilesCut = listener;
}

/** Rows per INSERT: 5 parameters each, far below PostgreSQL's 65,535. */
const insertBatchRows = 500;

/**
 * A layer with more vertices than this is cut a partition at a time (`cutLayerTiles`). The
 * country's layers have 0.2 M or fewer; a 1:10,000 boundary layer has about 125 M, which cut
 * whole would need several GB of memory (geojson-vt holds every point of the layer it indexes).
 */
export const partitionedCutMinVertices = 4_000_000;

/**
 * The zoom of the partitions: at z9 a tile is about 80 km across over Thailand, so a partition
 * holds about a three-hundredth of the country's vertices (a 2 GB layer: some 0.5 M).
 */
const partitionZoom = 9;

/** Longitude of the west edge of tile column `x` at zoom `z` (x may be fractional). */
const tileLongitude = (x: number, z: number) => (x / 2 ** z) * 360 - 180;

/** Latitude of the north edge of tile row `y` at zoom `z` (Web Mercator; y may be fractional). */
const tileLatitude = (y: number, z: number) =>
	(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The tile column (fractional) of `longitude` at zoom `z`: `tileLongitude`'s inverse. */
const tileColumn = (longitude: number, z: number) => ((longitude + 180) / 360) * 2 ** z;

/** The tile row (fractional) of `latitude` at zoom `z`: `tileLatitude`'s inverse. */
const tileRow = (latitude: number, z: number) =>
	((1 - Math.asinh(Math.tan((latitude * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z;

/**
 * A tile's bounds with twice geojson-vt's buffer around it, in degrees: every tile below it,
 * buffer included, lies inside, so the features clipped to these bounds draw its subtree as the
 * whole layer does.
 */
function bufferedTileBounds(z: number, x: number, y: number) {
	const margin = (2 * sliceOptions.buffer) / sliceOptions.extent;
	return [
		tileLongitude(x - margin, z),
		tileLatitude(y + 1 + margin, z),
		tileLongitude(x + 1 + margin, z),
		tileLatitude(y - margin, z)
	] as const;
}

/** geojson-vt's simplification tolerance at zoom `z` in degrees of longitude (3 of 4096 units). */
const toleranceDegrees = (z: number) =>
	((sliceOptions.tolerance / sliceOptions.extent) * 360) / 2 ** z;

/**
 * Every non-empty tile of one layer (to z14, or `maxZoom`), passed to `emit`. A layer of up to
 * `partitionedMinVertices` is cut whole, from its geometry as stored. A larger one is cut a
 * partition at a time, so the memory it takes is bounded by a partition, not by the layer:
 * - below z9, from its geometry simplified in the database to a quarter of geojson-vt's tolerance
 *   at z8 (those zooms would keep no more detail);
 * - from z9 on, for each z9 tile over the layer, from the units that meet it, clipped to it (with
 *   twice the tile buffer around it), and that tile's subtree only.
 * The districts, tambons and LAOs have no tiles below z9 except the districts' z7–z8.
 */
export async function cutLayerTiles(
	db: Kysely<DB>,
	layer: TileLayerName,
	emit: (tile: CutTile) => void | Promise<void>,
	{
		maxZoom = tileMaxZoom,
		partitionedMinVertices = partitionedCutMinVertices
	}: { maxZoom?: number; partitionedMinVertices?: number } = {}
): Promise<CutTotals & { partitions: number; readMs: number }> {
	const totals = { tiles: 0, plainBytes: 0, gzipBytes: 0, partitions: 0, readMs: 0 };
	const add = (cut: CutTotals) => {
		totals.tiles += cut.tiles;
		totals.plainBytes += cut.plainBytes;
		totals.gzipBytes += cut.gzipBytes;
	};
	const read = async (area?: TileUnitArea) => {
		const started = performance.now();
		const units = await listTileUnits(db, layer, area);
		totals.readMs += performance.now() - started;
		return units;
	};
	const size = await findLayerSize(db, layer);
	if (!size) return totals;
	if (size.vertices <= partitionedMinVertices || maxZoom < partitionZoom) {
		add(await cutLayer(layer, await read(), emit, { maxZoom }));
		return totals;
	}
	if (tileLayerMinZoom[layer] < partitionZoom) {
		const simplified = await read({ simplifyDegrees: toleranceDegrees(partitionZoom - 1) / 4 });
		add(await cutLayer(layer, simplified, emit, { maxZoom: partitionZoom - 1 }));
	}
	const [west, south, east, north] = size.extent;
	const columns = tileRange(tileColumn(west, partitionZoom), tileColumn(east, partitionZoom));
	const rows = tileRange(tileRow(north, partitionZoom), tileRow(south, partitionZoom));
	for (let x = columns.first; x <= columns.last; x++) {
		for (let y = rows.first; y <= rows.last; y++) {
			const units = await read({ clipTo: bufferedTileBounds(partitionZoom, x, y) });
			if (units.length === 0) continue;
			totals.partitions += 1;
			add(await cutLayer(layer, units, emit, { root: [partitionZoom, x, y], maxZoom }));
		}
	}
	return totals;
}

/** The whole tiles from fractional tile `from` to `to` at the partition zoom, within the world. */
function tileRange(from: number, to: number) {
	const last = 2 ** partitionZoom - 1;
	const clamp = (n: number) => Math.min(last, Math.max(0, Math.floor(n)));
	return { first: clamp(from), last: clamp(to) };
}

/**
 * Cuts every non-empty tile of the base layers from the data of import run `version` and stores
 * them gzip-compressed, replacing the tiles of earlier runs. Run it inside the transaction that
 * wrote the data (the import) or one that holds `tileCutLockKey`, so tiles and data agree.
 */
export async function cutAndStoreTiles(trx: Kysely<DB>, version: number): Promise<TileCutReport> {
	const report: TileCutReport = {
		version,
		readMs: 0,
		cutMs: 0,
		tiles: { province: 0, district: 0, tambon: 0, lao: 0 },
		plainBytes: 0,
		gzipBytes: 0,
		replacedSets: 0
	};
	const started = performance.now();
	await insertTileSet(trx, version);
	for (const layer of tileLayerNames) {
		let batch: StoredTileRow[] = [];
		const totals = await cutLayerTiles(trx, layer, async ({ z, x, y, gzip }) => {
			batch.push({ layer, z, x, y, gzip });
			if (batch.length >= insertBatchRows) {
				const full = batch;
				batch = [];
				await insertTiles(trx, version, full);
			}
		});
		await insertTiles(trx, version, batch);
		report.readMs += totals.readMs;
		report.tiles[layer] = totals.tiles;
		report.plainBytes += totals.plainBytes;
		report.gzipBytes += totals.gzipBytes;
	}
	report.replacedSets = await deleteOtherTileSets(trx, version);
	report.cutMs = performance.now() - started - report.readMs;
	await completeTileSet(trx, version, {
		tileCount: tileLayerNames.reduce((sum, layer) => sum + report.tiles[layer], 0),
		gzipBytes: report.gzipBytes,
		cutMs: report.cutMs
	});
	onTilesCut(report);
	return report;
}

/** Instances cutting the tiles of a run imported without them take this advisory lock. */
const tileCutLockKey = 0x5ed2_0019;

/**
 * Cuts the tiles of the latest import run if they are not stored: a database imported before
 * tiles were stored (or with `cutTiles: false`) gets them once, here, never an empty map. Another
 * instance cutting at the same time holds the lock; this one then finds them stored.
 */
export async function ensureTilesStored(db: Kysely<DB>): Promise<TileCutReport | undefined> {
	const current = await findTileVersion(db);
	if (!current || current.stored) return undefined;
	return db.transaction().execute(async (trx) => {
		await sql`SELECT pg_advisory_xact_lock(${tileCutLockKey})`.execute(trx);
		const locked = await findTileVersion(trx);
		if (!locked || locked.stored) return undefined;
		console.log(`Vector tiles of import run ${locked.version} are not stored: cutting them once`);
		return cutAndStoreTiles(trx, locked.version);
	});
}

/**
 * Stored tiles kept in memory per database, least recently used dropped first: 32 MB of gzip
 * holds the tiles a city's worth of users look at. A miss is one primary-key read.
 */
const cachedTileBytes = 32 * 1024 * 1024;

/** The stored tiles of one database, with the version check and the cut of missing tiles. */
class TileStore {
	#version: { checkedAt: number; lookup: Promise<number | undefined> } | undefined;
	#ensuring: Promise<unknown> | undefined;
	/**
	 * Second chance (CLOCK) rather than strict LRU: a hit only marks its entry used. Moving the
	 * entry to the end (delete, then set) on every hit grows V8's hash chain of that key with a
	 * deleted entry each time until the table is rebuilt, which in a cache of 35,000 tiles made a
	 * hit of a popular tile cost 130 µs instead of 5.
	 */
	readonly #cache = new Map<string, { body: Uint8Array; used: boolean }>();
	#cachedBytes = 0;

	constructor(readonly db: Kysely<DB>) {}

	/**
	 * The latest import run whose tiles are stored, asked of the database at most once per
	 * `datasetVersionCheckMs`. A latest run without tiles has them cut first (once, whoever asks).
	 */
	latestVersion(): Promise<number | undefined> {
		const now = performance.now();
		if (!this.#version || now - this.#version.checkedAt >= datasetVersionCheckMs) {
			const lookup = this.#lookUp();
			this.#version = { checkedAt: now, lookup };
			lookup.catch(() => {
				if (this.#version?.lookup === lookup) this.#version = undefined;
			});
		}
		return this.#version.lookup;
	}

	async #lookUp(): Promise<number | undefined> {
		const current = await findTileVersion(this.db);
		if (!current) return undefined;
		if (!current.stored) {
			this.#ensuring ??= ensureTilesStored(this.db).finally(() => (this.#ensuring = undefined));
			await this.#ensuring;
		}
		if (this.#seenVersion !== undefined && this.#seenVersion !== current.version)
			onTileVersionChanged(this.db, current.version);
		this.#seenVersion = current.version;
		return current.version;
	}

	#seenVersion: number | undefined;

	/** Starts the cut of missing tiles now (at start-up) instead of at the first tile request. */
	async ensure(): Promise<void> {
		await this.latestVersion();
	}

	/**
	 * The tile snapshot of the same run (`tile-snapshot.ts`: the embedded engine's, or this
	 * PostgreSQL instance's cached copy): a tile held in memory or one `pread` instead of a query,
	 * so a cold tile costs what a warm one does (issue 19 item 1). Undefined when it holds another
	 * run or is closed.
	 */
	snapshot: TileSnapshot | undefined;

	async #fromSnapshot(version: number, tile: TileAddress): Promise<Uint8Array | undefined> {
		const snapshot = this.snapshot;
		if (!snapshot || snapshot.version !== version || tile.z > snapshot.maxZoom) return undefined;
		try {
			return await snapshot.tile(tile.layer, tile.z, tile.x, tile.y);
		} catch {
			// Closed under the read (a newer run's snapshot replaced it): the database answers.
			return undefined;
		}
	}

	async tile(version: number, { layer, z, x, y }: TileAddress): Promise<Uint8Array> {
		// A tile the snapshot holds in memory is answered from it, not copied into the cache too:
		// its first request then does what every later one does (a lookup in the snapshot's
		// index), on both engines.
		const snapshot = this.snapshot;
		const held = snapshot?.version === version ? snapshot.heldTile(layer, z, x, y) : undefined;
		if (held) return held;
		const key = `${version}/${layer}/${z}/${x}/${y}`;
		const cached = this.#cache.get(key);
		if (cached) {
			cached.used = true;
			return cached.body;
		}
		const stored =
			(await this.#fromSnapshot(version, { layer, z, x, y })) ??
			(await findStoredTile(this.db, version, layer, z, x, y)) ??
			emptyTile;
		this.#cache.set(key, { body: stored, used: false });
		this.#cachedBytes += stored.byteLength + key.length;
		this.#evict();
		return stored;
	}

	/**
	 * Drops the oldest tiles not used since they were last passed over until the cache is within
	 * its size; a used one is moved to the end, unmarked (Map order is insertion order).
	 */
	#evict() {
		for (const [key, entry] of this.#cache) {
			if (this.#cachedBytes <= cachedTileBytes) return;
			this.#cache.delete(key);
			if (entry.used) {
				entry.used = false;
				this.#cache.set(key, entry);
			} else this.#cachedBytes -= entry.body.byteLength + key.length;
		}
	}

	/**
	 * Keeps a tile read ahead (`warmStoredTiles`) unless it would overflow the cache: false then,
	 * and the reading stops (what was asked for already stays).
	 */
	keep(version: number, { layer, z, x, y, gzip }: StoredTileRow): boolean {
		const key = `${version}/${layer}/${z}/${x}/${y}`;
		if (this.#cachedBytes + gzip.byteLength + key.length > cachedTileBytes) return false;
		if (!this.#cache.has(key)) {
			this.#cache.set(key, { body: gzip, used: false });
			this.#cachedBytes += gzip.byteLength + key.length;
		}
		return true;
	}
}

let onTileVersionChanged: (db: Kysely<DB>, version: number) => void = () => undefined;

/**
 * Called when the tiles a running instance serves change to a newer import run's (a re-import):
 * the app refreshes its tile snapshot then, so the next restart draws the current map.
 */
export function whenTileVersionChanges(listener: (db: Kysely<DB>, version: number) => void) {
	onTileVersionChanged = listener;
}

/** A zero-byte body is a valid MVT: a tile message with no layers. */
export const emptyTile: TileBytes = new Uint8Array(0);

const stores = new WeakMap<Kysely<DB>, TileStore>();

function storeOf(db: Kysely<DB>) {
	let store = stores.get(db);
	if (!store) {
		store = new TileStore(db);
		stores.set(db, store);
	}
	return store;
}

/** Rows per page when copying a run's tiles into the snapshot file. */
const snapshotPageRows = 1000;

/** The stored tiles of import run `version` up to `maxZoom`, in key order, a page at a time. */
async function* storedTiles(
	db: Kysely<DB>,
	version: number,
	maxZoom: number
): AsyncGenerator<StoredTileRow> {
	let after: StoredTileRow | undefined;
	for (;;) {
		const page = await listStoredTiles(db, version, maxZoom, after, snapshotPageRows);
		yield* page;
		if (page.length < snapshotPageRows) return;
		after = page.at(-1);
	}
}

/**
 * Writes the tile snapshot (`tile-snapshot.ts`) of the latest import run whose tiles are
 * stored, unless `file` holds that run's already: one footer read on an unchanged restart.
 */
export async function refreshTileSnapshot(
	db: Kysely<DB>,
	file: string
): Promise<{ version: number; tiles: number; ms: number } | undefined> {
	const current = await findTileVersion(db);
	if (!current?.stored || (await tileSnapshotVersion(file)) === current.version) return undefined;
	const started = performance.now();
	// The copy reads the tiles a page at a time along the primary key: without statistics (a
	// PGlite database is analysed by nobody else) the planner took a page's 1,000 rows for all
	// of them and sorted the rest of the table for each, 0.4 ms a tile instead of 0.06.
	await refreshPlannerStatistics(db, ['vector_tile']);
	const tiles = await writeTileSnapshot(
		file,
		current.version,
		storedTiles(db, current.version, snapshotMaxZoom)
	);
	return { version: current.version, tiles, ms: performance.now() - started };
}

/**
 * Lets the stored tiles of `db` be read from `snapshot` when it is of the run they serve (the
 * embedded engine, after its restart); undefined stops it. The caller closes the old snapshot.
 */
export function readTilesThrough(db: Kysely<DB>, snapshot: TileSnapshot | undefined): void {
	storeOf(db).snapshot = snapshot;
}

/**
 * Reads the latest run's tiles up to z12 (`snapshotHeldMaxZoom`) into the memory cache ahead of
 * any request, up to the cache's size: on PostgreSQL, at start-up in the background while its
 * tile snapshot is written, so a tile's first request costs what the next does (issue 19 item 1).
 * The country's 28 MB fit. Resolves with the number of tiles read.
 */
export async function warmStoredTiles(db: Kysely<DB>): Promise<number> {
	const store = storeOf(db);
	const version = await store.latestVersion();
	if (version === undefined) return 0;
	let kept = 0;
	for await (const row of storedTiles(db, version, snapshotHeldMaxZoom)) {
		if (!store.keep(version, row)) break;
		kept += 1;
	}
	return kept;
}

/** Cuts the latest import run's tiles at start-up if they are not stored yet (logged). */
export async function prepareStoredTiles(db: Kysely<DB>): Promise<void> {
	await storeOf(db).ensure();
}

function tileETag(version: number, { layer, z, x, y }: TileAddress) {
	return `"t${tileFormatVersion}-r${version}-${layer}-${z}-${x}-${y}"`;
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or `*`. */
function matchesIfNoneMatch(header: string | null | undefined, etag: string) {
	if (!header) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === '*' || tag === etag);
}

/** Whether `Accept-Encoding` accepts gzip (RFC 9110 §12.5.3: `gzip`, `x-gzip` or `*`, q > 0). */
export function acceptsGzip(header: string | null | undefined): boolean {
	if (!header) return false;
	const weights = new Map<string, number>();
	for (const part of header.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		weights.set(name.trim(), q === undefined ? 1 : Number(q));
	}
	const weight = weights.get('gzip') ?? weights.get('x-gzip') ?? weights.get('*') ?? 0;
	return weight > 0;
}

/**
 * Tiles are public: any site may draw them (as the TileJSON and the style, which name them).
 * `Vary: Accept-Encoding` because a tile goes out gzip-compressed or plain as the client asks.
 */
const commonHeaders = {
	'cache-control': tileCacheControl,
	'access-control-allow-origin': '*',
	vary: 'Accept-Encoding'
} as const;

/**
 * Answers `GET /tiles/{layer}/{z}/{x}/{y}.pbf` from the stored tiles: the tile's MVT (200, zero
 * bytes when empty), gzip-compressed as stored when the client accepts it; 304 when
 * `If-None-Match` holds its current ETag; 404 for an address that names no tile. Both the fast
 * path (`tile-fast-path.ts`) and the SvelteKit route answer through here.
 */
export async function getVectorTile(
	db: Kysely<DB>,
	params: Record<string, string | undefined>,
	ifNoneMatch?: string | null,
	acceptEncoding?: string | null
): Promise<TileResponse> {
	const address = parseTileAddress(params);
	if (!address.valid) return { status: 404, reason: address.reason };
	const store = storeOf(db);
	const version = await store.latestVersion();
	if (version === undefined) return { status: 404, reason: 'no data imported' };
	return tileAnswer(version, address.tile, () => store.tile(version, address.tile), {
		ifNoneMatch,
		acceptEncoding
	});
}

/**
 * Answers a tile from the tile snapshot of the embedded database while the database itself is
 * still opening (`tile-snapshot.ts`): the same bytes, headers and ETag as `getVectorTile` gives
 * once it is open, as the snapshot is of the same import run.
 */
export async function getSnapshotTile(
	snapshot: TileSnapshot,
	params: Record<string, string | undefined>,
	ifNoneMatch?: string | null,
	acceptEncoding?: string | null
): Promise<TileResponse> {
	const address = parseTileAddress(params);
	if (!address.valid) return { status: 404, reason: address.reason };
	const { layer, z, x, y } = address.tile;
	return tileAnswer(snapshot.version, address.tile, () => snapshot.tile(layer, z, x, y), {
		ifNoneMatch,
		acceptEncoding
	});
}

async function tileAnswer(
	version: number,
	tile: TileAddress,
	read: () => Promise<Uint8Array>,
	{ ifNoneMatch, acceptEncoding }: { ifNoneMatch?: string | null; acceptEncoding?: string | null }
): Promise<TileResponse> {
	const etag = tileETag(version, tile);
	if (matchesIfNoneMatch(ifNoneMatch, etag))
		return { status: 304, headers: { ...commonHeaders, etag } };
	const gzip = await read();
	const headers: Record<string, string> = {
		...commonHeaders,
		etag,
		'content-type': tileContentType
	};
	if (gzip.byteLength === 0) {
		return { status: 200, body: emptyTile, headers: { ...headers, 'content-length': '0' } };
	}
	if (acceptsGzip(acceptEncoding)) {
		headers['content-encoding'] = 'gzip';
		headers['content-length'] = String(gzip.byteLength);
		return { status: 200, body: onArrayBuffer(gzip), headers };
	}
	const plain = onArrayBuffer(gunzipSync(gzip));
	headers['content-length'] = String(plain.byteLength);
	return { status: 200, body: plain, headers };
}

function onArrayBuffer(bytes: Uint8Array): TileBytes {
	return bytes.buffer instanceof ArrayBuffer &&
		bytes.byteOffset === 0 &&
		bytes.byteLength === bytes.buffer.byteLength
		? (bytes as TileBytes)
		: new Uint8Array(bytes);
}
