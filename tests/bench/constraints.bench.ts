/**
 * npm run bench:constraints — times a constraint-layer upload on the real data: a synthetic layer
 * of 1,000 polygons of 200 vertices each (200,000 vertices; seeded, spread over Thailand, some
 * overlapping), from the file's bytes to every LAO's share stored (read, checks, insert,
 * validity, dissolve, shares, audit; one transaction). Targets (issue 13): ≤ 30 s on the
 * embedded database, ≤ 10 s on PostgreSQL (BENCH_DATABASE_URL). Prints figures and the load
 * average; this is not a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { mulberry32 } from '../../src/lib/geo/scoring/seeded-random';
import { uploadConstraintLayer } from '../../src/lib/server/constraints/constraint-layer.service';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { envCount } from './settings';

const polygons = envCount('BENCH_POLYGONS', 1000);
const verticesPerPolygon = envCount('BENCH_VERTICES', 200);
const rounds = envCount('BENCH_ROUNDS', 2);

async function openDatabase(): Promise<{ database: Database; cleanup: () => void }> {
	const url = process.env.BENCH_DATABASE_URL;
	const started = performance.now();
	let database: Database;
	let cleanup = () => {};
	if (url) {
		const admin = await openPostgres(url, 1);
		await sql`DROP DATABASE IF EXISTS sedz_bench_constraints WITH (FORCE)`.execute(admin.db);
		await sql`CREATE DATABASE sedz_bench_constraints`.execute(admin.db);
		await admin.close();
		const u = new URL(url);
		u.pathname = '/sedz_bench_constraints';
		database = await openPostgres(u.toString());
	} else {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-bench-constraints-'));
		database = await openPGlite(dir);
		cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
	}
	await migrateToLatest(database.db);
	const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
	if (!geodataDir) throw new Error('No data: set GEODATA_DIR (see geodata/README.md)');
	const imported = await importGeodata(database.db, [geodataDir], { trigger: 'cli' });
	if (imported.status !== 'succeeded') throw new Error('import failed');
	console.log(
		`Set-up (${database.engine}: migrate, import): ${((performance.now() - started) / 1000).toFixed(1)} s`
	);
	return { database, cleanup };
}

/** A wobbly disc (a star-ish polygon, valid: radius always positive) of `n` vertices. */
function blob(random: () => number, n: number): number[][] {
	const cx = 98.5 + random() * 5.5;
	const cy = 7 + random() * 12.5;
	const radiusDegrees = 0.03 + random() * 0.12;
	const ring: number[][] = [];
	for (let i = 0; i < n - 1; i++) {
		const a = (2 * Math.PI * i) / (n - 1);
		const r = radiusDegrees * (0.8 + 0.2 * Math.sin(5 * a + cx));
		ring.push([+(cx + r * Math.cos(a)).toFixed(6), +(cy + r * Math.sin(a)).toFixed(6)]);
	}
	ring.push(ring[0]!);
	return ring;
}

const random = mulberry32(2564);
const layer = {
	type: 'FeatureCollection',
	features: Array.from({ length: polygons }, (_, i) => ({
		type: 'Feature',
		properties: { name: `area ${i + 1}` },
		geometry: { type: 'Polygon', coordinates: [blob(random, verticesPerPolygon)] }
	}))
};
const bytes = new TextEncoder().encode(JSON.stringify(layer));

const { database, cleanup } = await openDatabase();
try {
	const times: number[] = [];
	for (let round = 1; round <= rounds; round++) {
		const started = performance.now();
		const result = await uploadConstraintLayer(database.db, {
			actor: null,
			fields: {
				key: 'bench_layer',
				nameTh: 'ชั้นข้อมูลทดสอบความเร็ว',
				nameEn: 'Benchmark layer',
				sourceLine: 'Synthetic layer of npm run bench:constraints',
				licence: 'CC0'
			},
			fileName: 'bench.geojson',
			bytes
		});
		const seconds = (performance.now() - started) / 1000;
		if (result.status !== 'stored') throw new Error(JSON.stringify(result.problems.slice(0, 3)));
		times.push(seconds);
		console.log(
			`round ${round}: version ${result.version}, ${result.featureCount} polygons, ${result.vertexCount.toLocaleString('en')} vertices, ${(bytes.length / 1024 / 1024).toFixed(1)} MB → ${result.laoCount} shares (${result.laosTouched} LAOs touched) in ${seconds.toFixed(1)} s`
		);
	}
	const target = database.engine === 'postgres' ? 10 : 30;
	const bestTime = Math.min(...times);
	console.log(
		`\n${database.engine}: best ${bestTime.toFixed(1)} s of ${rounds}; target ≤ ${target} s (${(bestTime / target).toFixed(2)} of the target)` +
			`\nload average (1, 5, 15 min): ${os
				.loadavg()
				.map((x) => x.toFixed(2))
				.join(', ')} on ${os.cpus().length} cores`
	);
} finally {
	await database.close();
	cleanup();
}
