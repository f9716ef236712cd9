import { sql, type Kysely } from 'kysely';
import type { ReportActivityEntry, ReportStatus, ReportTargetEntry } from '../../plans/plan-terms';
import type { DB } from '../db/schema';

/**
 * Queries on monthly progress reports (issue 16) and the national due-day setting. The service
 * decides permissions and owns the transaction.
 */

/** The due day in force: the latest setting row, or none (the service applies the default). */
export async function findDueDay(db: Kysely<DB>): Promise<number | undefined> {
	const row = await db
		.selectFrom('progress_report_setting')
		.select('due_day_of_month')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row?.due_day_of_month;
}

export async function insertDueDay(db: Kysely<DB>, dueDay: number, createdBy: number) {
	await db
		.insertInto('progress_report_setting')
		.values({ due_day_of_month: dueDay, created_by: createdBy })
		.execute();
}

/**
 * The period's report of every zone in force that was approved before the period ended (a
 * zone approved on 2 December owes no report for November), in one statement with
 * `ON CONFLICT (zone_id, period) DO NOTHING`: a concurrent run of another instance waits for
 * the first to commit and then inserts nothing. Returns how many it created.
 */
export async function insertDueReports(
	db: Kysely<DB>,
	args: { period: string; dueDate: string; periodEndsAt: string }
): Promise<number> {
	const { rows } = await sql<{ id: number }>`
		INSERT INTO progress_report (zone_id, period, due_date, plan_revision_id)
		SELECT z.id, ${args.period}, ${args.dueDate}::date, zp.approved_revision_id
		FROM zone z
		LEFT JOIN zone_plan zp ON zp.zone_id = z.id
		WHERE z.approved_revision_id IS NOT NULL
			AND EXISTS (
				SELECT 1 FROM zone_transition t
				WHERE t.zone_id = z.id AND t.event = 'approve' AND t.created_at < ${args.periodEndsAt}::timestamptz
			)
		ORDER BY z.id
		ON CONFLICT (zone_id, period) DO NOTHING
		RETURNING id
	`.execute(db);
	return rows.length;
}

const reportColumns = [
	'progress_report.id',
	'progress_report.zone_id as zoneId',
	'progress_report.period',
	'progress_report.due_date as dueDate',
	'progress_report.status',
	'progress_report.version',
	'progress_report.plan_revision_id as planRevisionId',
	'progress_report.target_entries as targetEntries',
	'progress_report.activity_entries as activityEntries',
	'progress_report.problems',
	'progress_report.return_reason as returnReason',
	'progress_report.submitted_at as submittedAt',
	'progress_report.reviewed_at as reviewedAt',
	'progress_report.updated_at as updatedAt'
] as const;

function selectReports(db: Kysely<DB>) {
	return db
		.selectFrom('progress_report')
		.leftJoin('app_user as updater', 'updater.id', 'progress_report.updated_by')
		.leftJoin('app_user as submitter', 'submitter.id', 'progress_report.submitted_by')
		.leftJoin('app_user as reviewer', 'reviewer.id', 'progress_report.reviewed_by')
		.select(reportColumns)
		.select([
			'updater.display_name as updatedByName',
			'submitter.display_name as submittedByName',
			'reviewer.display_name as reviewedByName'
		]);
}

export function findReport(db: Kysely<DB>, zoneId: number, period: string) {
	return selectReports(db)
		.where('progress_report.zone_id', '=', zoneId)
		.where('progress_report.period', '=', period)
		.executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof findReport>>>;

/** Locks the report row (saves and events on one report are serialised). */
export async function lockReport(db: Kysely<DB>, zoneId: number, period: string) {
	const locked = await db
		.selectFrom('progress_report')
		.select('id')
		.where('zone_id', '=', zoneId)
		.where('period', '=', period)
		.forUpdate()
		.executeTakeFirst();
	return locked ? findReport(db, zoneId, period) : undefined;
}

export function listReports(db: Kysely<DB>, zoneId: number, statuses?: ReportStatus[]) {
	let query = selectReports(db).where('progress_report.zone_id', '=', zoneId);
	if (statuses) query = query.where('progress_report.status', 'in', statuses);
	return query.orderBy('progress_report.period', 'desc').execute();
}

/** Baht disbursed per activity key in the zone's reports of every other period. */
export async function disbursedElsewhere(
	db: Kysely<DB>,
	zoneId: number,
	period: string
): Promise<Map<string, number>> {
	const { rows } = await sql<{ key: string; baht: number }>`
		SELECT e->>'activityKey' AS key, sum((e->>'disbursedBaht')::bigint) AS baht
		FROM progress_report r, jsonb_array_elements(r.activity_entries) e
		WHERE r.zone_id = ${zoneId} AND r.period <> ${period}
		GROUP BY 1
	`.execute(db);
	return new Map(rows.map((r) => [r.key, Number(r.baht)]));
}

export async function updateReport(
	db: Kysely<DB>,
	reportId: number,
	change: {
		version: number;
		status?: ReportStatus;
		planRevisionId?: number | null;
		targetEntries?: ReportTargetEntry[];
		activityEntries?: ReportActivityEntry[];
		problems?: string;
		returnReason?: string | null;
		updatedBy?: number;
		submittedBy?: number;
		reviewedBy?: number;
	}
) {
	await db
		.updateTable('progress_report')
		.set({
			version: change.version,
			updated_at: sql<Date>`now()`,
			...(change.status && { status: change.status }),
			...(change.planRevisionId !== undefined && { plan_revision_id: change.planRevisionId }),
			...(change.targetEntries && { target_entries: JSON.stringify(change.targetEntries) }),
			...(change.activityEntries && { activity_entries: JSON.stringify(change.activityEntries) }),
			...(change.problems !== undefined && { problems: change.problems }),
			...(change.returnReason !== undefined && { return_reason: change.returnReason }),
			...(change.updatedBy !== undefined && { updated_by: change.updatedBy }),
			...(change.submittedBy !== undefined && {
				submitted_by: change.submittedBy,
				submitted_at: sql<Date>`now()`
			}),
			...(change.reviewedBy !== undefined && {
				reviewed_by: change.reviewedBy,
				reviewed_at: sql<Date>`now()`
			})
		})
		.where('id', '=', reportId)
		.execute();
}
