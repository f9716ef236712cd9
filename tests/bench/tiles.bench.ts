/**
 * npm run bench:tiles — times the vector tile endpoint of the built app (`npm run build` first)
 * on the fixed tile list in tests/bench/tiles.json, through HTTP on 127.0.0.1:
 *   - cold: the first request of each tile after the app is ready and its tile index built;
 *   - warm: the same tiles again, BENCH_WARM_ROUNDS times (default 10);
 *   - tile sizes;
 * on the embedded database (a data directory imported here) and, with BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), on PostgreSQL; and beside it, on that PostgreSQL, the query Martin or
 * pg_tileserv runs for the same tile (ST_AsMVT over ST_AsMVTGeom on a GiST-indexed EPSG:3857
 * copy of the geometry), timed from a `pg` client with a prepared statement.
 * BENCH_ENGINES=pglite,postgres picks the app runs. Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { openPGlite, openPostgres } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import type { TileLayerName } from '../../src/lib/server/tiles/tile-layers';
import { startApp, type RunningApp } from '../e2e/harness';
import tileList from './tiles.json' with { type: 'json' };

interface BenchTile {
	place: string;
	layer: TileLayerName;
	z: number;
	x: number;
	y: number;
}

const tiles = tileList.tiles as BenchTile[];
const warmRounds = Number(process.env.BENCH_WARM_ROUNDS ?? 10);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
if (!fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');

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

async function preparePGliteDirectory() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-tiles-'));
	const database = await openPGlite(dir);
	await importInto(database);
	await database.close();
	return dir;
}

async function fetchTile(app: RunningApp, tile: BenchTile) {
	const started = performance.now();
	const response = await fetch(`${app.url}${tilePath(tile)}`);
	const body = new Uint8Array(await response.arrayBuffer());
	const elapsed = performance.now() - started;
	if (response.status !== 200) throw new Error(`${tilePath(tile)}: HTTP ${response.status}`);
	return { elapsed, bytes: body.byteLength };
}

async function rssMegabytes(pid: number | undefined) {
	if (pid === undefined) return NaN;
	const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
	const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
	return kb ? Number(kb) / 1024 : NaN;
}

async function benchApp(engine: string, env: Record<string, string>) {
	const spawned = performance.now();
	const app = await startApp({ env, startTimeoutMs: 120_000 });
	try {
		for (;;) {
			const status = (await (await fetch(`${app.url}/status.json`)).json()) as { state: string };
			if (status.state === 'ready') break;
			if (status.state === 'failed' || status.state === 'no_data') throw new Error(app.output());
			await sleep(50);
		}
		const ready = performance.now() - spawned;
		while (!/Vector tiles of import run/.test(app.output())) {
			if (performance.now() - spawned > 120_000) throw new Error(`no tile index:\n${app.output()}`);
			await sleep(20);
		}
		const indexed = performance.now() - spawned;
		const indexLine = /Vector tiles of import run.*/.exec(app.output())?.[0] ?? '';

		const cold: number[] = [];
		const sizes: number[] = [];
		for (const tile of tiles) {
			const { elapsed, bytes } = await fetchTile(app, tile);
			cold.push(elapsed);
			sizes.push(bytes);
		}
		const warm: number[] = [];
		for (let round = 0; round < warmRounds; round++) {
			for (const tile of tiles) warm.push((await fetchTile(app, tile)).elapsed);
		}
		console.log(
			`\napp on ${engine}: ready after ${ms(ready)}, tile index built ${ms(indexed - ready)} later`
		);
		console.log(`  ${indexLine.replace(/^\[stdout\] /, '')}`);
		line('cold (first request of each tile)', cold);
		line(`warm (${warmRounds} more rounds)`, warm);
		const size = summary(sizes);
		console.log(
			`  tile size: p50 ${Math.round(size.p50)} B, p95 ${Math.round(size.p95)} B, max ${Math.round(size.max)} B; ` +
				`${sizes.filter((s) => s === 0).length} empty of ${sizes.length}`
		);
		console.log(`  app RSS after the run: ${(await appRss(app)).toFixed(0)} MB`);
		return { cold, warm, sizes };
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
		if (cmdline.includes('build/index.js') && environ.includes(`PORT=${app.port}\0`)) {
			return rssMegabytes(Number(entry));
		}
	}
	return NaN;
}

/** The properties the app's tiles carry, so both sides encode the same attributes. */
const martinColumns: Record<TileLayerName, string> = {
	province: 'code, name_th, name_en, area_km2',
	district: 'code, province_code, name_th, name_en, area_km2',
	tambon: 'code, district_code, province_code, name_th, name_en, area_km2',
	lao: 'dla_code, lao_type, name_th, name_en, province_code, geom_approximate AS approximate, area_km2'
};

async function benchPostgis(url: string) {
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
	const run = async (tile: BenchTile) => {
		const started = performance.now();
		const result = await client.query<{ mvt: Buffer | null }>(query(tile));
		return { elapsed: performance.now() - started, bytes: result.rows[0]?.mvt?.byteLength ?? 0 };
	};
	try {
		const cold: number[] = [];
		const sizes: number[] = [];
		for (const tile of tiles) {
			const { elapsed, bytes } = await run(tile);
			cold.push(elapsed);
			sizes.push(bytes);
		}
		const warm: number[] = [];
		for (let round = 0; round < warmRounds; round++) {
			for (const tile of tiles) warm.push((await run(tile)).elapsed);
		}
		console.log(
			'\nPostGIS ST_AsMVT query (Martin / pg_tileserv style), polygon layer only, no HTTP:'
		);
		line('first run of each tile', cold);
		line(`repeat (${warmRounds} more rounds)`, warm);
		const size = summary(sizes);
		console.log(
			`  tile size: p50 ${Math.round(size.p50)} B, p95 ${Math.round(size.p95)} B, max ${Math.round(size.max)} B`
		);
		return { cold, warm };
	} finally {
		await client.end();
	}
}

const benchStarted = performance.now();
console.log(`${tiles.length} tiles (tests/bench/tiles.json), engines: ${engines.join(', ')}`);
const results: Record<string, { cold: number[]; warm: number[] }> = {};
let pgliteDir: string | undefined;
try {
	const serverDatabase = serverUrl ? await prepareServerDatabase(serverUrl) : undefined;
	if (engines.includes('pglite')) {
		pgliteDir = await preparePGliteDirectory();
		results.pglite = await benchApp('PGlite', { DATA_DIR: pgliteDir, AUTO_IMPORT: 'false' });
	}
	if (engines.includes('postgres') && serverDatabase) {
		results.postgres = await benchApp('PostgreSQL', {
			DATABASE_URL: serverDatabase,
			AUTO_IMPORT: 'false'
		});
	}
	if (serverDatabase) {
		const postgis = await benchPostgis(serverDatabase);
		const target = percentile(postgis.warm, 95);
		console.log('\napp warm p95 (HTTP included) ÷ PostGIS query repeat p95:');
		for (const [engine, result] of Object.entries(results)) {
			const ratio = percentile(result.warm, 95) / target;
			console.log(
				`  ${engine.padEnd(9)} ${ratio.toFixed(2)}× ${ratio <= 1 ? '(at or below: target met)' : '(above: target missed)'}`
			);
		}
		console.log('app cold p95 ÷ PostGIS first-run p95:');
		for (const [engine, result] of Object.entries(results)) {
			console.log(
				`  ${engine.padEnd(9)} ${(percentile(result.cold, 95) / percentile(postgis.cold, 95)).toFixed(2)}×`
			);
		}
	}
} finally {
	if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
}
console.log(`\nbench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
