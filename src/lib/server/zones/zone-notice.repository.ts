import { sql, type Kysely } from 'kysely';
import type { DB, ZoneNoticeEvent } from '../db/schema';

/** Queries on `zone_notice` (workflow notices); the caller owns the transaction. */

/** Who is told of an event: enabled users by role and province or LAO, never the actor. */
export interface NoticeAudience {
	/** Province codes whose planners (the provincial office) are told. */
	plannersOf?: string;
	/** Province codes whose governors are told. */
	governorsOf?: string;
	/** LAOs (DLA codes) whose officers are told. */
	laoOfficersOf?: readonly string[];
}

/**
 * Inserts one notice per user of the audience except the actor; a user with an email address
 * gets `email_status` pending (sent by the background sender), one without gets none.
 */
export async function insertZoneNotices(
	db: Kysely<DB>,
	args: {
		zoneId: number;
		event: ZoneNoticeEvent;
		actorUserId: number;
		audience: NoticeAudience;
		/** The report of a `report_*` event. */
		progressReportId?: number;
	}
): Promise<number> {
	const { audience } = args;
	const conditions = [];
	if (audience.plannersOf)
		conditions.push(sql`(u.role = 'planner' AND u.province_code = ${audience.plannersOf})`);
	if (audience.governorsOf)
		conditions.push(sql`(u.role = 'governor' AND u.province_code = ${audience.governorsOf})`);
	if (audience.laoOfficersOf && audience.laoOfficersOf.length > 0)
		conditions.push(
			sql`(u.role = 'lao_officer' AND u.dla_code IN (${sql.join(audience.laoOfficersOf)}))`
		);
	if (conditions.length === 0) return 0;
	const result =
		await sql`INSERT INTO zone_notice (user_id, zone_id, event, actor_user_id, progress_report_id, email_status)
		SELECT u.id, ${args.zoneId}, ${args.event}, ${args.actorUserId}, ${args.progressReportId ?? null}::integer,
			CASE WHEN u.email IS NULL THEN NULL ELSE 'pending' END
		FROM app_user u
		WHERE NOT u.disabled AND u.id <> ${args.actorUserId} AND (${sql.join(conditions, sql` OR `)})
		ORDER BY u.id`.execute(db);
	return Number(result.numAffectedRows ?? 0);
}

/**
 * Tells each monthly report not submitted by the end of its due day (`due_date < today`, the
 * Bangkok day) to its filers: the officers of the LAOs the zone's revision in force covers and
 * the province's planners. Once per report: only reports with no overdue notice yet, and the
 * unique index on (report, user) makes a second instance running at the same moment insert
 * nothing (it waits for the first to commit, then every row conflicts).
 */
export async function insertOverdueReportNotices(
	db: Kysely<DB>,
	args: { today: string }
): Promise<number> {
	const result =
		await sql`INSERT INTO zone_notice (user_id, zone_id, event, actor_user_id, progress_report_id, email_status)
		SELECT u.id, z.id, 'report_overdue', NULL, pr.id,
			CASE WHEN u.email IS NULL THEN NULL ELSE 'pending' END
		FROM progress_report pr
		JOIN zone z ON z.id = pr.zone_id
		JOIN zone_revision r ON r.id = z.approved_revision_id
		JOIN app_user u ON NOT u.disabled AND (
			(u.role = 'planner' AND u.province_code = z.province_code)
			OR (u.role = 'lao_officer' AND u.dla_code IN (
				SELECT c->>'dlaCode' FROM jsonb_array_elements(r.covered_laos) c)))
		WHERE pr.submitted_at IS NULL AND pr.due_date < ${args.today}::date
			AND NOT EXISTS (
				SELECT 1 FROM zone_notice n
				WHERE n.progress_report_id = pr.id AND n.event = 'report_overdue')
		ORDER BY pr.id, u.id
		ON CONFLICT (progress_report_id, user_id) WHERE event = 'report_overdue' DO NOTHING`.execute(db);
	return Number(result.numAffectedRows ?? 0);
}

export interface ZoneNoticeRow {
	id: number;
	zoneId: number;
	event: ZoneNoticeEvent;
	/** The month (`2026-11`) of a `report_*` event's report. */
	period: string | null;
	createdAt: Date;
	readAt: Date | null;
}

function selectNotices(db: Kysely<DB>) {
	return db
		.selectFrom('zone_notice')
		.leftJoin('progress_report', 'progress_report.id', 'zone_notice.progress_report_id')
		.select([
			'zone_notice.id',
			'zone_notice.zone_id as zoneId',
			'zone_notice.event',
			'progress_report.period',
			'zone_notice.created_at as createdAt',
			'zone_notice.read_at as readAt'
		]);
}

/** One user's notices, newest first; `unreadOnly` for the badge. */
export async function listZoneNotices(
	db: Kysely<DB>,
	args: { userId: number; limit: number; unreadOnly?: boolean }
): Promise<ZoneNoticeRow[]> {
	let query = selectNotices(db).where('zone_notice.user_id', '=', args.userId);
	if (args.unreadOnly) query = query.where('zone_notice.read_at', 'is', null);
	const rows = await query
		.orderBy('zone_notice.created_at', 'desc')
		.orderBy('zone_notice.id', 'desc')
		.limit(args.limit)
		.execute();
	return rows.map((r) => ({
		...r,
		createdAt: new Date(r.createdAt),
		readAt: r.readAt === null ? null : new Date(r.readAt)
	}));
}

/** One user's notice (another user's is undefined, like a missing one). */
export async function findOwnZoneNotice(
	db: Kysely<DB>,
	args: { id: number; userId: number }
): Promise<ZoneNoticeRow | undefined> {
	const row = await selectNotices(db)
		.where('zone_notice.id', '=', args.id)
		.where('zone_notice.user_id', '=', args.userId)
		.executeTakeFirst();
	return (
		row && {
			...row,
			createdAt: new Date(row.createdAt),
			readAt: row.readAt === null ? null : new Date(row.readAt)
		}
	);
}

export async function markZoneNoticeRead(db: Kysely<DB>, id: number): Promise<void> {
	await db
		.updateTable('zone_notice')
		.set({ read_at: sql<Date>`now()` })
		.where('id', '=', id)
		.where('read_at', 'is', null)
		.execute();
}

export interface ClaimedZoneNotice {
	id: number;
	attempts: number;
}

/** The claim of `claimDueNotices` (notices.repository.ts) on `zone_notice`'s emails. */
export async function claimDueZoneNotices(
	db: Kysely<DB>,
	options: { now: Date; leaseUntil: Date; limit: number; maxAttempts: number }
): Promise<ClaimedZoneNotice[]> {
	const result = await sql<{ id: number; attempts: number }>`UPDATE zone_notice
		SET attempts = attempts + 1, next_attempt_at = ${options.leaseUntil}
		WHERE id IN (
			SELECT id FROM zone_notice
			WHERE email_status IN ('pending', 'failed') AND attempts < ${options.maxAttempts}
				AND next_attempt_at <= ${options.now}
			ORDER BY next_attempt_at, id
			LIMIT ${options.limit}
			FOR UPDATE SKIP LOCKED)
		RETURNING id, attempts`.execute(db);
	return result.rows.sort((a, b) => a.id - b.id);
}

/** What a notice's email is made of. */
export interface ZoneNoticeFacts {
	id: number;
	event: ZoneNoticeEvent;
	zoneId: number;
	zoneName: string | null;
	/** A `report_*` event's report: its month (`2026-11`) and due date. */
	period: string | null;
	dueDate: string | null;
	provinceTh: string | null;
	provinceEn: string | null;
	email: string | null;
	disabled: boolean;
}

export async function findZoneNoticeFacts(
	db: Kysely<DB>,
	id: number
): Promise<ZoneNoticeFacts | undefined> {
	return db
		.selectFrom('zone_notice as n')
		.innerJoin('app_user as u', 'u.id', 'n.user_id')
		.innerJoin('zone as z', 'z.id', 'n.zone_id')
		.leftJoin('zone_revision as r', 'r.id', 'z.current_revision_id')
		.leftJoin('province as p', 'p.code', 'z.province_code')
		.leftJoin('progress_report as pr', 'pr.id', 'n.progress_report_id')
		.select([
			'pr.period',
			'pr.due_date as dueDate',
			'n.id',
			'n.event',
			'n.zone_id as zoneId',
			'r.name as zoneName',
			'p.name_th as provinceTh',
			'p.name_en as provinceEn',
			'u.email',
			'u.disabled'
		])
		.where('n.id', '=', id)
		.executeTakeFirst();
}

export async function markZoneNoticeSent(db: Kysely<DB>, id: number, now: Date): Promise<void> {
	await db
		.updateTable('zone_notice')
		.set({ email_status: 'sent', sent_at: now, last_error: null })
		.where('id', '=', id)
		.execute();
}

export async function markZoneNoticeFailed(
	db: Kysely<DB>,
	id: number,
	failure: { error: string; retryAt: Date; giveUpAt?: number }
): Promise<void> {
	await db
		.updateTable('zone_notice')
		.set({
			email_status: 'failed',
			last_error: failure.error.slice(0, 2000),
			next_attempt_at: failure.retryAt,
			...(failure.giveUpAt !== undefined ? { attempts: failure.giveUpAt } : {})
		})
		.where('id', '=', id)
		.execute();
}
