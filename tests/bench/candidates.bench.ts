/**
 * npm run bench:candidates — times the LAO adjacency graph and the candidate zone search on the
 * real data:
 *   - the adjacency build in PostGIS (cold: first call; warm: served from the in-memory cache);
 *   - candidates for one province (BENCH_PROVINCE, default TH40 Khon Kaen), target < 2 s;
 *   - candidates for the whole country, target < 30 s;
 * on the embedded database (a data directory imported here) and, with BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), on PostgreSQL in a fresh database. BENCH_ENGINES=pglite,postgres picks.
 * Scores are the STAND-IN scorer (`stand-in-scores.fixture.ts`: area percentile within the
 * province, eligible = SAO ≥ 20 km²), not the SEDZ scoring. Figures, not assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { CandidateParams } from '../../src/lib/geo/candidates/propose-candidates';
import {
	getLaoAdjacency,
	proposeCountryCandidates,
	proposeProvinceCandidates
} from '../../src/lib/server/candidates/candidates.service';
import { standInScores } from '../../src/lib/server/candidates/stand-in-scores.fixture';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
const provinceCode = process.env.BENCH_PROVINCE ?? 'TH40';
const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');

const params: CandidateParams = { targetAreaKm2: [150, 400], minCompactness: 0.2, maxMembers: 8 };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

async function importInto(database: Database) {
	await migrateToLatest(database.db);
	const result = await importGeodata(database.db, [geodataDir!], { trigger: 'cli' });
	if (result.status !== 'succeeded') throw new Error('import failed');
}

async function openServerDatabase(base: string) {
	const name = 'sedz_bench_candidates';
	const admin = await openPostgres(base, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
	await admin.close();
	const url = new URL(base);
	url.pathname = `/${name}`;
	return openPostgres(url.toString());
}

async function bench(label: string, database: Database) {
	console.log(`\n${label}: importing the real data…`);
	await importInto(database);
	const scores = await standInScores(database.db);
	const [adjacency, coldMs] = await time(() => getLaoAdjacency(database.db));
	const [, warmMs] = await time(() => getLaoAdjacency(database.db));
	const links = [...adjacency.values()].reduce((sum, set) => sum + set.size, 0) / 2;
	const [province, provinceMs] = await time(() =>
		proposeProvinceCandidates(database.db, provinceCode, scores, params)
	);
	const [country, countryMs] = await time(() =>
		proposeCountryCandidates(database.db, scores, params)
	);
	const inCountry = new Set(country.map((candidate) => candidate.provinceCode)).size;
	console.log(
		`  adjacency build (cold)          ${seconds(coldMs)}  ${adjacency.size} LAOs, ${links} links`
	);
	console.log(`  adjacency (warm, cached)        ${seconds(warmMs)}`);
	console.log(
		`  candidates ${provinceCode}                 ${seconds(provinceMs)}  ${province.length} zones   target < 2 s: ${provinceMs < 2000 ? 'met' : 'NOT met'}`
	);
	console.log(
		`  candidates, country             ${seconds(countryMs)}  ${country.length} zones in ${inCountry} provinces   target < 30 s: ${countryMs < 30_000 ? 'met' : 'NOT met'}`
	);
}

console.log(
	`Candidates benchmark on ${os.cpus().length} cores, params ${JSON.stringify(params)}, STAND-IN scores`
);
if (engines.includes('pglite')) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-candidates-'));
	const database = await openPGlite(dir);
	try {
		await bench('embedded (PGlite)', database);
	} finally {
		await database.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
if (engines.includes('postgres')) {
	if (!serverUrl) throw new Error('postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
	const database = await openServerDatabase(serverUrl);
	try {
		await bench('server (PostgreSQL)', database);
	} finally {
		await database.close();
	}
}
