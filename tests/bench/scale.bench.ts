/**
 * npm run bench:scale — how the import's cost grows with the data (issue 19, item 6). Builds ×3
 * and ×10 densified copies of the tambon layer (`tests/fixtures/densify-shapefile.ts`: points
 * inserted along every segment, shared edges kept identical) as shapefile zips in a temporary
 * directory, then, per size and per engine (PostgreSQL with BENCH_DATABASE_URL or
 * TEST_DATABASE_URL; PGlite always), runs in a child process of its own:
 *   - the import (tiles apart) and its peak RSS;
 *   - the tile cut of that import (`ensureTilesStored`) and the process's peak RSS with it;
 *   - a restart: a fresh process opens the database, checks the schema and reads the stored
 *     tiles' index (the app's own start adds Node and SvelteKit's boot on top);
 * beside the anchor, the ogr2ogr pipeline of `bench:import` on the same zip (PostgreSQL only).
 * Every line carries the load average: the machine is shared. Figures, not assertions.
 * BENCH_SCALE_FACTORS=1,3,10 (default) picks the sizes, BENCH_SCALE_ENGINES=postgres,pglite (default)
 * the engines, BENCH_SCALE_TILES=0 leaves the tile cut out (on a busy machine it is most of the run),
 * BENCH_SCALE_PIPELINE=0 the ogr2ogr anchor. An import the engine refuses (the embedded engine's
 * size limit) is printed with the importer's own words.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { openPostgres } from '../../src/lib/server/db/database';
import { findGeodataDir, manifestEntry } from '../../src/lib/server/geodata/datasets';
import { writeDensifiedZip } from '../fixtures/densify-shapefile';
import { runOgrPipeline } from './ogr-pipeline';

/**
 * The bench's settings, from its environment (see the comment at the top). A wrong value is
 * refused with its name before anything is built.
 */
const settings = z
	.object({
		GEODATA_DIR: z.string().optional(),
		BENCH_SCALE_FACTORS: z
			.string()
			.default('1,3,10')
			.transform((list) => list.split(',').map(Number))
			.pipe(z.array(z.number().int().min(1)).min(1)),
		BENCH_DATABASE_URL: z.string().url().optional(),
		TEST_DATABASE_URL: z.string().url().optional(),
		BENCH_SCALE_ENGINES: z
			.string()
			.default('postgres,pglite')
			.transform((list) => list.split(','))
			.pipe(z.array(z.enum(['postgres', 'pglite'])).min(1)),
		BENCH_SCALE_TILES: z.enum(['0', '1']).default('1'),
		BENCH_SCALE_PIPELINE: z.enum(['0', '1']).default('1'),
		BENCH_SCALE_HEAP_MB: z.coerce.number().int().min(64).optional()
	})
	.parse(process.env);

const geodataDir = findGeodataDir(settings.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
const factors = settings.BENCH_SCALE_FACTORS;
const serverUrl = settings.BENCH_DATABASE_URL ?? settings.TEST_DATABASE_URL;
const engineNames: string[] = settings.BENCH_SCALE_ENGINES;
const cutTiles = settings.BENCH_SCALE_TILES === '1';
/** BENCH_SCALE_PIPELINE=0 leaves the ogr2ogr anchor out (at 2 GB it runs far longer than the import). */
const runPipeline = settings.BENCH_SCALE_PIPELINE === '1';
const sourceZip = path.join(geodataDir, manifestEntry('tambon_boundaries').file);
/** Every dataset but the boundary zip, which each size replaces. */
const tables = (
	[
		'lao_registry',
		'lao_tambon_links',
		'lao_names_en',
		'tambon_population',
		'lao_population_estimate'
	] as const
).map((kind) => path.join(geodataDir, manifestEntry(kind).file));
const child = path.resolve('tests/bench/scale-child.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-scale-'));

const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' ')}`;
const seconds = (ms: number) => (Number.isNaN(ms) ? 'not cut' : `${(ms / 1000).toFixed(1)} s`);
const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/**
 * BENCH_SCALE_HEAP_MB caps the V8 heap of the PostgreSQL children (`--max-old-space-size`). An
 * uncapped V8 grows its heap while memory is free and collects late, so an uncapped peak RSS
 * says how much V8 took, not how much the import holds; a run that finishes under a cap shows
 * that it holds less than the cap.
 */
const heapCapMb = settings.BENCH_SCALE_HEAP_MB;

/** A child's JSON line: its figures, and the importer's words when it refused the data. */
type ChildResult = Partial<Record<string, number>> & { refused?: string };

function runChild(args: string[], engine?: string): ChildResult {
	const heap = heapCapMb && engine === 'postgres' ? [`--max-old-space-size=${heapCapMb}`] : [];
	const out = execFileSync(process.execPath, [...heap, '--import', 'tsx', child, ...args], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 1 << 24
	});
	const last = out.trim().split('\n').at(-1)!;
	return JSON.parse(last) as ChildResult;
}

async function freshDatabase(name: string): Promise<string> {
	const admin = await openPostgres(serverUrl!, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
	await admin.close();
	const url = new URL(serverUrl!);
	url.pathname = `/${name}`;
	return url.toString();
}

interface Row {
	factor: number;
	engine: string;
	vertices: number;
	shpBytes: number;
	importMs: number;
	tilesMs: number;
	importPeakRssBytes: number;
	peakRssBytes: number;
	restartMs: number;
	pipelineMs?: number;
	load: string;
}
const rows: Row[] = [];

console.log(
	`Scale benchmark on ${os.cpus().length} cores, sizes ×${factors.join(', ×')}, work in ${work} (${load()})`
);
try {
	for (const factor of factors) {
		const dir = path.join(work, `x${factor}`);
		fs.mkdirSync(dir);
		const built = performance.now();
		const layer = await writeDensifiedZip(sourceZip, factor, dir, `tambon-x${factor}`);
		console.log(
			`\n×${factor}: ${layer.vertices.toLocaleString('en-US')} vertices, .shp ${megabytes(layer.shpBytes)}, zip ${megabytes(fs.statSync(layer.zipPath).size)}, built in ${seconds(performance.now() - built)} (${load()})`
		);
		const inputs = [layer.zipPath, ...tables];
		const engines: [string, () => Promise<string>][] = [];
		if (serverUrl && engineNames.includes('postgres')) {
			engines.push(['postgres', () => freshDatabase('sedz_bench_scale')]);
		}
		if (engineNames.includes('pglite')) {
			engines.push(['pglite', async () => fs.mkdtempSync(path.join(work, 'pglite-'))]);
		}
		for (const [engine, target] of engines) {
			const where = await target();
			const imported = runChild(
				['import', engine, where, cutTiles ? 'tiles' : 'no-tiles', ...inputs],
				engine
			);
			const importLoad = load();
			if (imported.refused !== undefined) {
				console.log(
					`  ${engine.padEnd(8)} refused in ${seconds(imported.importMs!)} (peak RSS ${megabytes(imported.importPeakRssBytes!)}): ${imported.refused} (${importLoad})`
				);
				if (engine === 'pglite') fs.rmSync(where, { recursive: true, force: true });
				continue;
			}
			const restarted = runChild(['restart', engine, where]);
			let pipelineMs: number | undefined;
			if (engine === 'postgres' && runPipeline) {
				const links = path.join(geodataDir, manifestEntry('lao_tambon_links').file);
				pipelineMs = runOgrPipeline(
					await freshDatabase('sedz_bench_scale_ogr'),
					layer.zipPath,
					links
				);
			}
			if (engine === 'pglite') fs.rmSync(where, { recursive: true, force: true });
			const row: Row = {
				factor,
				engine,
				vertices: layer.vertices,
				shpBytes: layer.shpBytes,
				importMs: imported.importMs!,
				tilesMs: cutTiles ? imported.tilesMs! : Number.NaN,
				importPeakRssBytes: imported.importPeakRssBytes!,
				peakRssBytes: imported.peakRssBytes!,
				restartMs: restarted.restartMs!,
				pipelineMs,
				load: importLoad
			};
			rows.push(row);
			console.log(
				`  ${engine.padEnd(8)} import ${seconds(row.importMs)} (peak RSS ${megabytes(row.importPeakRssBytes)}), tiles ${seconds(row.tilesMs)} (${imported.tiles} tiles; peak RSS with tiles ${megabytes(row.peakRssBytes)}), restart ${seconds(row.restartMs)}` +
					(pipelineMs === undefined
						? ''
						: `; ogr2ogr pipeline ${seconds(pipelineMs)}, import / pipeline ${(row.importMs / pipelineMs).toFixed(2)}×`) +
					` (${importLoad})`
			);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}

console.log(
	'\n| size | vertices | .shp | engine | import | tiles | peak RSS import / with tiles | restart | ogr2ogr pipeline | load |'
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
	console.log(
		`| ×${r.factor} | ${(r.vertices / 1e6).toFixed(2)} M | ${megabytes(r.shpBytes)} | ${r.engine} | ${seconds(r.importMs)} | ${seconds(r.tilesMs)} | ${megabytes(r.importPeakRssBytes)} / ${megabytes(r.peakRssBytes)} | ${seconds(r.restartMs)} | ${r.pipelineMs === undefined ? '—' : `${seconds(r.pipelineMs)} (${(r.importMs / r.pipelineMs).toFixed(2)}×)`} | ${r.load} |`
	);
}

// Peak RSS of the PostgreSQL import against the .shp size: a straight line through the sizes
// measured, extrapolated (and said to be) to a 2 GB layer.
const server = rows.filter((r) => r.engine === 'postgres');
if (server.length >= 2) {
	const n = server.length;
	const mx = server.reduce((s, r) => s + r.shpBytes, 0) / n;
	const my = server.reduce((s, r) => s + r.importPeakRssBytes, 0) / n;
	const slope =
		server.reduce((s, r) => s + (r.shpBytes - mx) * (r.importPeakRssBytes - my), 0) /
		server.reduce((s, r) => s + (r.shpBytes - mx) ** 2, 0);
	const at2GB = my + slope * (2e9 - mx);
	console.log(
		`\nPostgreSQL import peak RSS grows ${slope.toFixed(2)} MB per MB of .shp${heapCapMb ? ` (V8 heap capped at ${heapCapMb} MB)` : ' (V8 heap uncapped: its slack, not only what the import holds)'}; EXTRAPOLATED to a 2 GB .shp: ${megabytes(at2GB)} (target < 1 GB: ${at2GB < 1e9 ? 'met' : 'NOT met'}; extrapolated, not measured)`
	);
}
