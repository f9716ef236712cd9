import { sql, type Kysely } from 'kysely';
import { csvDocument, type CsvCell } from '../csv';
import type { DB } from '../db/schema';

/**
 * The plans and the monthly figures as open data CSV (issue 16 item 6), on `/data`: the public's
 * view only — the plans in force (approved by the governor) and the reports the provincial
 * office accepted; organisations, never people, and no free text written by officials about
 * problems met (it may name people). Machine column names (as the OGC properties), UTF-8 with
 * BOM, the source and licence line on every row.
 */

export const progressFiles = ['plan-targets', 'plan-activities', 'report-figures'] as const;
export type ProgressFile = (typeof progressFiles)[number];

export const progressSourceLine =
	'แผนปฏิบัติการที่ผู้ว่าราชการจังหวัดอนุมัติ และรายงานความก้าวหน้าประจำเดือนที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดรับรองแล้ว: กรมส่งเสริมการปกครองท้องถิ่น (SEDZ planner) — licence: Open Data Common (attribution)';

/** The zones in force with their plan in force: the rows every file starts from. */
const plansInForce = sql`FROM zone z
	JOIN zone_revision zr ON zr.id = z.approved_revision_id
	JOIN zone_plan zp ON zp.zone_id = z.id AND zp.approved_revision_id IS NOT NULL
	JOIN plan_revision pv ON pv.id = zp.approved_revision_id`;

async function planTargets(db: Kysely<DB>) {
	const header = [
		'zone_id',
		'zone_name',
		'province_code',
		'plan_revision_number',
		'target_key',
		'indicator_key',
		'indicator_name_th',
		'indicator_name_en',
		'unit',
		'baseline_value',
		'baseline_date',
		'target_value',
		'target_date',
		'figure_source',
		'source'
	];
	const { rows } = await sql<Record<string, CsvCell>>`
		SELECT z.id AS zone_id, zr.name AS zone_name, z.province_code,
			pv.revision_number AS plan_revision_number, t.target_key, t.indicator_key,
			coalesce(t.indicator_name_th, i.name_th) AS indicator_name_th,
			coalesce(t.indicator_name_en, i.name_en) AS indicator_name_en, t.unit,
			t.baseline_value::float8 AS baseline_value, t.baseline_date::text AS baseline_date,
			t.target_value::float8 AS target_value, t.target_date::text AS target_date,
			t.source AS figure_source
		${plansInForce}
		JOIN plan_target t ON t.plan_revision_id = pv.id
		LEFT JOIN indicator i ON i.key = t.indicator_key
		ORDER BY z.id, t.position
	`.execute(db);
	return { header, rows };
}

async function planActivities(db: Kysely<DB>) {
	const header = [
		'zone_id',
		'zone_name',
		'province_code',
		'plan_revision_number',
		'activity_key',
		'name',
		'sectors',
		'responsible_kind',
		'responsible_dla_code',
		'responsible_name',
		'budget_lao_baht',
		'budget_province_baht',
		'budget_central_baht',
		'budget_partner_baht',
		'budget_total_baht',
		'start_date',
		'end_date',
		'status',
		'source'
	];
	const { rows } = await sql<Record<string, CsvCell>>`
		SELECT z.id AS zone_id, zr.name AS zone_name, z.province_code,
			pv.revision_number AS plan_revision_number, a.activity_key, a.name,
			array_to_string(a.sectors, ';') AS sectors, a.responsible_kind, a.responsible_dla_code,
			CASE a.responsible_kind WHEN 'lao' THEN l.name_th WHEN 'partner' THEN po.name
				ELSE 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด' || p.name_th END AS responsible_name,
			a.budget_lao_baht::bigint AS budget_lao_baht,
			a.budget_province_baht::bigint AS budget_province_baht,
			a.budget_central_baht::bigint AS budget_central_baht,
			a.budget_partner_baht::bigint AS budget_partner_baht,
			(a.budget_lao_baht + a.budget_province_baht + a.budget_central_baht
				+ a.budget_partner_baht)::bigint AS budget_total_baht,
			a.start_date::text AS start_date, a.end_date::text AS end_date, a.status
		${plansInForce}
		JOIN province p ON p.code = z.province_code
		JOIN plan_activity a ON a.plan_revision_id = pv.id
		LEFT JOIN lao l ON l.dla_code = a.responsible_dla_code
		LEFT JOIN partner_organisation po ON po.id = a.responsible_partner_id
		ORDER BY z.id, a.position
	`.execute(db);
	return { header, rows };
}

/** One row per accepted report and entry: a target's figure, or an activity's month. */
async function reportFigures(db: Kysely<DB>) {
	const header = [
		'zone_id',
		'zone_name',
		'province_code',
		'period',
		'entry',
		'key',
		'value',
		'unit',
		'activity_status',
		'disbursed_baht',
		'people_reached',
		'source'
	];
	const { rows } = await sql<Record<string, CsvCell>>`
		SELECT zone_id, zone_name, province_code, period, entry, key, value, unit, activity_status,
			disbursed_baht, people_reached
		FROM (
			SELECT z.id AS zone_id, zr.name AS zone_name, z.province_code, r.period, 'target' AS entry,
				e->>'targetKey' AS key,
				CASE WHEN jsonb_typeof(e->'value') = 'number' THEN (e->>'value')::float8 END AS value,
				coalesce(e->>'unit', t.unit) AS unit, NULL AS activity_status,
				NULL::bigint AS disbursed_baht, NULL::bigint AS people_reached, 0 AS kind_order, ord
			FROM zone z
			JOIN zone_revision zr ON zr.id = z.approved_revision_id
			JOIN progress_report r ON r.zone_id = z.id AND r.status = 'accepted'
			CROSS JOIN LATERAL jsonb_array_elements(r.target_entries) WITH ORDINALITY AS x(e, ord)
			LEFT JOIN plan_target t ON t.plan_revision_id = r.plan_revision_id
				AND t.target_key = e->>'targetKey'
			UNION ALL
			SELECT z.id, zr.name, z.province_code, r.period, 'activity', e->>'activityKey', NULL, NULL,
				e->>'status', (e->>'disbursedBaht')::bigint, (e->>'peopleReached')::bigint, 1, ord
			FROM zone z
			JOIN zone_revision zr ON zr.id = z.approved_revision_id
			JOIN progress_report r ON r.zone_id = z.id AND r.status = 'accepted'
			CROSS JOIN LATERAL jsonb_array_elements(r.activity_entries) WITH ORDINALITY AS x(e, ord)
		) f
		ORDER BY zone_id, period, kind_order, ord
	`.execute(db);
	return { header, rows };
}

/** One of the files, as CSV text. */
export async function progressCsv(db: Kysely<DB>, file: ProgressFile): Promise<string> {
	const { header, rows } =
		file === 'plan-targets'
			? await planTargets(db)
			: file === 'plan-activities'
				? await planActivities(db)
				: await reportFigures(db);
	const columns = header.slice(0, -1);
	return csvDocument(
		header,
		rows.map((row) => [...columns.map((c) => row[c] ?? null), progressSourceLine])
	);
}
