/**
 * npm run bench:zones — times saving a zone and the browser's live figures on the real data:
 *   - a zone of ~2,000 vertices over ~50 adjacent LAOs of BENCH_PROVINCE (default TH40): the
 *     union of 50 LAOs grown from one SAO over the LAO adjacency graph, its outer ring simplified
 *     and then densified to exactly 2,000 vertices (the shape is kept, so it stays valid);
 *   - saving it ≥ 20 times (BENCH_SAVES), each a new revision with one vertex moved, with the
 *     whole validation and metrics in the transaction: p50/p95, target p95 < 300 ms;
 *   - `previewZoneMetrics` (the browser's Turf figures) after a vertex move, measured here in
 *     Node on the context the workspace receives: p50/p95, target p95 < 100 ms;
 * on the embedded database (a data directory imported here) and, with BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL), on PostgreSQL in a fresh database. BENCH_ENGINES=pglite,postgres picks.
 * Figures, not assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MultiPolygon, Position } from 'geojson';
import { sql } from 'kysely';
import { createTestUser } from '../fixtures/users';
import { createZoneMetricsPreview, previewZoneMetrics } from '../../src/lib/geo/zones/zone-metrics';
import { getLaoAdjacency } from '../../src/lib/server/candidates/candidates.service';
import { readConfig, zoneRules } from '../../src/lib/server/config';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { loadOfficialModel } from '../../src/lib/server/scoring/scores-page.service';
import { createZone, saveZoneRevision } from '../../src/lib/server/zones/zone.service';
import { getZoneContext } from '../../src/lib/server/zones/zone-workspace.service';
import { envCount } from './settings';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines = (process.env.BENCH_ENGINES ?? (serverUrl ? 'pglite,postgres' : 'pglite')).split(
	','
);
const provinceCode = process.env.BENCH_PROVINCE ?? 'TH40';
const saves = Math.max(20, envCount('BENCH_SAVES', 25));
const targetVertices = 2000;
const laoCount = 50;
const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
const rules = zoneRules(readConfig({}));

const ms = (value: number) => `${value.toFixed(1)} ms`;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function importInto(database: Database) {
	await migrateToLatest(database.db);
	const result = await importGeodata(database.db, [geodataDir!], { trigger: 'cli' });
	if (result.status !== 'succeeded') throw new Error('import failed');
}

/**
 * BENCH_REUSE=1 reuses a database a previous run imported (PostgreSQL: `sedz_bench_zones`;
 * PGlite: the data directory BENCH_PGLITE_DIR, kept), withdrawing its earlier bench zones.
 */
const reuse = process.env.BENCH_REUSE === '1';

async function openServerDatabase(base: string) {
	const name = 'sedz_bench_zones';
	const url = new URL(base);
	url.pathname = `/${name}`;
	if (reuse) return openPostgres(url.toString());
	const admin = await openPostgres(base, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
	await admin.close();
	return openPostgres(url.toString());
}

/** 50 LAOs (no PAO) of the province, grown breadth-first from its first SAO with a geometry. */
async function adjacentLaos(database: Database): Promise<string[]> {
	const adjacency = await getLaoAdjacency(database.db);
	const inProvince = new Set(
		(
			await database.db
				.selectFrom('lao')
				.select('dla_code')
				.where('province_code', '=', provinceCode)
				.where('lao_type', '<>', 'provincial_admin_org')
				.where('geom', 'is not', null)
				.where(
					sql<boolean>`ST_CoveredBy(geom, (SELECT geom FROM province WHERE code = ${provinceCode}))`
				)
				.execute()
		).map((r) => r.dla_code)
	);
	const seed = [...inProvince].sort().find((code) => code.startsWith('6'))!;
	const chosen = [seed];
	const seen = new Set(chosen);
	for (let i = 0; i < chosen.length && chosen.length < laoCount; i++) {
		for (const next of [...(adjacency.get(chosen[i]!) ?? [])].sort()) {
			if (chosen.length >= laoCount) break;
			if (inProvince.has(next) && !seen.has(next)) {
				seen.add(next);
				chosen.push(next);
			}
		}
	}
	return chosen;
}

/** The members' union, outer ring of its largest part, simplified to ≤ 2,000 vertices. */
async function outerRing(database: Database, codes: string[]): Promise<Position[]> {
	for (const tolerance of [0.0002, 0.0005, 0.001, 0.002, 0.004]) {
		const { rows } = await sql<{ ring: string; n: number }>`
			WITH u AS (SELECT ST_Union(geom) AS g FROM lao WHERE dla_code IN (${sql.join(codes)})),
			part AS (
				SELECT d.geom FROM u, ST_Dump(u.g) d ORDER BY ST_Area(d.geom) DESC LIMIT 1
			),
			ring AS (
				SELECT ST_SimplifyPreserveTopology(ST_MakePolygon(ST_ExteriorRing(part.geom)), ${tolerance}::float8) AS g
				FROM part
			)
			SELECT ST_AsGeoJSON(ST_ReducePrecision(g, 1e-7), 7) AS ring, ST_NPoints(g) AS n FROM ring
		`.execute(database.db);
		if (rows[0]!.n <= targetVertices) {
			const polygon = JSON.parse(rows[0]!.ring) as { coordinates: Position[][] };
			return polygon.coordinates[0]!;
		}
	}
	throw new Error('could not simplify the union to 2,000 vertices');
}

/** Inserts midpoints into the longest segments until the ring has exactly `vertices` positions. */
function densify(ring: Position[], vertices: number): Position[] {
	const out = ring.slice(0, -1);
	while (out.length + 1 < vertices) {
		let longest = 0;
		let longestAt = 0;
		for (let i = 0; i < out.length; i++) {
			const a = out[i]!;
			const b = out[(i + 1) % out.length]!;
			const length = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
			if (length > longest) [longest, longestAt] = [length, i];
		}
		const a = out[longestAt]!;
		const b = out[(longestAt + 1) % out.length]!;
		out.splice(longestAt + 1, 0, [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2]);
	}
	return [...out, out[0]!];
}

/** The zone with vertex `index` moved by `step` degrees towards the ring's centre. */
function moveVertex(zone: MultiPolygon, index: number, step: number): MultiPolygon {
	const ring = zone.coordinates[0]![0]!.map((p) => [p[0]!, p[1]!]);
	const i = 1 + (index % (ring.length - 2));
	const cx = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
	const cy = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
	const p = ring[i]!;
	const d = Math.hypot(cx - p[0]!, cy - p[1]!);
	ring[i] = [p[0]! + ((cx - p[0]!) / d) * step, p[1]! + ((cy - p[1]!) / d) * step];
	return { type: 'MultiPolygon', coordinates: [[ring]] };
}

async function bench(label: string, database: Database) {
	if (reuse) {
		console.log(`\n${label}: reusing the imported database; earlier bench zones withdrawn`);
		await sql`UPDATE zone SET status = 'withdrawn'`.execute(database.db);
	} else {
		console.log(`\n${label}: importing the real data…`);
		await importInto(database);
	}
	await loadOfficialModel(database.db); // computes the official scores once
	const actor = await createTestUser(database.db, { role: 'dla_staff' });
	const members = await adjacentLaos(database);
	const zone: MultiPolygon = {
		type: 'MultiPolygon',
		coordinates: [[densify(await outerRing(database, members), targetVertices)]]
	};
	const attributes = {
		name: 'Benchmark zone',
		description: '',
		objectives: '',
		objectiveTags: [],
		partners: []
	};
	const createStarted = performance.now();
	const created = await createZone(database.db, {
		actor,
		rules,
		input: { provinceCode, attributes, geometry: zone, geometrySource: 'laos' }
	}).catch((error: { problems?: unknown }) => {
		throw new Error(`the benchmark zone is refused: ${JSON.stringify(error.problems)}`);
	});
	const createMs = performance.now() - createStarted;
	const first = created.revision;
	console.log(
		`  zone: ${first.vertexCount} vertices, ${first.areaKm2.toFixed(1)} km², ${first.coveredLaos.length} covered LAOs (${members.length} members)`
	);

	const saveTimes: number[] = [];
	let base = first.id;
	for (let i = 0; i < saves; i++) {
		const geometry = moveVertex(first.geometry, i * 37, 0.0001 * ((i % 3) + 1));
		const started = performance.now();
		const saved = await saveZoneRevision(database.db, {
			actor,
			rules,
			zoneId: created.zone.id,
			baseRevisionId: base,
			input: { attributes, geometry, geometrySource: 'drawn' }
		});
		saveTimes.push(performance.now() - started);
		base = saved.revision.id;
	}
	const p95 = percentile(saveTimes, 95);
	console.log(`  first save (create)             ${ms(createMs)}`);
	console.log(
		`  save, ${saves} revisions             p50 ${ms(percentile(saveTimes, 50))}  p95 ${ms(p95)}   target < 300 ms: ${(p95 / 300).toFixed(2)}× (${p95 < 300 ? 'met' : 'NOT met'})`
	);

	const context = await getZoneContext(database.db, { actor, rules, provinceCode });
	// The full computation (first view, or a change of shape), then vertex moves as the workspace
	// makes them: one previewer per editing session reuses the LAOs the move does not reach.
	const fullTimes: number[] = [];
	for (let i = 0; i < 5; i++) {
		const started = performance.now();
		previewZoneMetrics(moveVertex(first.geometry, i * 53, 0.0002), context.laos);
		fullTimes.push(performance.now() - started);
	}
	const previewer = createZoneMetricsPreview(context.laos);
	previewer(first.geometry);
	const previewTimes: number[] = [];
	for (let i = 0; i < saves; i++) {
		const geometry = moveVertex(first.geometry, i * 53, 0.0002);
		const started = performance.now();
		previewer(geometry);
		previewTimes.push(performance.now() - started);
	}
	const previewP95 = percentile(previewTimes, 95);
	console.log(
		`  previewZoneMetrics, full (Node, ${context.laos.length} LAOs in context) p50 ${ms(percentile(fullTimes, 50))}  max ${ms(Math.max(...fullTimes))}`
	);
	console.log(
		`  preview after a vertex move (Node)  p50 ${ms(percentile(previewTimes, 50))}  p95 ${ms(previewP95)}   target < 100 ms: ${(previewP95 / 100).toFixed(2)}× (${previewP95 < 100 ? 'met' : 'NOT met'})`
	);
}

if (reuse && engines.includes('pglite') && !process.env.BENCH_PGLITE_DIR) {
	throw new Error('BENCH_REUSE=1 on PGlite needs BENCH_PGLITE_DIR (an imported data directory)');
}
console.log(
	`Zones benchmark on ${os.cpus().length} cores: ${targetVertices}-vertex zone over ${laoCount} LAOs of ${provinceCode}, ${saves} saves`
);
if (engines.includes('pglite')) {
	const kept = reuse ? process.env.BENCH_PGLITE_DIR : undefined;
	const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-zones-'));
	const database = await openPGlite(dir);
	try {
		await bench('embedded (PGlite)', database);
	} finally {
		await database.close();
		if (!kept) fs.rmSync(dir, { recursive: true, force: true });
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
