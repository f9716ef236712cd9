/**
 * npm run bench:dashboard — the national progress dashboard with 1,000 zones × 24 months of
 * reports on PostgreSQL (issue 16, target: server p95 ≤ 300 ms). Needs BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (the superuser of a cluster: `bash tests/setup/postgres.sh start`).
 *
 * Seeding, in a fresh database copied from the tests' imported template (or imported here):
 *   - BENCH_ZONES (default 1,000) zones, small squares inside tambons spread over every
 *     province, each created, submitted and approved, and given a plan (one target of its own,
 *     one activity) saved, submitted and approved — all through the services, as the app does;
 *   - 24 months of reports per zone. The report service makes only the month just ended for
 *     zones approved before it ended, so back-dated months cannot come through it: the bench
 *     inserts them and their figures in bulk SQL (accepted, filed, late and unfiled mixes).
 * Then it calls `getNationalDashboard` (what the page's server load runs) BENCH_RUNS times
 * (default 30) and prints p50/p95 with the load average. Figures, not assertions.
 */
import os from 'node:os';
import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { createTestUser } from '../fixtures/users';
import {
	approveThroughWorkflow,
	defaultRules,
	turnReadinessRulesOff,
	zoneAttributes
} from '../fixtures/zones/zone-fixtures';
import type { Actor } from '../../src/lib/accounts/roles';
import { openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { findGeodataDir } from '../../src/lib/server/geodata/datasets';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { runPlanEvent, savePlan } from '../../src/lib/server/plans/plan.service';
import { getNationalDashboard } from '../../src/lib/server/plans/progress-dashboard.service';
import { createZone } from '../../src/lib/server/zones/zone.service';
import { DomainError } from '../../src/lib/server/domain-errors';
import { templateNames } from '../setup/test-database';
import { envCount } from './settings';

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('Set BENCH_DATABASE_URL or TEST_DATABASE_URL (PostgreSQL)');
const zoneCount = envCount('BENCH_ZONES', 1000);
const runs = envCount('BENCH_RUNS', 30);
const months = 24;
const concurrency = 4;
const load = () =>
	`load ${os
		.loadavg()
		.map((l) => l.toFixed(1))
		.join(' ')}`;
const ms = (v: number) => `${v.toFixed(1)} ms`;
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function freshDatabase(): Promise<Database> {
	const name = 'sedz_bench_dashboard';
	const admin = await openPostgres(serverUrl!, 1);
	await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
	const template = await sql<{ n: number }>`
		SELECT count(*)::int AS n FROM pg_database WHERE datname = ${templateNames.imported}`.execute(
		admin.db
	);
	const copied = template.rows[0]!.n > 0;
	await (
		copied
			? sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(templateNames.imported)}`
			: sql`CREATE DATABASE ${sql.id(name)}`
	).execute(admin.db);
	await admin.close();
	const url = new URL(serverUrl!);
	url.pathname = `/${name}`;
	const database = await openPostgres(url.toString(), 8);
	await migrateToLatest(database.db);
	if (!copied) {
		const geodataDir = findGeodataDir(process.env.GEODATA_DIR);
		if (!geodataDir) throw new Error('No data: set GEODATA_DIR');
		console.log(`importing the real data (no test template in the cluster)… ${load()}`);
		const result = await importGeodata(database.db, [geodataDir], { trigger: 'cli' });
		if (result.status !== 'succeeded') throw new Error('import failed');
	}
	return database;
}

/** Non-overlapping squares (~1.5 km) inside large tambons, round-robin over the provinces. */
async function squares(database: Database, count: number) {
	const { rows } = await sql<{ provinceCode: string; geometry: string }>`
		WITH t AS (
			SELECT province_code, code, ST_Expand(ST_PointOnSurface(geom), 0.007) AS square, geom,
				row_number() OVER (PARTITION BY province_code ORDER BY code) AS rank
			FROM tambon WHERE area_km2 > 40 AND province_code <> 'TH10'
		)
		SELECT province_code AS "provinceCode", ST_AsGeoJSON(square, 7) AS geometry FROM t
		WHERE ST_CoveredBy(square, geom)
		ORDER BY rank, province_code
		LIMIT ${count}
	`.execute(database.db);
	if (rows.length < count) throw new Error(`only ${rows.length} squares`);
	return rows.map((r) => ({
		provinceCode: r.provinceCode,
		geometry: JSON.parse(r.geometry) as Polygon
	}));
}

/** A zone's plan; an activity of its first LAO, or of the provincial office when it covers none. */
function planFor(dlaCode: string | undefined) {
	return {
		note: 'แผนทดสอบความเร็ว',
		targets: [
			{
				indicator: { kind: 'plan', nameTh: 'ครัวเรือนที่มีรายได้เพิ่มขึ้น', unit: 'ครัวเรือน' },
				baselineValue: 100,
				baselineDate: '2024-12-01',
				targetValue: 300,
				targetDate: '2027-09-30',
				source: 'bench'
			}
		],
		activities: [
			{
				name: 'ธนาคารน้ำใต้ดิน',
				sectors: ['government', 'people'],
				responsible: dlaCode ? { kind: 'lao', dlaCode } : { kind: 'provincial_office' },
				budgetBaht: { lao: 1_200_000, province: 1_200_000, central: 0, partner: 0 },
				startDate: '2025-01-01',
				endDate: '2026-12-31',
				status: 'in_progress'
			}
		]
	};
}

async function seed(database: Database) {
	const db = database.db;
	const dla = await createTestUser(db, { role: 'dla_staff' });
	await turnReadinessRulesOff(db);
	// A few spare squares: one the zone rules refuse (e.g. on a province border) is skipped.
	const places = await squares(database, Math.ceil(zoneCount * 1.1));
	const people = new Map<string, { planner: Actor; governor: Actor }>();
	for (const code of new Set(places.map((p) => p.provinceCode)))
		people.set(code, {
			planner: await createTestUser(db, { role: 'planner', provinceCode: code }),
			governor: await createTestUser(db, { role: 'governor', provinceCode: code })
		});
	const started = performance.now();
	let done = 0;
	let active = 0;
	let skipped = 0;
	let next = 0;
	async function worker() {
		while (next < places.length && done + active < zoneCount) {
			const place = places[next++]!;
			const { planner, governor } = people.get(place.provinceCode)!;
			active += 1;
			const created = await createZone(db, {
				actor: planner,
				rules: defaultRules,
				input: {
					provinceCode: place.provinceCode,
					attributes: zoneAttributes(`เขตทดสอบความเร็ว ${next}`),
					geometry: place.geometry,
					geometrySource: 'drawn'
				}
			}).catch((error: unknown) => {
				if (error instanceof DomainError) return null;
				throw error;
			});
			if (!created) {
				active -= 1;
				skipped += 1;
				continue;
			}
			const { zone, revision } = created;
			await approveThroughWorkflow(db, {
				zoneId: zone.id,
				revisionId: revision.id,
				planner,
				governor
			});
			const saved = await savePlan(db, {
				actor: planner,
				zoneId: zone.id,
				input: planFor(revision.coveredLaos[0]?.dlaCode)
			});
			const revisionId = saved.workingCopy!.id;
			await runPlanEvent(db, {
				actor: planner,
				zoneId: zone.id,
				input: { event: 'submit', revisionId }
			});
			await runPlanEvent(db, {
				actor: governor,
				zoneId: zone.id,
				input: { event: 'approve', revisionId }
			});
			done += 1;
			active -= 1;
			if (done % 100 === 0)
				console.log(
					`  ${done} zones approved with plans in ${((performance.now() - started) / 1000).toFixed(0)} s · ${load()}`
				);
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	console.log(
		`  ${done} zones (${skipped} squares refused by the zone rules, skipped) · ${load()}`
	);
	// 24 months ending last month; a quarter of each month's reports filed late, one in ten not
	// filed (draft), the rest accepted; the household figure climbs with the months.
	const reports = await sql<{ n: number }>`
		WITH period AS (
			SELECT to_char(m, 'YYYY-MM') AS period, (m + interval '1 month' + interval '2 days')::date AS due_date,
				row_number() OVER (ORDER BY m) AS k
			FROM generate_series(date_trunc('month', now()) - interval '${sql.raw(String(months))} months',
				date_trunc('month', now()) - interval '1 month', interval '1 month') AS m
		)
		INSERT INTO progress_report (zone_id, period, due_date, plan_revision_id, status, version,
			target_entries, activity_entries, submitted_at, reviewed_at, updated_at)
		SELECT z.id, p.period, p.due_date, zp.approved_revision_id,
			CASE WHEN (z.id + p.k) % 10 = 0 THEN 'draft' ELSE 'accepted' END, 3,
			jsonb_build_array(jsonb_build_object('targetKey', 't1', 'value', 100 + p.k * 5 + z.id % 7)),
			jsonb_build_array(jsonb_build_object('activityKey', 'a1', 'status', 'in_progress',
				'disbursedBaht', 80000 + (z.id % 5) * 10000, 'peopleReached', 40, 'note', '')),
			CASE WHEN (z.id + p.k) % 10 = 0 THEN NULL
				WHEN (z.id + p.k) % 4 = 0 THEN p.due_date + interval '5 days'
				ELSE p.due_date - interval '1 day' END,
			CASE WHEN (z.id + p.k) % 10 = 0 THEN NULL ELSE p.due_date + interval '7 days' END,
			now()
		FROM zone z JOIN zone_plan zp ON zp.zone_id = z.id CROSS JOIN period p
		WHERE z.approved_revision_id IS NOT NULL
		ON CONFLICT (zone_id, period) DO NOTHING
		RETURNING 1 AS n
	`.execute(db);
	await sql`ANALYZE`.execute(db);
	return { dla, reports: reports.rows.length };
}

const database = await freshDatabase();
try {
	console.log(`seeding ${zoneCount} zones × ${months} months on PostgreSQL… ${load()}`);
	const { dla, reports } = await seed(database);
	console.log(`seeded ${reports} reports · ${load()}`);
	const timings: number[] = [];
	const first = await getNationalDashboard(database.db, { actor: dla });
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await getNationalDashboard(database.db, { actor: dla });
		timings.push(performance.now() - started);
	}
	const zones = first.groups.reduce(
		(sum, g) => sum + Object.values(g.zonesByState).reduce((a, b) => a + b, 0),
		0
	);
	console.log(
		`national dashboard (${zones} zones, ${first.months.length} months, ${runs} runs): ` +
			`p50 ${ms(percentile(timings, 50))} · p95 ${ms(percentile(timings, 95))} (target ≤ 300 ms) · ${load()}`
	);
} finally {
	await database.close();
}
