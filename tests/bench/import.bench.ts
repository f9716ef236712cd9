/**
 * npm run bench:import — times a full import of the real data:
 *   1. on the embedded database (PGlite), with its start-up (create + migrate) timed apart;
 *   2. on a real PostgreSQL + PostGIS server (BENCH_DATABASE_URL or TEST_DATABASE_URL, e.g.
 *      `bash tests/setup/postgres.sh start`), into a fresh database;
 *   3. the hand-made pipeline a GIS engineer would write on the same server: ogr2ogr the
 *      shapefile into PostGIS, dissolve districts and provinces with ST_Union, load the links
 *      with COPY and union each LAO's tambons.
 * Prints each figure and the ratios the issue sets targets for (server ≤ 3× the pipeline;
 * embedded import < 20 s). Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPGlite, openPostgres } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir, manifestEntry } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { runOgrPipeline } from './ogr-pipeline';
import { envCount } from './settings';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
const rounds = envCount('BENCH_ROUNDS', 1);

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

function best(values: number[]) {
	return Math.min(...values);
}

async function benchEmbedded() {
	const startups: number[] = [];
	const imports: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-'));
		const [database, startup] = await time(async () => {
			const db = await openPGlite(dir);
			await migrateToLatest(db.db);
			return db;
		});
		const [result, importMs] = await time(() =>
			importGeodata(database.db, [geodataDir!], { trigger: 'cli' })
		);
		if (result.status !== 'succeeded') throw new Error('embedded import failed');
		await database.close();
		fs.rmSync(dir, { recursive: true, force: true });
		startups.push(startup);
		imports.push(importMs);
		console.log(
			`  embedded round ${i + 1}: start-up ${seconds(startup)}, import ${seconds(importMs)}`
		);
	}
	return { startup: best(startups), import: best(imports) };
}

function databaseUrl(base: string, name: string) {
	const url = new URL(base);
	url.pathname = `/${name}`;
	return url.toString();
}

async function recreateDatabase(base: string, name: string) {
	const admin = await openPostgres(base, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
	await admin.close();
	return databaseUrl(base, name);
}

async function benchServer(base: string) {
	const imports: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const url = await recreateDatabase(base, 'sedz_bench_app');
		const database = await openPostgres(url);
		await migrateToLatest(database.db);
		const [result, importMs] = await time(() =>
			importGeodata(database.db, [geodataDir!], { trigger: 'cli' })
		);
		if (result.status !== 'succeeded') throw new Error('server import failed');
		await database.close();
		imports.push(importMs);
		console.log(`  server round ${i + 1}: import ${seconds(importMs)}`);
	}
	return best(imports);
}

/** The baseline: what a GIS engineer would type, with GDAL and psql (`ogr-pipeline.ts`). */
async function benchPipeline(base: string) {
	const runs: number[] = [];
	const zip = path.join(geodataDir!, manifestEntry('tambon_boundaries').file);
	const links = path.join(geodataDir!, manifestEntry('lao_tambon_links').file);
	for (let i = 0; i < rounds; i++) {
		const url = await recreateDatabase(base, 'sedz_bench_pipeline');
		const elapsed = runOgrPipeline(url, zip, links);
		runs.push(elapsed);
		console.log(`  pipeline round ${i + 1}: ${seconds(elapsed)}`);
	}
	return best(runs);
}

console.log(
	`Import benchmark on ${os.cpus().length} cores, data in ${geodataDir}, best of ${rounds}`
);
const embedded = await benchEmbedded();
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
console.log('\nResults');
console.log(`  embedded (PGlite) start-up, create + migrate  ${seconds(embedded.startup)}`);
console.log(
	`  embedded (PGlite) import                      ${seconds(embedded.import)}   target < 20 s: ${embedded.import < 20_000 ? 'met' : 'NOT met'}`
);
if (serverUrl) {
	const server = await benchServer(serverUrl);
	const pipeline = await benchPipeline(serverUrl);
	const ratio = server / pipeline;
	console.log(`  PostgreSQL import                             ${seconds(server)}`);
	console.log(`  hand-made pipeline (ogr2ogr + ST_Union)       ${seconds(pipeline)}`);
	console.log(
		`  ratio import / pipeline                       ${ratio.toFixed(2)}×   target ≤ 3×: ${ratio <= 3 ? 'met' : 'NOT met'}`
	);
	console.log(
		`  ratio embedded / PostgreSQL                   ${(embedded.import / server).toFixed(2)}×`
	);
} else {
	console.log(
		'  PostgreSQL: not measured — set BENCH_DATABASE_URL, or run `bash tests/setup/postgres.sh start` and pass its URL.'
	);
}
