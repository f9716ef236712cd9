/**
 * npm run bench:tiles — times the vector tile endpoint of the built app (`npm run build` first,
 * run as `node server.js`) on the fixed tile list in tests/bench/tiles.json (the densest city
 * tiles at z9–z12 included), through HTTP on 127.0.0.1 (one keep-alive connection, gzip accepted,
 * timed to the last byte received):
 *   - restart with the data present: spawn → `/` 200 → first tile 200 → every page 200;
 *   - cold: the first request of each tile after the app is ready (tiles are stored at import),
 *     once the app's background start-up work is done, after a warm-up on tiles the list does not
 *     hold (the code's first runs and the start-up are the restart's figures);
 *   - warm: each tile again right after its cold request (the cold target compares with this:
 *     same moment, same load), then all tiles again, BENCH_WARM_ROUNDS times (default 10), each request followed by
 *     the anchor's query for the same tile, so both run under the same load;
 *   - tile sizes; the load average beside every figure;
 * on the embedded database (a data directory imported here) and, with BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), on PostgreSQL; and beside it, on that PostgreSQL, the query Martin or
 * pg_tileserv runs for the same tile (ST_AsMVT over ST_AsMVTGeom on a GiST-indexed EPSG:3857
 * copy of the geometry), timed from a `pg` client with a prepared statement.
 * BENCH_ENGINES=pglite,postgres picks the app runs; BENCH_PGLITE_DIR reuses an embedded directory. Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { hasImportedData, importGeodata } from '../../src/lib/server/geodata/import.service';
import { ensureTilesStored } from '../../src/lib/server/tiles/tiles.service';
import { tileLayerNames, type TileLayerName } from '../../src/lib/server/tiles/tile-layers';
import { startApp, type RunningApp } from '../e2e/harness';
import tileList from './tiles.json' with { type: 'json' };
import { restartPages, until200 } from './restart-pages';
import { envCount } from './settings';

interface BenchTile {
	place: string;
	layer: TileLayerName;
	z: number;
	x: number;
	y: number;
}

const tiles = tileList.tiles as BenchTile[];
const warmRounds = envCount('BENCH_WARM_ROUNDS', 10);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
if (!fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');
if (warmRounds < 1) throw new Error('BENCH_WARM_ROUNDS must be at least 1');

const ms = (value: number) => `${value.toFixed(2)} ms`;

function percentile(values: readonly number[], p: number) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(values: readonly number[]) {
	return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

const line = (label: string, values: readonly number[]) => {
	const { p50, p95, max } = summary(values);
	console.log(
		`  ${label.padEnd(34)} p50 ${ms(p50)}  p95 ${ms(p95)}  max ${ms(max)}  (n=${values.length})`
	);
};

const tilePath = ({ layer, z, x, y }: BenchTile) => `/tiles/${layer}/${z}/${x}/${y}.pbf`;

async function importInto(database: Awaited<ReturnType<typeof openPGlite>>) {
	await migrateToLatest(database.db);
	const result = await importGeodata(database.db, [geodataDir!], { trigger: 'cli' });
	if (result.status !== 'succeeded') throw new Error('import failed');
}

function withDatabase(base: string, name: string) {
	const url = new URL(base);
	url.pathname = `/${name}`;
	return url.toString();
}

/** A fresh database on the server with the real data, for both the app and the PostGIS query. */
async function prepareServerDatabase(base: string) {
	const name = 'sedz_bench_tiles';
	const admin = await openPostgres(base, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
	await admin.close();
	const url = withDatabase(base, name);
	const database = await openPostgres(url, 2);
	await importInto(database);
	// What a Martin or pg_tileserv deployment adds: Web Mercator geometry with a GiST index.
	for (const table of ['province', 'district', 'tambon', 'lao']) {
		await sql`ALTER TABLE ${sql.id(table)} ADD COLUMN geom3857 geometry(MultiPolygon, 3857)`.execute(
			database.db
		);
		await sql`UPDATE ${sql.id(table)} SET geom3857 = ST_Transform(geom, 3857)`.execute(database.db);
		await sql`CREATE INDEX ${sql.id(`${table}_geom3857_idx`)} ON ${sql.id(table)} USING gist (geom3857)`.execute(
			database.db
		);
		await sql`ANALYZE ${sql.id(table)}`.execute(database.db);
	}
	await database.close();
	return url;
}

/**
 * The embedded data directory: BENCH_PGLITE_DIR (kept; imported here if empty, its tiles cut if
 * missing, as a first start would) or a fresh one imported here and removed at the end.
 */
const givenPgliteDir = process.env.BENCH_PGLITE_DIR;

async function preparePGliteDirectory() {
	const dir = givenPgliteDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-tiles-'));
	const database = await openPGlite(dir);
	try {
		await migrateToLatest(database.db);
		if (!(await hasImportedData(database.db))) await importInto(database);
		const cut = await ensureTilesStored(database.db);
		if (cut) console.log(`  (tiles of the given directory cut now: ${Math.round(cut.cutMs)} ms)`);
	} finally {
		await database.close();
	}
	return dir;
}

/**
 * One keep-alive connection, as a browser keeps one to a tile server; `accept-encoding: gzip`, as
 * a browser sends. The time is until the last byte of the answer as sent (stored gzip) has
 * arrived: unpacking it is the client's work, and the anchor's figure has no unpacking either.
 */
const tileAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

async function fetchTile(app: RunningApp, tile: BenchTile) {
	const started = performance.now();
	const { status, body, encoding } = await new Promise<{
		status: number;
		body: Buffer;
		encoding: string;
	}>((resolve, reject) => {
		const request = http.get(
			`${app.url}${tilePath(tile)}`,
			{ agent: tileAgent, headers: { 'accept-encoding': 'gzip' } },
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						body: Buffer.concat(chunks),
						encoding: String(response.headers['content-encoding'] ?? '')
					})
				);
				response.on('error', reject);
			}
		);
		request.on('error', reject);
	});
	const elapsed = performance.now() - started;
	if (status !== 200) throw new Error(`${tilePath(tile)}: HTTP ${status}`);
	return { elapsed, bytes: encoding === 'gzip' ? gunzipSync(body).byteLength : body.byteLength };
}

async function rssMegabytes(pid: number | undefined) {
	if (pid === undefined) return NaN;
	const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
	return kb ? Number(kb) / 1024 : NaN;
}

/** The 1-minute load average, printed beside every figure: the machine is shared. */
const load = () => `load ${os.loadavg()[0]!.toFixed(2)}`;

const firstTile: BenchTile = tiles.find((t) => t.layer === 'tambon' && t.z === 12)!;

/**
 * A restart with the data present: spawn → the first `/` 200 → the first tile 200 → every page
 * in `restartPages` 200. The harness resolves at the first HTTP answer (any status).
 */
async function measureRestart(engine: string, env: Record<string, string>) {
	const spawned = performance.now();
	const app = await startApp({ env, startTimeoutMs: 180_000 });
	try {
		const listening = performance.now() - spawned;
		const [home, tile] = await Promise.all([
			until200(app, '/', spawned),
			until200(app, tilePath(firstTile), spawned)
		]);
		const pages = await Promise.all(restartPages.map((page) => until200(app, page, spawned)));
		const allPages = Math.max(...pages);
		console.log(
			`  restart on ${engine}: listening ${ms(listening)}, / 200 ${ms(home)}, first tile 200 ${ms(tile)}, ` +
				`every page 200 ${ms(allPages)} (targets: map ≤ 3000 ms, every page ≤ 8000 ms; ${load()})`
		);
		return { listening, home, tile, allPages };
	} finally {
		await app.stop();
	}
}

/** The PostGIS anchor: the query Martin or pg_tileserv runs for a tile, on a prepared statement. */
interface Anchor {
	run(tile: BenchTile): Promise<{ elapsed: number; bytes: number }>;
	firstRun: number[];
	close(): Promise<void>;
}

async function benchApp(engine: string, env: Record<string, string>, anchor: Anchor | undefined) {
	const restart = await measureRestart(engine, env);
	const app = await startApp({ env, startTimeoutMs: 180_000 });
	try {
		for (;;) {
			const status = (await (await fetch(`${app.url}/status.json`)).json()) as { state: string };
			if (status.state === 'ready') break;
			if (status.state === 'failed' || status.state === 'no_data') throw new Error(app.output());
			await sleep(50);
		}
		// The app prepares its open data in the background once ready (OGC collections, candidates,
		// extents: seconds of CPU on the event loop); cold tiles are timed once that is done, as
		// the restart above times the start itself.
		const settling = performance.now();
		while (!app.output().includes('OGC API: extents found')) {
			if (performance.now() - settling > 180_000) throw new Error('the app did not settle');
			await sleep(100);
		}
		console.log(`  (app settled ${Math.round(performance.now() - settling)} ms after ready)`);
		// The code's first runs are not what "cold" means here (a restart is timed apart): the
		// server's and this client's tile code is run first on tiles the list does not hold.
		for (const tile of warmUpTiles) await fetchTile(app, tile);
		const cold: number[] = [];
		const sizes: number[] = [];
		const coldLoad = load();
		// Cold: the first request of each tile since this start (no tile slicing at start: the
		// tiles are stored), interleaved with the anchor's first run of the same tile.
		const paired: number[] = [];
		for (const tile of tiles) {
			const { elapsed, bytes } = await fetchTile(app, tile);
			cold.push(elapsed);
			sizes.push(bytes);
			// The same tile again at once: warm, at the same moment and load as its cold request
			// (a long run of warm requests keeps both processes' cores awake, which a cold round
			// spread between the anchor's queries does not).
			paired.push((await fetchTile(app, tile)).elapsed);
			if (anchor && anchor.firstRun.length < tiles.length)
				anchor.firstRun.push((await anchor.run(tile)).elapsed);
		}
		const warm: number[] = [];
		const anchorWarm: number[] = [];
		// Warm rounds: app and anchor alternate tile by tile, so both see the same load.
		for (let round = 0; round < warmRounds; round++) {
			for (const tile of tiles) {
				warm.push((await fetchTile(app, tile)).elapsed);
				if (anchor) anchorWarm.push((await anchor.run(tile)).elapsed);
			}
		}
		const warmLoad = load();
		console.log(`\napp on ${engine} (node server.js: stored tiles on the fast path):`);
		line(`cold (first request of each tile; ${coldLoad})`, cold);
		// The snapshot holds z0–z12 on the embedded engine; deeper tiles are read from the database.
		const coldAt = (deep: boolean) => cold.filter((_, i) => tiles[i]!.z > 12 === deep);
		line(`  of which z0–z12 (${coldAt(false).length} tiles)`, coldAt(false));
		line(`  of which z13 and deeper`, coldAt(true));
		line(`warm, each right after its cold request`, paired);
		line(`warm (${warmRounds} more rounds; ${warmLoad})`, warm);
		if (anchor) line(`ST_AsMVT anchor, same rounds (${warmLoad})`, anchorWarm);
		const size = summary(sizes);
		console.log(
			`  tile size (decompressed): p50 ${Math.round(size.p50)} B, p95 ${Math.round(size.p95)} B, max ${Math.round(size.max)} B; ` +
				`${sizes.filter((s) => s === 0).length} empty of ${sizes.length}`
		);
		console.log(`  app RSS after the run: ${(await appRss(app)).toFixed(0)} MB`);
		return { cold, paired, warm, anchorWarm, sizes, restart };
	} catch (error) {
		console.error(`app output:\n${app.output()}`);
		throw error;
	} finally {
		await app.stop();
	}
}

/** The app's resident memory, found by its listening port's process (Linux only). */
async function appRss(app: RunningApp) {
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const cmdline = await fs.promises.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
		const environ = await fs.promises.readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
		if (cmdline.includes('server.js') && environ.includes(`PORT=${app.port}\0`)) {
			return rssMegabytes(Number(entry));
		}
	}
	return NaN;
}

const listed = new Set(tiles.map(tilePath));
/**
 * Tiles over Thailand at z0–z7 that the list does not hold, each layer: the warm-up before the
 * cold round. The list's own tiles are still requested for the first time in the cold round.
 */
const warmUpTiles: BenchTile[] = tileLayerNames.flatMap((layer) =>
	[0, 1, 2, 3, 4, 5, 6, 7].flatMap((z) => {
		const [west, south, east, north] = [97.3, 5.6, 105.7, 20.5];
		const column = (lon: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
		const row = (lat: number) => {
			const radians = (lat * Math.PI) / 180;
			return Math.floor(
				((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * 2 ** z
			);
		};
		const found: BenchTile[] = [];
		for (let x = column(west); x <= column(east); x++)
			for (let y = row(north); y <= row(south); y++)
				found.push({ place: 'warm-up', layer, z, x, y });
		return found.filter((tile) => !listed.has(tilePath(tile)));
	})
);

/** The properties the app's tiles carry, so both sides encode the same attributes. */
const martinColumns: Record<TileLayerName, string> = {
	province: 'code, name_th, name_en, area_km2',
	district: 'code, province_code, name_th, name_en, area_km2',
	tambon: 'code, district_code, province_code, name_th, name_en, area_km2',
	lao: 'dla_code, lao_type, name_th, name_en, province_code, geom_approximate AS approximate, area_km2'
};

async function openAnchor(url: string): Promise<Anchor> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	const query = (tile: BenchTile) => ({
		name: `martin_${tile.layer}`,
		text: `SELECT ST_AsMVT(q, '${tile.layer}', 4096, 'geom') AS mvt FROM (
			SELECT ${martinColumns[tile.layer]},
				ST_AsMVTGeom(geom3857, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
			FROM ${tile.layer} WHERE geom3857 && ST_TileEnvelope($1, $2, $3)
		) AS q`,
		values: [tile.z, tile.x, tile.y]
	});
	return {
		firstRun: [],
		async run(tile) {
			const started = performance.now();
			const result = await client.query<{ mvt: Buffer | null }>(query(tile));
			return { elapsed: performance.now() - started, bytes: result.rows[0]?.mvt?.byteLength ?? 0 };
		},
		close: () => client.end()
	};
}

const benchStarted = performance.now();
console.log(
	`${tiles.length} tiles (tests/bench/tiles.json), engines: ${engines.join(', ')}; ${load()}`
);
console.log(
	'Targets (issue 19): warm p95 well under the ST_AsMVT anchor (≤ 0.5×); cold = warm (cold p95 ≤ 1.25× warm p95); ' +
		'restart → map ≤ 3 s, → every page ≤ 8 s.'
);
const results: Record<string, Awaited<ReturnType<typeof benchApp>>> = {};
let pgliteDir: string | undefined;
let anchor: Anchor | undefined;
try {
	const serverDatabase = serverUrl ? await prepareServerDatabase(serverUrl) : undefined;
	anchor = serverDatabase ? await openAnchor(serverDatabase) : undefined;
	if (engines.includes('pglite')) {
		pgliteDir = await preparePGliteDirectory();
		results.pglite = await benchApp(
			'PGlite',
			{ DATA_DIR: pgliteDir, AUTO_IMPORT: 'false' },
			anchor
		);
	}
	if (engines.includes('postgres') && serverDatabase) {
		results.postgres = await benchApp(
			'PostgreSQL',
			{ DATABASE_URL: serverDatabase, AUTO_IMPORT: 'false' },
			anchor
		);
	}
	console.log(`\nSummary (${load()}):`);
	for (const [engine, result] of Object.entries(results)) {
		const warmP95 = percentile(result.warm, 95);
		const coldRatio = percentile(result.cold, 95) / percentile(result.paired, 95);
		console.log(
			`  ${engine.padEnd(9)} cold p95 ÷ warm p95 (the same tile right after) ${coldRatio.toFixed(2)}× ${coldRatio <= 1.25 ? '(target met)' : '(target missed)'}; ÷ the warm rounds' p95 ${(percentile(result.cold, 95) / warmP95).toFixed(2)}×`
		);
		if (anchor) {
			const ratio = warmP95 / percentile(result.anchorWarm, 95);
			console.log(
				`  ${engine.padEnd(9)} warm p95 (HTTP included) ÷ ST_AsMVT warm p95 (no HTTP) ${ratio.toFixed(2)}× ${ratio <= 0.5 ? '(target met)' : '(target missed)'}`
			);
		}
	}
	if (anchor && anchor.firstRun.length > 0) {
		for (const [engine, result] of Object.entries(results)) {
			console.log(
				`  ${engine.padEnd(9)} cold p95 ÷ ST_AsMVT first-run p95 ${(percentile(result.cold, 95) / percentile(anchor.firstRun, 95)).toFixed(2)}×`
			);
		}
	}
} finally {
	await anchor?.close();
	if (pgliteDir && !givenPgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
}
console.log(`\nbench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
