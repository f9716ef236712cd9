import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import { TileIndex, type TileBytes } from './tile-index';
import { tileLayerNames, tileMaxZoom, type TileLayerName } from './tile-layers';
import { findDatasetVersion, listTileUnits, type TileUnit } from './tiles.repository';

/** Part of every ETag: bump it when the tile encoding changes for the same data. */
const tileFormatVersion = 1;

/**
 * How often a tile request asks the database for the latest import run, in milliseconds. The
 * query costs about 1.5 ms on the embedded engine, as much as serving a tile from memory; within
 * this interval concurrent and later requests share one answer, so a re-import reaches the tiles
 * (and their ETags) at most this much later.
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

interface BuiltIndex {
	/** The import run the index was built from. */
	version: number;
	index: TileIndex;
}

/** How long building an index took and what it holds, for the log and the benchmark. */
export interface TileIndexBuildReport {
	version: number;
	readMs: number;
	sliceMs: number;
	/** Growth of the V8 heap plus array buffers over the build; see `memoryMeasuredAfterGc`. */
	memoryBytes: number;
	/** Whether a GC ran before each reading (`node --expose-gc`); if not, garbage is counted too. */
	memoryMeasuredAfterGc: boolean;
	units: Record<TileLayerName, number>;
}

const exposedGc = (globalThis as { gc?: () => void }).gc;

const memoryInUse = () => {
	exposedGc?.();
	const { heapUsed, arrayBuffers } = process.memoryUsage();
	return heapUsed + arrayBuffers;
};

let onIndexBuilt: (report: TileIndexBuildReport) => void = (report) => {
	const units = tileLayerNames.map((layer) => `${report.units[layer]} ${layer}`).join(', ');
	console.log(
		`Vector tiles of import run ${report.version}: ${units}; read ${Math.round(report.readMs)} ms, ` +
			`sliced ${Math.round(report.sliceMs)} ms, memory +${Math.round(report.memoryBytes / 2 ** 20)} MB` +
			(report.memoryMeasuredAfterGc ? '' : ' (garbage included: no --expose-gc)')
	);
};

/** Replaces the log line written after each index build (tests and the benchmark listen here). */
export function reportTileIndexBuilds(listener: (report: TileIndexBuildReport) => void) {
	onIndexBuilt = listener;
}

/**
 * Reads every layer from one snapshot, so the version and the data agree even if an import
 * commits meanwhile, then slices them in memory.
 */
async function buildTileIndex(db: Kysely<DB>): Promise<BuiltIndex | undefined> {
	const memoryBefore = memoryInUse();
	const started = performance.now();
	const read = await db
		.transaction()
		.setIsolationLevel('repeatable read')
		.execute(async (trx) => {
			const version = await findDatasetVersion(trx);
			if (version === undefined) return undefined;
			const units: Partial<Record<TileLayerName, TileUnit[]>> = {};
			for (const layer of tileLayerNames) units[layer] = await listTileUnits(trx, layer);
			return { version, units: units as Record<TileLayerName, TileUnit[]> };
		});
	if (!read) return undefined;
	const readMs = performance.now() - started;
	const index = await TileIndex.build(read.units);
	onIndexBuilt({
		version: read.version,
		readMs,
		sliceMs: index.stats.sliceMs,
		memoryBytes: memoryInUse() - memoryBefore,
		memoryMeasuredAfterGc: exposedGc !== undefined,
		units: index.stats.units
	});
	return { version: read.version, index };
}

/**
 * The tile index of one database, rebuilt when a newer import run succeeds. It is a cache of
 * the database only: every instance builds its own, so instances stay stateless.
 */
class TileIndexHolder {
	#current: Promise<BuiltIndex | undefined> | undefined;
	#version: { checkedAt: number; lookup: Promise<number | undefined> } | undefined;

	constructor(readonly db: Kysely<DB>) {}

	/** The latest import run, asked of the database at most once per `datasetVersionCheckMs`. */
	latestVersion(): Promise<number | undefined> {
		const now = performance.now();
		if (!this.#version || now - this.#version.checkedAt >= datasetVersionCheckMs) {
			const lookup = findDatasetVersion(this.db);
			this.#version = { checkedAt: now, lookup };
			lookup.catch(() => {
				if (this.#version?.lookup === lookup) this.#version = undefined;
			});
		}
		return this.#version.lookup;
	}

	/** The index of `version` or a newer run; builds it once however many requests wait. */
	async indexFor(version: number): Promise<BuiltIndex | undefined> {
		for (;;) {
			const current = this.#current;
			if (current) {
				const built = await current.catch(() => undefined);
				if (built && built.version >= version) return built;
				// Another request started a newer build while this one waited: wait for that one.
				if (this.#current !== current) continue;
			}
			// A failed build is not kept: the next request tries again.
			const next = buildTileIndex(this.db);
			this.#current = next;
			return next;
		}
	}
}

const holders = new WeakMap<Kysely<DB>, TileIndexHolder>();

function holderOf(db: Kysely<DB>) {
	let holder = holders.get(db);
	if (!holder) {
		holder = new TileIndexHolder(db);
		holders.set(db, holder);
	}
	return holder;
}

/** Builds the tile index of the latest import run now, instead of at the first tile request. */
export async function warmTileIndex(db: Kysely<DB>): Promise<void> {
	const holder = holderOf(db);
	const version = await holder.latestVersion();
	if (version !== undefined) await holder.indexFor(version);
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

/**
 * Answers `GET /tiles/{layer}/{z}/{x}/{y}.pbf`: the tile's MVT (200, zero bytes when empty), 304
 * when `If-None-Match` holds its current ETag, 404 for an address that names no tile.
 */
export async function getVectorTile(
	db: Kysely<DB>,
	params: Record<string, string | undefined>,
	ifNoneMatch?: string | null
): Promise<TileResponse> {
	const address = parseTileAddress(params);
	if (!address.valid) return { status: 404, reason: address.reason };
	const holder = holderOf(db);
	const version = await holder.latestVersion();
	const built = version === undefined ? undefined : await holder.indexFor(version);
	if (!built) return { status: 404, reason: 'no data imported' };
	const { layer, z, x, y } = address.tile;
	const etag = tileETag(built.version, address.tile);
	const headers = { etag, 'cache-control': tileCacheControl };
	if (matchesIfNoneMatch(ifNoneMatch, etag)) return { status: 304, headers };
	const body = built.index.encodeTile(layer, z, x, y);
	return { status: 200, body, headers: { ...headers, 'content-type': tileContentType } };
}
