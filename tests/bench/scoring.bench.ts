/**
 * npm run bench:scoring — times the scoring engine on the real data with the default model:
 *   1. scoring every LAO, pure (inputs already loaded), and with the load from the database;
 *   2. the sensitivity run (300 seeded draws, weights ±20 %, top 10) for a few provinces and for
 *      the whole country;
 *   3. computing and storing every score with its sensitivity share (one transaction).
 * On the embedded database (a fresh one: migrate, import, built-in indicators, timed apart), or
 * on PostgreSQL with BENCH_DATABASE_URL. Prints the figures and the targets (scoring < 1 s;
 * sensitivity < 2 s a province). Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { defaultScoringModel } from '../../src/lib/geo/scoring/default-model';
import { scoreLaos } from '../../src/lib/geo/scoring/score-laos';
import { sensitivity } from '../../src/lib/geo/scoring/sensitivity';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { refreshBuiltInIndicators } from '../../src/lib/server/indicators/built-in-indicators.service';
import {
	computeAndStoreScores,
	ensureDefaultModel,
	loadScoringInputs,
	storedSensitivity
} from '../../src/lib/server/scoring/scoring.service';
import { envCount } from './settings';

const rounds = envCount('BENCH_ROUNDS', 5);
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function best<T>(work: () => T | Promise<T>): Promise<[T, number]> {
	let result: T | undefined;
	let fastest = Infinity;
	for (let i = 0; i < rounds; i++) {
		const started = performance.now();
		result = await work();
		fastest = Math.min(fastest, performance.now() - started);
	}
	return [result as T, fastest];
}

async function openDatabase(): Promise<{ database: Database; cleanup: () => void }> {
	const url = process.env.BENCH_DATABASE_URL;
	const started = performance.now();
	let database: Database;
	let cleanup = () => {};
	if (url) {
		const admin = await openPostgres(url, 1);
		await sql`DROP DATABASE IF EXISTS sedz_bench_scoring WITH (FORCE)`.execute(admin.db);
		await sql`CREATE DATABASE sedz_bench_scoring`.execute(admin.db);
		await admin.close();
		const u = new URL(url);
		u.pathname = '/sedz_bench_scoring';
		database = await openPostgres(u.toString());
	} else {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-scoring-'));
		database = await openPGlite(dir);
		cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
	}
	await migrateToLatest(database.db);
	const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
	if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
	const imported = await importGeodata(database.db, [geodataDir], { trigger: 'cli' });
	if (imported.status !== 'succeeded') throw new Error('import failed');
	const stored = await database.db
		.selectFrom('indicator_value')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	if (Number(stored.n) === 0) await refreshBuiltInIndicators(database.db);
	console.log(
		`Set-up (${database.engine}: migrate, import, built-in indicators): ${((performance.now() - started) / 1000).toFixed(1)} s`
	);
	return { database, cleanup };
}

const { database, cleanup } = await openDatabase();
const model = defaultScoringModel;
const inputs = await loadScoringInputs(database.db, model);
const [scores, pureMs] = await best(() => scoreLaos(model, inputs));
const [, loadedMs] = await best(async () =>
	scoreLaos(model, await loadScoringInputs(database.db, model))
);
console.log(
	`\nScoring ${inputs.length} LAOs (${scores.filter((s) => s.score !== null).length} scored), best of ${rounds}:`
);
console.log(`  pure, inputs loaded        ${ms(pureMs)}   (target < 1000 ms)`);
console.log(`  with the load from the db  ${ms(loadedMs)}`);

const perProvince = new Map<string, number>();
for (const s of scores)
	if (s.score !== null) perProvince.set(s.provinceCode, (perProvince.get(s.provinceCode) ?? 0) + 1);
const largest = [...perProvince].sort((a, b) => b[1] - a[1]).slice(0, 3);
console.log(
	`\nSensitivity (${storedSensitivity.draws} draws, ±${storedSensitivity.perturbation * 100} %, top ${storedSensitivity.topN}), best of ${rounds}:`
);
for (const [provinceCode, count] of [
	...largest,
	...[...perProvince].filter(([c]) => c === 'TH57')
]) {
	const [, t] = await best(() =>
		sensitivity(model, inputs, { ...storedSensitivity, provinceCode })
	);
	console.log(`  ${provinceCode} (${count} scored LAOs)       ${ms(t)}   (target < 2000 ms)`);
}
const [, allMs] = await best(() => sensitivity(model, inputs, storedSensitivity));
console.log(`  every province             ${ms(allMs)}`);

const saved = await ensureDefaultModel(database.db);
const [, storeMs] = await best(() => computeAndStoreScores(database.db, saved.id));
console.log(`\nCompute and store every score with sensitivity (one transaction): ${ms(storeMs)}`);

await database.close();
cleanup();
