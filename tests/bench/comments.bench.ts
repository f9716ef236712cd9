/**
 * npm run bench:comments — public comments on one zone (issue 17), against the built app
 * (`npm run build` first) on loopback:
 *   1. seeds BENCH_COMMENTS published comments (default 10,000) on one approved zone THROUGH
 *      THE SERVICE, over HTTP as visitors and a moderator would: each is posted
 *      (`POST /api/zones/{id}/comments`, half of them with a point inside the zone, from 1,000
 *      addresses so the hourly limit never refuses them) and published by DLA staff
 *      (`POST /api/comments/{id}/moderation`, audit-logged);
 *   2. measures, one request at a time (BENCH_SAMPLES each, default 200), the public zone page
 *      `/zones/{id}` (first page of comments, and a deep page) — target p95 ≤ 200 ms on
 *      PostgreSQL — and the governor's review page `/review/zones/{id}` with its summary (counts
 *      per category, up to 5,000 pins, a page of comments) — target p95 ≤ 300 ms;
 *   3. posts for BENCH_DURATION_S seconds (default 30) at 50 connections, each connection from
 *      its own address (the app runs with ADDRESS_HEADER=x-forwarded-for, as behind a proxy):
 *      prints the counts of 201, 429 and anything else — target: nothing but 201 and 429 — and
 *      checks that every acknowledged (201) post is in the database (the moderators' queue).
 * The load average is printed beside each figure. Engines: PostgreSQL with BENCH_DATABASE_URL
 * (or TEST_DATABASE_URL), in a fresh database `sedz_bench_comments` the app imports by itself;
 * the embedded PGlite in a fresh data directory; BENCH_ENGINES=postgres,pglite picks.
 * Figures, not assertions: this is not a test.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { booleanPointInPolygon, randomPoint } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { sql } from 'kysely';
import { commentCategories } from '../../src/lib/comments/comment-terms';
import { openPostgres } from '../../src/lib/server/db/database';
import { startApp, waitUntilReady, type RunningApp } from '../e2e/harness';
import { httpClient } from '../e2e/http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff } from '../e2e/zone-setup';
import { envCount } from './settings';

interface AutocannonClient {
	setHeaders(headers: Record<string, string>): void;
}
interface AutocannonResult {
	requests: { total: number };
	latency: { p50: number; p99: number };
	duration: number;
	errors: number;
	timeouts: number;
	non2xx: number;
	statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: {
	url: string;
	method: 'POST';
	connections: number;
	duration: number;
	headers: Record<string, string>;
	body: string;
	timeout?: number;
	setupClient?: (client: AutocannonClient) => void;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const commentsWanted = envCount('BENCH_COMMENTS', 10_000);
const samples = envCount('BENCH_SAMPLES', 200);
const durationSeconds = envCount('BENCH_DURATION_S', 30);
const connections = 50;
const seedConcurrency = 16;
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'postgres,pglite' : 'pglite')).split(
	','
);
if (!fs.existsSync('build/index.js')) throw new Error('Run `npm run build` first');

const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(', ')}`;
const f = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Every request of the setup comes "through the proxy" from this address. */
const setupAddress = '192.0.2.1';
const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init: RequestInit = {}) =>
	realFetch(input, {
		...init,
		headers: { 'x-forwarded-for': setupAddress, ...(init.headers as Record<string, string>) }
	})) as typeof fetch;

/** Runs `task(i)` for i < count, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, task: (i: number) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) await task(next++);
		})
	);
}

async function ok(response: Response, status: number, what: string) {
	const text = await response.text();
	if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${text}`);
	return JSON.parse(text) as Record<string, unknown>;
}

async function benchApp(label: string, base: string) {
	const http = httpClient(base);
	const planner = await http.logInAs('planner.th40');
	const governor = await http.logInAs('governor.th40');
	const dla = await http.logInAs('dla.demo');
	// Comments are measured here, not readiness: the national rules off, as in the e2e tests.
	await turnReadinessRulesOff(http);
	const zone = await approvedZoneOfLaos(
		http,
		{ planner, governor },
		{
			provinceCode: 'TH40',
			dlaCodes: ['6400906', '6400907'],
			name: `เขตทดสอบความคิดเห็น ${Date.now()}`
		}
	);
	const read = await ok(await http.get(`/api/zones/${zone.id}`, planner), 200, 'the zone');
	const geometry = (read.revision as { geometry: MultiPolygon }).geometry;
	const [west, south, east, north] = [
		Math.min(...geometry.coordinates.flat(2).map((p) => p[0]!)),
		Math.min(...geometry.coordinates.flat(2).map((p) => p[1]!)),
		Math.max(...geometry.coordinates.flat(2).map((p) => p[0]!)),
		Math.max(...geometry.coordinates.flat(2).map((p) => p[1]!))
	];
	const inside = randomPoint(commentsWanted * 2, { bbox: [west, south, east, north] })
		.features.filter((p) => booleanPointInPolygon(p, geometry))
		.map((p) => p.geometry.coordinates);

	// 1. Seeding through the service, over HTTP.
	const seedStarted = performance.now();
	await inParallel(commentsWanted, seedConcurrency, async (i) => {
		const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${Math.floor((i & 255) / 10)}`;
		const posted = await ok(
			await fetch(`${base}/api/zones/${zone.id}/comments`, {
				method: 'POST',
				headers: { origin: base, 'content-type': 'application/json', 'x-forwarded-for': address },
				body: JSON.stringify({
					category: commentCategories[i % commentCategories.length],
					text: `ความคิดเห็นทดสอบที่ ${i + 1}: ควรปรับปรุงถนนและระบบน้ำในพื้นที่ก่อนเริ่มโครงการ`,
					geometry:
						i % 2 === 0 && inside.length > 0
							? { type: 'Point', coordinates: inside[i % inside.length] }
							: null
				})
			}),
			201,
			`post ${i}`
		);
		await ok(
			await http.json(
				'POST',
				`/api/comments/${posted.id}/moderation`,
				{ decision: 'publish' },
				dla
			),
			200,
			`publish ${posted.id}`
		);
	});
	const seedSeconds = (performance.now() - seedStarted) / 1000;
	console.log(
		`\n${label}: ${commentsWanted} comments posted and published through the service in ${seedSeconds.toFixed(0)} s ` +
			`(${((commentsWanted * 2) / seedSeconds).toFixed(0)} requests/s) (${load()})`
	);

	// 2. Page times, one request at a time.
	const timed = async (path: string, cookie?: string) => {
		const times: number[] = [];
		for (let i = 0; i < samples; i++) {
			const started = performance.now();
			const response = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
			times.push(performance.now() - started);
		}
		return { p50: percentile(times, 50), p95: percentile(times, 95) };
	};
	const pages = [
		['public zone page, newest comments', `/zones/${zone.id}`, undefined, 200],
		['public zone page, comments page 400', `/zones/${zone.id}?comments=400`, undefined, 200],
		['public comments API, page 1', `/api/zones/${zone.id}/comments`, undefined, 200],
		['review page with the comment summary', `/review/zones/${zone.id}`, governor, 300]
	] as const;
	const results: string[] = [];
	for (const [what, path, cookie, targetMs] of pages) {
		await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} }).then((r) =>
			r.arrayBuffer()
		);
		const { p50, p95 } = await timed(path, cookie);
		const line = `${what}: p50 ${f(p50)} ms, p95 ${f(p95)} ms (target p95 ≤ ${targetMs} ms → ${p95 <= targetMs ? 'pass' : 'FAIL'}) (${load()})`;
		console.log(`  ${line}`);
		results.push(line);
	}

	// 3. Posts under load, one address per connection.
	const queueTotal = async () =>
		(await ok(await http.get('/api/comments/queue?state=pending', dla), 200, 'queue'))
			.total as number;
	const before = await queueTotal();
	let clientNumber = 0;
	const loadStarted = load();
	const result = await autocannon({
		url: `${base}/api/zones/${zone.id}/comments`,
		method: 'POST',
		connections,
		duration: durationSeconds,
		timeout: 10,
		headers: { origin: base, 'content-type': 'application/json' },
		body: JSON.stringify({ category: 'question', text: 'มีแผนซ่อมถนนสายนี้เมื่อใด' }),
		setupClient: (client) => {
			const n = clientNumber++;
			client.setHeaders({
				origin: base,
				'content-type': 'application/json',
				'x-forwarded-for': `172.16.${Math.floor(n / 250)}.${(n % 250) + 1}`
			});
		}
	});
	const count = (status: string) => result.statusCodeStats[status]?.count ?? 0;
	const created = Number(count('201'));
	const throttled = Number(count('429'));
	const other = result.requests.total - created - throttled;
	const stored = (await queueTotal()) - before;
	const loadLine =
		`${connections} connections × ${durationSeconds} s of posts from ${connections} addresses: ${result.requests.total} requests, ` +
		`201 ${created}, 429 ${throttled}, other ${other}, errors ${result.errors}, timeouts ${result.timeouts}; ` +
		`p50 ${f(result.latency.p50)} ms, p99 ${f(result.latency.p99)} ms; ` +
		`stored ${stored} (every acknowledged post stored: ${stored >= created ? 'yes' : 'NO'}; at most 10 per address: ${stored <= connections * 10 ? 'yes' : 'NO'}) ` +
		`(load before ${loadStarted.slice(5)}, after ${load().slice(5)})`;
	console.log(`  ${loadLine}`);
	results.push(loadLine);
	return results;
}

async function startEngine(engine: string): Promise<RunningApp> {
	const env: Record<string, string> = {
		DEMO_MODE: 'true',
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1'
	};
	if (engine === 'postgres') {
		if (!serverUrl) throw new Error('postgres: set BENCH_DATABASE_URL or TEST_DATABASE_URL');
		const name = 'sedz_bench_comments';
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		const admin = await openPostgres(serverUrl, 1);
		try {
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
			await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
		} finally {
			await admin.close();
		}
		env.DATABASE_URL = url.toString();
	}
	const app = await startApp({ env, dataFrom: 'empty', startTimeoutMs: 120_000 });
	try {
		await waitUntilReady(app, 600_000);
	} catch (error) {
		await app.stop();
		throw error;
	}
	return app;
}

const labels: Record<string, string> = { postgres: 'PostgreSQL', pglite: 'PGlite (embedded)' };
console.log(`Comments benchmark on ${os.cpus().length} cores (${load()})`);
const summary: string[] = [];
for (const engine of engines) {
	const started = performance.now();
	const app = await startEngine(engine);
	const label = labels[engine] ?? engine;
	console.log(`\n${label}: app ready after ${((performance.now() - started) / 1000).toFixed(0)} s`);
	try {
		for (const line of await benchApp(label, app.url)) summary.push(`${label}: ${line}`);
	} catch (error) {
		console.error(`app output:\n${app.output()}`);
		throw error;
	} finally {
		await app.stop();
	}
}
console.log('\nSummary:');
for (const line of summary) console.log(`  ${line}`);
