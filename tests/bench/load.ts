/**
 * npm run bench:load — a bounded load test of the public, anonymous reads of the built app
 * (`npm run build` first) on loopback, with autocannon in this process (so the load generator
 * shares the machine's cores with the app and its database), one target after another:
 *   - the public zone list: `GET /api/zones` (approved zones, at their revision in force), and
 *     the text list page `/zones` when the build has it;
 *   - an OGC API – Features items page: `/ogc/collections/laos/items?limit=100&offset=200`, and
 *     the approved zones' collection when it answers;
 *   - one warm vector tile (tests/bench/tiles.json), requested once before its run.
 * Each target: BENCH_DURATION_S seconds (default 30) at BENCH_CONNECTIONS connections (default
 * 50), `accept-encoding: gzip` as browsers and GDAL send it (BENCH_GZIP=0 leaves it out).
 * Target (issue 19, a quiet machine): no errors, no timeouts, no non-2xx answers, p99 < 50 ms;
 * each figure is printed with the 1-minute load average.
 *
 * Before the runs, BENCH_ZONES approved zones (default 20, half in Khon Kaen, half in Nakhon
 * Ratchasima) are made over HTTP as the demo accounts would (DEMO_MODE=true): the province's
 * planner creates and submits, its governor approves. An app that already lists enough is left
 * alone.
 *
 * Engines: PostgreSQL with BENCH_DATABASE_URL (or TEST_DATABASE_URL), in a fresh database
 * `sedz_bench_load` the app imports by itself on first start, and the embedded PGlite in a fresh
 * data directory; BENCH_ENGINES=postgres,pglite picks. BENCH_REUSE=1 keeps the PostgreSQL
 * database (and BENCH_PGLITE_DIR, a data directory, for PGlite) between runs, skipping the
 * minute-long import. BENCH_APP_URL measures an app that is already running instead.
 * Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { sql } from 'kysely';
import { openPostgres } from '../../src/lib/server/db/database';
import { startApp, waitUntilReady, type RunningApp } from '../e2e/harness';
import { httpClient, type HttpClient } from '../e2e/http-client';
import { gridSquare, gridSquareCount, turnReadinessRulesOff, zoneBody } from '../e2e/zone-setup';
import tileList from './tiles.json' with { type: 'json' };
import { envCount } from './settings';

/** The parts of autocannon's programmatic API used here (the package ships no types). */
interface LatencyHistogram {
	p50: number;
	p90: number;
	p99: number;
	max: number;
	average: number;
}
interface AutocannonResult {
	requests: { total: number; average: number };
	throughput: { average: number };
	latency: LatencyHistogram;
	duration: number;
	errors: number;
	timeouts: number;
	non2xx: number;
}
type Autocannon = (options: {
	url: string;
	connections: number;
	duration: number;
	headers?: Record<string, string>;
	/** Seconds before a request counts as a timeout. */
	timeout?: number;
	/** Worker threads sending the requests (autocannon's `-w`); none: this thread. */
	workers?: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const durationSeconds = envCount('BENCH_DURATION_S', 30);
const connections = envCount('BENCH_CONNECTIONS', 50);
const zonesWanted = envCount('BENCH_ZONES', 20);
const gzip = process.env.BENCH_GZIP !== '0';
/**
 * autocannon's worker threads (default 1: this thread). A large answer (the OGC page of 100 LAOs,
 * 28 kB of gzip) is read no faster than about 45 MB/s by one thread here, so one thread bounds
 * that target's p99 while the app sits at a third of a core: the figure below says which side
 * was busy.
 */
const workers = envCount('BENCH_WORKERS', 1);
const p99TargetMs = 50;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'postgres,pglite' : 'pglite')).split(
	','
);
const reuse = process.env.BENCH_REUSE === '1';
const appUrl = process.env.BENCH_APP_URL?.replace(/\/$/, '');
if (!appUrl && !fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');

/** Khon Kaen's LAO layer at z11 around the city: a full tile, as the map asks for it. */
const warmTile =
	tileList.tiles.find((t) => t.place === 'Khon Kaen' && t.layer === 'lao' && t.z === 11) ??
	tileList.tiles[0]!;

// ---------------------------------------------------------------------------------------------
// Seeding approved zones over HTTP

type Province = 'TH40' | 'TH30';
const planners: Record<Province, string> = { TH40: 'planner.th40', TH30: 'planner.th30' };
const governors: Record<Province, string> = { TH40: 'governor.th40', TH30: 'governor.th30' };
async function expectStatus(response: Response, status: number, what: string) {
	const text = await response.text();
	if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${text}`);
	return JSON.parse(text) as Record<string, unknown>;
}

async function publicZoneCount(http: HttpClient) {
	const body = await expectStatus(await http.get('/api/zones'), 200, 'the public zone list');
	return (body.zones as unknown[]).length;
}

/** Creates, submits and approves zones until the public list holds `wanted` of them. */
async function seedApprovedZones(http: HttpClient, wanted: number) {
	const before = await publicZoneCount(http);
	if (before >= wanted) return before;
	// Public reads are measured here, not readiness (issue 17): DLA staff turn the national rules
	// off through the app, as the e2e tests not about readiness do, so the zones can be approved.
	await turnReadinessRulesOff(http);
	const cookies = new Map<string, string>();
	for (const who of [...Object.values(planners), ...Object.values(governors)])
		cookies.set(who, await http.logInAs(who));
	const nextSquare: Record<Province, number> = { TH40: 0, TH30: 0 };
	for (let n = before; n < wanted; n++) {
		const province: Province = n % 2 === 0 ? 'TH40' : 'TH30';
		const planner = cookies.get(planners[province]);
		let created: Response | undefined;
		// A reused app may hold zones on the first squares already: the next free one is taken.
		while (nextSquare[province] < gridSquareCount) {
			created = await http.json(
				'POST',
				'/api/zones',
				zoneBody(
					province,
					`เขตทดสอบภาระงาน ${n + 1}`,
					gridSquare(province, nextSquare[province]++)
				),
				planner
			);
			if (created.status === 201) break;
			await created.body?.cancel();
		}
		if (created?.status !== 201) throw new Error(`no free grid square left in ${province}`);
		const saved = (await created.json()) as { zone: { id: number }; revision: { id: number } };
		const event = async (who: string, name: 'submit' | 'approve') =>
			expectStatus(
				await http.json(
					'POST',
					`/api/zones/${saved.zone.id}/workflow`,
					{ event: name, revisionId: saved.revision.id },
					cookies.get(who)
				),
				200,
				`${who} ${name}s zone ${saved.zone.id}`
			);
		await event(planners[province], 'submit');
		await event(governors[province], 'approve');
	}
	return publicZoneCount(http);
}

// ---------------------------------------------------------------------------------------------
// The runs

interface Target {
	label: string;
	path: string;
}

interface TargetResult extends Target {
	result: AutocannonResult;
	passed: boolean;
	bodyBytes: number;
	/** The load average when the run ended. */
	load: string;
}

const requestHeaders: Record<string, string> = gzip ? { 'accept-encoding': 'gzip' } : {};

/** One request before the run: it must answer 200; warms caches (the tile) and gives the size. */
async function probe(base: string, path: string) {
	const response = await fetch(`${base}${path}`, { headers: requestHeaders });
	const bytes = (await response.arrayBuffer()).byteLength;
	return { status: response.status, bytes, encoding: response.headers.get('content-encoding') };
}

async function targetsOf(base: string, zoneCount: number): Promise<Target[]> {
	const targets: Target[] = [
		{ label: `public zone list API (${zoneCount} approved zones)`, path: '/api/zones' }
	];
	const pageSource = 'src/routes/(public)/zones/+page.server.ts';
	const page = await probe(base, '/zones');
	if (page.status === 200) targets.push({ label: 'public zone list page (HTML)', path: '/zones' });
	else
		console.log(
			`  /zones answers ${page.status} (${fs.existsSync(pageSource) ? `${pageSource} exists: rebuild` : `no ${pageSource} yet`}): the API only`
		);
	targets.push({
		label: 'OGC items page, 100 LAOs',
		path: '/ogc/collections/laos/items?limit=100&offset=200'
	});
	const zonesItems = await probe(base, '/ogc/collections/zones/items');
	if (zonesItems.status === 200)
		targets.push({ label: 'OGC items, approved zones', path: '/ogc/collections/zones/items' });
	else console.log(`  /ogc/collections/zones/items answers ${zonesItems.status}: left out`);
	const { layer, z, x, y } = warmTile;
	targets.push({
		label: `warm tile (${warmTile.place}, ${layer} z${z})`,
		path: `/tiles/${layer}/${z}/${x}/${y}.pbf`
	});
	return targets;
}

/** The 1-minute load average, printed beside each figure: the machine is shared. */
const loadNow = () => `load ${os.loadavg()[0]!.toFixed(2)}`;
const f = (ms: number) => `${ms.toFixed(ms < 10 ? 1 : 0)}`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function runTarget(base: string, target: Target): Promise<TargetResult> {
	const warm = await probe(base, target.path);
	if (warm.status !== 200) throw new Error(`${target.path}: HTTP ${warm.status} before the run`);
	const generatorCpu = process.cpuUsage();
	const result = await autocannon({
		url: `${base}${target.path}`,
		connections,
		duration: durationSeconds,
		headers: requestHeaders,
		timeout: 10,
		...(workers > 1 && { workers })
	});
	const { user, system } = process.cpuUsage(generatorCpu);
	// Of one core: 100 % means the load generator, not the app, set the pace.
	const generatorShare = (user + system) / 1e6 / result.duration;
	const passed =
		result.errors === 0 &&
		result.timeouts === 0 &&
		result.non2xx === 0 &&
		result.latency.p99 < p99TargetMs;
	const { latency } = result;
	console.log(`  ${target.label}: GET ${target.path}`);
	console.log(
		`    ${kb(warm.bytes)} per answer (decoded${warm.encoding ? `; sent ${warm.encoding}` : ''}); ` +
			`${result.requests.total} requests in ${result.duration.toFixed(0)} s, ` +
			`${(result.requests.total / result.duration).toFixed(0)} req/s, ` +
			`${(result.throughput.average / 1024 / 1024).toFixed(1)} MB/s; ` +
			`load generator ${(generatorShare * 100).toFixed(0)} % of a core (${workers} thread${workers > 1 ? 's' : ''})`
	);
	console.log(
		`    latency p50 ${f(latency.p50)} ms, p90 ${f(latency.p90)} ms, p99 ${f(latency.p99)} ms, ` +
			`max ${f(latency.max)} ms; non-2xx ${result.non2xx}, errors ${result.errors}, ` +
			`timeouts ${result.timeouts} → ${passed ? 'pass' : 'FAIL'}   ${loadNow()}`
	);
	return { ...target, result, passed, bodyBytes: warm.bytes, load: loadNow() };
}

async function benchApp(engine: string, base: string): Promise<TargetResult[]> {
	const http = httpClient(base);
	const seedStarted = performance.now();
	const zoneCount = await seedApprovedZones(http, zonesWanted);
	console.log(
		`\n${engine}: ${zoneCount} approved zones listed (seeding took ${((performance.now() - seedStarted) / 1000).toFixed(1)} s); ` +
			`${durationSeconds} s per target at ${connections} connections${gzip ? ', gzip accepted' : ''}`
	);
	// The tile index builds in the background after start-up: wait for it (the first tile request
	// does), so it does not eat into the other targets' runs.
	const { layer, z, x, y } = warmTile;
	await probe(base, `/tiles/${layer}/${z}/${x}/${y}.pbf`);
	const results: TargetResult[] = [];
	for (const target of await targetsOf(base, zoneCount))
		results.push(await runTarget(base, target));
	const failed = results.filter((r) => !r.passed);
	console.log(
		`  ${engine} summary: ${failed.length === 0 ? 'PASS' : 'FAIL'} — ${results.length - failed.length}/${results.length} targets with no errors and p99 < ${p99TargetMs} ms` +
			(failed.length ? ` (missed: ${failed.map((r) => r.path).join(', ')})` : '')
	);
	return results;
}

async function startEngine(engine: string): Promise<RunningApp> {
	const env: Record<string, string> = { DEMO_MODE: 'true' };
	if (engine === 'postgres') {
		if (!serverUrl) throw new Error('postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
		const name = 'sedz_bench_load';
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		const admin = await openPostgres(serverUrl, 1);
		try {
			const { rows } = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`.execute(
				admin.db
			);
			if (!reuse || rows.length === 0) {
				await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
				await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
			}
		} finally {
			await admin.close();
		}
		env.DATABASE_URL = url.toString();
	}
	const keptDir = engine === 'pglite' && reuse ? process.env.BENCH_PGLITE_DIR : undefined;
	if (keptDir) fs.mkdirSync(keptDir, { recursive: true });
	const app = await startApp({
		env,
		dataFrom: 'empty',
		startTimeoutMs: 120_000,
		...(keptDir && { dataDir: keptDir })
	});
	try {
		// An empty database imports the real data first (a minute or two on two busy cores).
		await waitUntilReady(app, 600_000);
	} catch (error) {
		await app.stop();
		throw error;
	}
	return app;
}

const labels: Record<string, string> = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' };
const benchStarted = performance.now();
console.log(
	`Load benchmark on ${os.cpus().length} cores (load average ${os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(', ')}), autocannon in the same machine`
);
const summaries: string[] = [];
const record = (engine: string, results: TargetResult[]) =>
	summaries.push(
		`${engine.padEnd(18)} ${results.every((r) => r.passed) ? 'PASS' : 'FAIL'}  ` +
			results
				.map((r) => `${r.path.split('?')[0]} p99 ${f(r.result.latency.p99)} ms (${r.load})`)
				.join('; ')
	);
if (appUrl) {
	record(appUrl, await benchApp(`app at ${appUrl}`, appUrl));
} else {
	for (const engine of engines) {
		const started = performance.now();
		const app = await startEngine(engine);
		console.log(
			`\n${labels[engine] ?? engine}: app ready after ${((performance.now() - started) / 1000).toFixed(0)} s`
		);
		try {
			record(labels[engine] ?? engine, await benchApp(labels[engine] ?? engine, app.url));
		} catch (error) {
			console.error(`app output:\n${app.output()}`);
			throw error;
		} finally {
			await app.stop();
		}
	}
}
console.log(`\nSummary (no errors, p99 < ${p99TargetMs} ms):`);
for (const line of summaries) console.log(`  ${line}`);
console.log(`bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`);
