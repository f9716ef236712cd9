import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ReportStatus } from '../../plans/plan-terms';
import type { DB } from '../db/schema';

/**
 * Monthly progress reports as work (issue 16 item 2): those a filer has still to file, those
 * the provincial office has to review, and those overdue, for the inbox, its badge and the
 * overdue dashboard. The service decides who sees which scope; these only query.
 */

/** Whose reports: a province's zones, or the zones whose revision in force covers an LAO. */
export type ReportWorkScope = { provinceCode?: string; dlaCode?: string };

export interface ReportWorkRow {
	reportId: number;
	zoneId: number;
	/** The name of the zone's revision in force. */
	zoneName: string;
	provinceCode: string;
	provinceTh: string;
	provinceEn: string;
	period: string;
	dueDate: string;
	status: ReportStatus;
	submittedAt: Date | null;
	/** The LAOs the zone's revision in force covers, in its order. */
	laos: { dlaCode: string; nameTh: string; nameEn: string | null }[];
}

function scopeWhere(scope: ReportWorkScope): RawBuilder<unknown> {
	const conditions: RawBuilder<unknown>[] = [sql`true`];
	if (scope.provinceCode !== undefined)
		conditions.push(sql`z.province_code = ${scope.provinceCode}`);
	if (scope.dlaCode !== undefined)
		conditions.push(
			sql`EXISTS (SELECT 1 FROM jsonb_array_elements(r.covered_laos) c WHERE c->>'dlaCode' = ${scope.dlaCode})`
		);
	return sql.join(conditions, sql` AND `);
}

const fromReports = sql`FROM progress_report pr
	JOIN zone z ON z.id = pr.zone_id
	JOIN zone_revision r ON r.id = z.approved_revision_id`;

/** A report row with its zone, province and the LAOs the zone covers. */
const selectRows = sql`SELECT pr.id AS "reportId", z.id AS "zoneId", r.name AS "zoneName",
		z.province_code AS "provinceCode", p.name_th AS "provinceTh", p.name_en AS "provinceEn",
		pr.period, pr.due_date::text AS "dueDate", pr.status, pr.submitted_at AS "submittedAt",
		COALESCE((SELECT jsonb_agg(jsonb_build_object('dlaCode', l.c->>'dlaCode',
			'nameTh', l.c->>'nameTh', 'nameEn', l.c->>'nameEn') ORDER BY l.ord)
			FROM jsonb_array_elements(r.covered_laos) WITH ORDINALITY AS l(c, ord)), '[]'::jsonb) AS laos
	${fromReports}
	JOIN province p ON p.code = z.province_code`;

/** Reports in `statuses` of the scope, soonest due first. */
export async function listReportsInScope(
	db: Kysely<DB>,
	args: { scope: ReportWorkScope; statuses: readonly ReportStatus[]; limit: number }
): Promise<ReportWorkRow[]> {
	const { rows } = await sql<ReportWorkRow>`
		${selectRows}
		WHERE pr.status IN (${sql.join(args.statuses)}) AND ${scopeWhere(args.scope)}
		ORDER BY pr.due_date, z.province_code, z.id
		LIMIT ${args.limit}
	`.execute(db);
	return rows;
}

/** How many reports in `statuses` the scope holds (the inbox badge). */
export async function countReportsInScope(
	db: Kysely<DB>,
	args: { scope: ReportWorkScope; statuses: readonly ReportStatus[] }
): Promise<number> {
	const { rows } = await sql<{ count: number }>`
		SELECT count(*)::int AS count ${fromReports}
		WHERE pr.status IN (${sql.join(args.statuses)}) AND ${scopeWhere(args.scope)}
	`.execute(db);
	return rows[0]?.count ?? 0;
}

/**
 * Reports never submitted whose due day ended before `today` (the Bangkok day), most overdue
 * first: the overdue dashboard's rows.
 */
export async function listOverdueReports(
	db: Kysely<DB>,
	args: { scope: ReportWorkScope; today: string; limit: number }
): Promise<ReportWorkRow[]> {
	const { rows } = await sql<ReportWorkRow>`
		${selectRows}
		WHERE pr.submitted_at IS NULL AND pr.due_date < ${args.today}::date AND ${scopeWhere(args.scope)}
		ORDER BY pr.due_date, z.province_code, z.id
		LIMIT ${args.limit}
	`.execute(db);
	return rows;
}
