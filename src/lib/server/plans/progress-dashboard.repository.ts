import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ReportStatus } from '../../plans/plan-terms';
import type { ZoneStatus } from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';

/**
 * The progress dashboards' queries (issue 16 item 4), each one grouped statement over every zone
 * of the scope (never one query per zone). The service decides who may read what and which
 * report states count: `figureStatuses` is `['accepted']` for the public and
 * `['submitted', 'accepted']` for officials (drafts are nobody's figures yet).
 *
 * Scope: the whole country, one province, or one zone. Grouping: by province (national page),
 * by zone (province page) or none (one zone).
 */
export interface DashboardScope {
	provinceCode?: string;
	zoneId?: number;
}
export type DashboardGrouping = 'province' | 'zone';

function scopeWhere(scope: DashboardScope): RawBuilder<unknown> {
	const parts: RawBuilder<unknown>[] = [sql`true`];
	if (scope.provinceCode !== undefined) parts.push(sql`z.province_code = ${scope.provinceCode}`);
	if (scope.zoneId !== undefined) parts.push(sql`z.id = ${scope.zoneId}`);
	return sql.join(parts, sql` AND `);
}

/** The key a row is grouped under: the province code, or the zone id as text. */
function groupKey(grouping: DashboardGrouping): RawBuilder<string> {
	return grouping === 'province' ? sql<string>`z.province_code` : sql<string>`z.id::text`;
}

/** Zones per state, per group (all states: the dashboards count drafts too). */
export async function countZonesByState(
	db: Kysely<DB>,
	scope: DashboardScope,
	grouping: DashboardGrouping
) {
	const { rows } = await sql<{ groupKey: string; status: ZoneStatus; zones: number }>`
		SELECT ${groupKey(grouping)} AS "groupKey", z.status, count(*)::int AS zones
		FROM zone z
		WHERE ${scopeWhere(scope)}
		GROUP BY 1, 2
		ORDER BY 1, 2
	`.execute(db);
	return rows;
}

/**
 * Zones in force (an approved revision, whatever amendment is under way) and the distinct LAOs
 * they cover, per province: the public's count of approved zones.
 */
export async function countZonesInForceByProvince(db: Kysely<DB>) {
	const { rows } = await sql<{ provinceCode: string; zones: number; laos: number }>`
		SELECT z.province_code AS "provinceCode", count(DISTINCT z.id)::int AS zones,
			count(DISTINCT lao->>'dlaCode')::int AS laos
		FROM zone z
		JOIN zone_revision r ON r.id = z.approved_revision_id
		CROSS JOIN LATERAL jsonb_array_elements(r.covered_laos) AS lao
		GROUP BY 1
	`.execute(db);
	return rows;
}

/** Distinct LAOs the zones in force cover (their approved revision), per group. */
export async function countLaosCovered(
	db: Kysely<DB>,
	scope: DashboardScope,
	grouping: DashboardGrouping
) {
	const { rows } = await sql<{ groupKey: string; laos: number }>`
		SELECT ${groupKey(grouping)} AS "groupKey", count(DISTINCT lao->>'dlaCode')::int AS laos
		FROM zone z
		JOIN zone_revision r ON r.id = z.approved_revision_id
		CROSS JOIN LATERAL jsonb_array_elements(r.covered_laos) AS lao
		WHERE ${scopeWhere(scope)} AND z.status NOT IN ('withdrawn', 'rejected')
		GROUP BY 1
	`.execute(db);
	return rows;
}

/**
 * Per group and month: reports due, filed on time (submitted by the end of the due day,
 * Bangkok), late (submitted after it, or not submitted and the due day past `today`), and the
 * baht disbursed in the reports whose figures count. `submitted_at` is the latest submission:
 * a report returned and filed again after its due day counts as late.
 */
export async function reportsByMonth(
	db: Kysely<DB>,
	args: {
		scope: DashboardScope;
		grouping: DashboardGrouping;
		figureStatuses: readonly ReportStatus[];
		/** ISO day in Bangkok. */
		today: string;
	}
) {
	const deadline = sql`((r.due_date + 1)::timestamp AT TIME ZONE 'Asia/Bangkok')`;
	const counts = sql`r.status IN (${sql.join(args.figureStatuses.map((s) => sql`${s}`))})`;
	const { rows } = await sql<{
		groupKey: string;
		period: string;
		due: number;
		onTime: number;
		late: number;
		reportsWithFigures: number;
		disbursedBaht: number | null;
	}>`
		SELECT ${groupKey(args.grouping)} AS "groupKey", r.period,
			count(*)::int AS due,
			count(*) FILTER (WHERE r.submitted_at IS NOT NULL AND r.submitted_at < ${deadline})::int AS "onTime",
			count(*) FILTER (WHERE (r.submitted_at IS NOT NULL AND r.submitted_at >= ${deadline})
				OR (r.submitted_at IS NULL AND r.due_date < ${args.today}::date))::int AS late,
			count(*) FILTER (WHERE ${counts})::int AS "reportsWithFigures",
			sum((SELECT sum((e->>'disbursedBaht')::bigint) FROM jsonb_array_elements(r.activity_entries) e))
				FILTER (WHERE ${counts})::float8 AS "disbursedBaht"
		FROM progress_report r
		JOIN zone z ON z.id = r.zone_id
		WHERE ${scopeWhere(args.scope)}
		GROUP BY 1, 2
		ORDER BY 1, 2
	`.execute(db);
	return rows;
}

/**
 * Baht planned per group and month: each activity of the plans in force (not cancelled) spread
 * evenly over the months from its start to its end, all four sources together.
 */
export async function plannedBudgetByMonth(
	db: Kysely<DB>,
	scope: DashboardScope,
	grouping: DashboardGrouping
) {
	const { rows } = await sql<{ groupKey: string; period: string; plannedBaht: number }>`
		SELECT ${groupKey(grouping)} AS "groupKey", to_char(m.month, 'YYYY-MM') AS period,
			sum((a.budget_lao_baht + a.budget_province_baht + a.budget_central_baht + a.budget_partner_baht)::float8
				/ ((extract(year FROM age(date_trunc('month', a.end_date), date_trunc('month', a.start_date))) * 12
					+ extract(month FROM age(date_trunc('month', a.end_date), date_trunc('month', a.start_date)))) + 1))::float8
				AS "plannedBaht"
		FROM zone z
		JOIN zone_plan zp ON zp.zone_id = z.id
		JOIN plan_activity a ON a.plan_revision_id = zp.approved_revision_id
		CROSS JOIN LATERAL generate_series(date_trunc('month', a.start_date), date_trunc('month', a.end_date),
			interval '1 month') AS m(month)
		WHERE ${scopeWhere(scope)} AND a.status <> 'cancelled'
		GROUP BY 1, 2
		ORDER BY 1, 2
	`.execute(db);
	return rows;
}

/**
 * Every target of the plans in force with its latest counted figure (null: none yet) and
 * whether it is on track: the share of the way from baseline to target reached is at least the
 * share of the time from baseline date to target date elapsed at the end of the figure's month.
 */
export function targetsWithLatest(scope: DashboardScope, figureStatuses: readonly ReportStatus[]) {
	return sql`
		WITH target AS (
			SELECT z.id AS zone_id, z.province_code, t.target_key, t.position, t.indicator_key,
				t.indicator_name_th, t.indicator_name_en, t.unit, t.baseline_value, t.baseline_date,
				t.target_value, t.target_date, t.source
			FROM zone z
			JOIN zone_plan zp ON zp.zone_id = z.id
			JOIN plan_target t ON t.plan_revision_id = zp.approved_revision_id
			WHERE ${scopeWhere(scope)}
		),
		latest AS (
			SELECT DISTINCT ON (r.zone_id, e->>'targetKey') r.zone_id, e->>'targetKey' AS target_key,
				r.period, (e->>'value')::float8 AS value
			FROM progress_report r
			JOIN zone z ON z.id = r.zone_id
			CROSS JOIN LATERAL jsonb_array_elements(r.target_entries) e
			WHERE ${scopeWhere(scope)}
				AND r.status IN (${sql.join(figureStatuses.map((s) => sql`${s}`))})
				AND jsonb_typeof(e->'value') = 'number'
			ORDER BY r.zone_id, e->>'targetKey', r.period DESC
		)
		SELECT t.*, l.period AS latest_period, l.value AS latest_value,
			CASE WHEN l.value IS NULL THEN NULL
				WHEN t.target_value = t.baseline_value THEN l.value = t.target_value
				ELSE (l.value - t.baseline_value) / (t.target_value - t.baseline_value) >= least(1, greatest(0,
					((to_date(l.period, 'YYYY-MM') + interval '1 month')::date - t.baseline_date)::float8
					/ nullif(t.target_date - t.baseline_date, 0)))
			END AS on_track
		FROM target t
		LEFT JOIN latest l ON l.zone_id = t.zone_id AND l.target_key = t.target_key
	`;
}

/** Targets of the plans in force per group: how many, how many with a figure, how many on track. */
export async function countTargetsOnTrack(
	db: Kysely<DB>,
	args: {
		scope: DashboardScope;
		grouping: DashboardGrouping;
		figureStatuses: readonly ReportStatus[];
	}
) {
	const key = args.grouping === 'province' ? sql`province_code` : sql`zone_id::text`;
	const { rows } = await sql<{
		groupKey: string;
		targets: number;
		reported: number;
		onTrack: number;
	}>`
		SELECT ${key} AS "groupKey", count(*)::int AS targets,
			count(latest_value)::int AS reported,
			count(*) FILTER (WHERE on_track)::int AS "onTrack"
		FROM (${targetsWithLatest(args.scope, args.figureStatuses)}) x
		GROUP BY 1
	`.execute(db);
	return rows;
}

/** One zone's targets in force, in the plan's order, each with its latest figure and on-track. */
export async function listZoneTargets(
	db: Kysely<DB>,
	args: { zoneId: number; figureStatuses: readonly ReportStatus[] }
) {
	const { rows } = await sql<{
		target_key: string;
		indicator_key: string | null;
		indicator_name_th: string | null;
		indicator_name_en: string | null;
		unit: string;
		baseline_value: number;
		baseline_date: string;
		target_value: number;
		target_date: string;
		source: string;
		latest_period: string | null;
		latest_value: number | null;
		on_track: boolean | null;
	}>`
		SELECT x.*, x.baseline_date::text AS baseline_date, x.target_date::text AS target_date
		FROM (${targetsWithLatest({ zoneId: args.zoneId }, args.figureStatuses)}) x
		ORDER BY x.position
	`.execute(db);
	return rows;
}

/** One zone's counted target figures by month (a "no new figure" month has no row). */
export async function listZoneTargetFigures(
	db: Kysely<DB>,
	args: { zoneId: number; figureStatuses: readonly ReportStatus[] }
) {
	const { rows } = await sql<{ period: string; targetKey: string; value: number }>`
		SELECT r.period, e->>'targetKey' AS "targetKey", (e->>'value')::float8 AS value
		FROM progress_report r
		CROSS JOIN LATERAL jsonb_array_elements(r.target_entries) e
		WHERE r.zone_id = ${args.zoneId}
			AND r.status IN (${sql.join(args.figureStatuses.map((s) => sql`${s}`))})
			AND jsonb_typeof(e->'value') = 'number'
		ORDER BY r.period, 2
	`.execute(db);
	return rows;
}

/** Zone names and states for the province page: the working copy's name (its readers may see it). */
export function listProvinceZones(db: Kysely<DB>, provinceCode: string) {
	return db
		.selectFrom('zone')
		.leftJoin('zone_revision', 'zone_revision.id', 'zone.current_revision_id')
		.select(['zone.id', 'zone.status', 'zone_revision.name'])
		.where('zone.province_code', '=', provinceCode)
		.orderBy('zone.id')
		.execute();
}

export function findProvince(db: Kysely<DB>, code: string) {
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.where('code', '=', code)
		.executeTakeFirst();
}

export function listProvinces(db: Kysely<DB>) {
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.orderBy('code')
		.execute();
}

/**
 * Every province's outline as an SVG path (`ST_AsSVG`: x = longitude, y = -latitude, 3
 * decimals), simplified to 0.02° (about 2 km, light enough for a page) and the box around them
 * all, for the national pages' map.
 */
export async function provinceShapes(db: Kysely<DB>) {
	const { rows } = await sql<{ code: string; d: string }>`
		SELECT code, ST_AsSVG(ST_SimplifyPreserveTopology(geom, 0.02), 0, 3) AS d
		FROM province ORDER BY code
	`.execute(db);
	const box = await sql<{ xmin: number; ymin: number; xmax: number; ymax: number }>`
		SELECT ST_XMin(e)::float8 AS xmin, ST_YMin(e)::float8 AS ymin, ST_XMax(e)::float8 AS xmax,
			ST_YMax(e)::float8 AS ymax
		FROM (SELECT ST_Extent(geom)::geometry AS e FROM province) x
	`.execute(db);
	const b = box.rows[0];
	const r = (v: number) => Math.round(v * 1000) / 1000;
	return {
		viewBox: b
			? `${r(b.xmin)} ${r(-b.ymax)} ${r(b.xmax - b.xmin)} ${r(b.ymax - b.ymin)}`
			: '0 0 1 1',
		shapes: rows.filter((row) => row.d)
	};
}
