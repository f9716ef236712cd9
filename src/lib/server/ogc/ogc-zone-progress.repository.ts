import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { targetsWithLatest } from '../plans/progress-dashboard.repository';
import { approvedZonesVersion } from '../zones/zone.repository';

/**
 * The approved zones with their latest accepted progress, as open data (issue 16 item 6): the
 * public's view of the plans and monthly reports. Only the plan in force (approved by the
 * governor) and reports the provincial office accepted count; no person is named.
 */

export const zoneProgressSourceLine =
	'ความก้าวหน้าของเขต: แผนปฏิบัติการที่ผู้ว่าราชการจังหวัดอนุมัติ และรายงานความก้าวหน้าประจำเดือนที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดรับรองแล้ว กรมส่งเสริมการปกครองท้องถิ่น (SEDZ planner) — licence: Open Data Common (attribution)';

/**
 * One row per zone in force: its plan in force (revision, targets, budget of the activities
 * not cancelled), the targets with an accepted figure and on track (as the dashboards judge
 * them), the accepted reports, the baht they disbursed and the latest accepted month.
 */
export const zoneProgressSource = () => sql`SELECT z.id::text AS feature_id, z.id AS zone_id,
	r.name, z.province_code, p.name_th AS province_name_th, p.name_en AS province_name_en,
	pv.revision_number AS plan_revision_number,
	coalesce(t.targets, 0) AS targets, coalesce(t.reported, 0) AS targets_reported,
	coalesce(t.on_track, 0) AS targets_on_track,
	b.planned AS budget_planned_baht, rep.disbursed AS budget_disbursed_baht,
	coalesce(rep.accepted, 0) AS reports_accepted, rep.last_period AS last_accepted_period,
	r.geom
	FROM zone z
	JOIN zone_revision r ON r.id = z.approved_revision_id
	JOIN province p ON p.code = z.province_code
	LEFT JOIN zone_plan zp ON zp.zone_id = z.id
	LEFT JOIN plan_revision pv ON pv.id = zp.approved_revision_id
	LEFT JOIN (
		SELECT x.zone_id, count(*)::int AS targets, count(x.latest_value)::int AS reported,
			count(*) FILTER (WHERE x.on_track)::int AS on_track
		FROM (${targetsWithLatest({}, ['accepted'])}) x
		GROUP BY x.zone_id
	) t ON t.zone_id = z.id
	LEFT JOIN LATERAL (
		SELECT sum(a.budget_lao_baht + a.budget_province_baht + a.budget_central_baht
			+ a.budget_partner_baht)::bigint AS planned
		FROM plan_activity a
		WHERE a.plan_revision_id = zp.approved_revision_id AND a.status <> 'cancelled'
	) b ON true
	LEFT JOIN LATERAL (
		SELECT count(*)::int AS accepted, max(pr.period) AS last_period,
			sum((SELECT sum((e->>'disbursedBaht')::bigint) FROM jsonb_array_elements(pr.activity_entries) e))::bigint
				AS disbursed
		FROM progress_report pr
		WHERE pr.zone_id = z.id AND pr.status = 'accepted'
	) rep ON true`;

/**
 * Changes when a zone or a plan is approved or a report accepted (or anything else moves a
 * report or plan: a conservative key).
 */
export async function zoneProgressVersion(db: Kysely<DB>): Promise<string> {
	const [zones, row] = await Promise.all([
		approvedZonesVersion(db),
		sql<{ reports: string | null; plans: string | null }>`SELECT
			(SELECT max(updated_at)::text || '-' || count(*) FROM progress_report WHERE status = 'accepted') AS reports,
			(SELECT max(updated_at)::text || '-' || count(*) FROM zone_plan WHERE approved_revision_id IS NOT NULL) AS plans`
			.execute(db)
			.then((r) => r.rows[0])
	]);
	return `${zones}-reports-${row?.reports ?? 0}-plans-${row?.plans ?? 0}`;
}
