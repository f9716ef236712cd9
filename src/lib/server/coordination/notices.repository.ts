import { sql, type Kysely } from 'kysely';
import type { Party, RecordKind } from '../../coordination/terms';
import type { DB, NoticeStatus } from '../db/schema';

/** Queries on `notice_outbox` (email notices); the caller owns the transaction. */

/** A user who may act for one recipient row of a record (the service checks it again). */
export interface NoticeCandidate {
	recipientId: number;
	party: Party;
	userId: number;
	username: string;
	displayName: string;
	role: DB['app_user']['role'];
	provinceCode: string | null;
	dlaCode: string | null;
	districtCode: string | null;
	laoProvinceCode: string | null;
}

/**
 * The enabled users with an email address who belong to a recipient organisation of the record.
 * The join is the SQL twin of `coordinationPartyOf` (role and province or LAO); the service
 * filters the rows through `canActForParty` so the two cannot drift apart silently.
 */
export async function listNoticeCandidates(
	db: Kysely<DB>,
	recordId: number
): Promise<NoticeCandidate[]> {
	const rows = await db
		.selectFrom('record_recipient as rr')
		.innerJoin('app_user as u', (join) =>
			join.on(
				sql<boolean>`(rr.party_kind = 'dla' AND u.role = 'dla_staff')
				OR (rr.party_kind = 'governor' AND u.role = 'governor' AND u.province_code = rr.party_code)
				OR (rr.party_kind = 'provincial_office' AND u.role = 'planner'
					AND u.province_code = rr.party_code)
				OR (rr.party_kind = 'lao' AND u.role = 'lao_officer' AND u.dla_code = rr.party_code)
				OR (rr.party_kind = 'district_office' AND u.role = 'district_office'
					AND u.district_code = rr.party_code)`
			)
		)
		.leftJoin('lao', 'lao.dla_code', 'u.dla_code')
		.select([
			'rr.id as recipientId',
			'rr.party_kind',
			'rr.party_code',
			'u.id as userId',
			'u.username',
			'u.display_name',
			'u.role',
			'u.province_code',
			'u.dla_code',
			'u.district_code',
			'lao.province_code as lao_province_code'
		])
		.where('rr.record_id', '=', recordId)
		.where('u.disabled', '=', false)
		.where('u.email', 'is not', null)
		.orderBy('rr.id')
		.orderBy('u.id')
		.execute();
	return rows.map((r) => ({
		recipientId: r.recipientId,
		party: { kind: r.party_kind, code: r.party_code },
		userId: r.userId,
		username: r.username,
		displayName: r.display_name,
		role: r.role,
		provinceCode: r.province_code,
		dlaCode: r.dla_code,
		districtCode: r.district_code,
		laoProvinceCode: r.lao_province_code
	}));
}

/** Queues notices; one already queued for the same (recipient row, user) is left alone. */
export async function insertNotices(
	db: Kysely<DB>,
	rows: readonly { recipientId: number; userId: number }[]
): Promise<number> {
	if (rows.length === 0) return 0;
	const result = await db
		.insertInto('notice_outbox')
		.values(rows.map((r) => ({ record_recipient_id: r.recipientId, user_id: r.userId })))
		.onConflict((oc) => oc.columns(['record_recipient_id', 'user_id']).doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface ClaimedNotice {
	id: number;
	recipientId: number;
	userId: number;
	attempts: number;
}

/**
 * Claims up to `limit` notices due at `now` for this sender: each gets one more attempt and is
 * hidden from every other sender until `leaseUntil`. FOR UPDATE SKIP LOCKED makes two
 * instances claiming at the same moment take different rows instead of waiting for each other
 * and then taking the same ones; the claim commits before anything is sent.
 */
export async function claimDueNotices(
	db: Kysely<DB>,
	options: { now: Date; leaseUntil: Date; limit: number; maxAttempts: number }
): Promise<ClaimedNotice[]> {
	const result = await sql<{
		id: number;
		record_recipient_id: number;
		user_id: number;
		attempts: number;
	}>`UPDATE notice_outbox
		SET attempts = attempts + 1, next_attempt_at = ${options.leaseUntil}
		WHERE id IN (
			SELECT id FROM notice_outbox
			WHERE status <> 'sent' AND attempts < ${options.maxAttempts}
				AND next_attempt_at <= ${options.now}
			ORDER BY next_attempt_at, id
			LIMIT ${options.limit}
			FOR UPDATE SKIP LOCKED)
		RETURNING id, record_recipient_id, user_id, attempts`.execute(db);
	return result.rows
		.map((r) => ({
			id: r.id,
			recipientId: r.record_recipient_id,
			userId: r.user_id,
			attempts: r.attempts
		}))
		.sort((a, b) => a.id - b.id);
}

/** What a notice's message is made of: the record, the recipient organisation, the address. */
export interface NoticeFacts {
	recordId: number;
	kind: RecordKind;
	subject: string;
	documentNumber: string | null;
	dueDate: string | null;
	reportPeriod: string | null;
	sender: Party;
	recipient: Party;
	email: string | null;
	disabled: boolean;
}

export async function findNoticeFacts(
	db: Kysely<DB>,
	recipientId: number,
	userId: number
): Promise<NoticeFacts | undefined> {
	const row = await db
		.selectFrom('record_recipient as rr')
		.innerJoin('coordination_record as r', 'r.id', 'rr.record_id')
		.innerJoin('app_user as u', (join) => join.on('u.id', '=', userId))
		.select([
			'r.id',
			'r.kind',
			'r.subject',
			'r.document_number',
			sql<string | null>`r.due_date::text`.as('due_date'),
			'r.report_period',
			'r.sender_kind',
			'r.sender_code',
			'rr.party_kind',
			'rr.party_code',
			'u.email',
			'u.disabled'
		])
		.where('rr.id', '=', recipientId)
		.executeTakeFirst();
	return (
		row && {
			recordId: row.id,
			kind: row.kind,
			subject: row.subject,
			documentNumber: row.document_number,
			dueDate: row.due_date,
			reportPeriod: row.report_period,
			sender: { kind: row.sender_kind, code: row.sender_code },
			recipient: { kind: row.party_kind, code: row.party_code },
			email: row.email,
			disabled: row.disabled
		}
	);
}

export async function markNoticeSent(db: Kysely<DB>, id: number, now: Date): Promise<void> {
	await db
		.updateTable('notice_outbox')
		.set({ status: 'sent', sent_at: now, last_error: null })
		.where('id', '=', id)
		.execute();
}

/** A failed attempt: tried again from `retryAt`; `giveUpAt` sets the attempts to the limit. */
export async function markNoticeFailed(
	db: Kysely<DB>,
	id: number,
	failure: { error: string; retryAt: Date; giveUpAt?: number }
): Promise<void> {
	await db
		.updateTable('notice_outbox')
		.set({
			status: 'failed',
			last_error: failure.error.slice(0, 2000),
			next_attempt_at: failure.retryAt,
			...(failure.giveUpAt !== undefined ? { attempts: failure.giveUpAt } : {})
		})
		.where('id', '=', id)
		.execute();
}

export interface OutboxRow {
	id: number;
	status: NoticeStatus;
	attempts: number;
	lastError: string | null;
	createdAt: Date;
	nextAttemptAt: Date;
	sentAt: Date | null;
	recordId: number;
	kind: RecordKind;
	subject: string;
	recipient: Party;
	username: string;
}

/** The latest notices, newest first, for the outbox page. */
export function listOutbox(db: Kysely<DB>, limit: number): Promise<OutboxRow[]> {
	return db
		.selectFrom('notice_outbox as n')
		.innerJoin('record_recipient as rr', 'rr.id', 'n.record_recipient_id')
		.innerJoin('coordination_record as r', 'r.id', 'rr.record_id')
		.innerJoin('app_user as u', 'u.id', 'n.user_id')
		.select([
			'n.id',
			'n.status',
			'n.attempts',
			'n.last_error as lastError',
			'n.created_at as createdAt',
			'n.next_attempt_at as nextAttemptAt',
			'n.sent_at as sentAt',
			'r.id as recordId',
			'r.kind',
			'r.subject',
			'rr.party_kind',
			'rr.party_code',
			'u.username'
		])
		.orderBy('n.id', 'desc')
		.limit(limit)
		.execute()
		.then((rows) =>
			rows.map(({ party_kind, party_code, ...r }) => ({
				...r,
				createdAt: new Date(r.createdAt),
				nextAttemptAt: new Date(r.nextAttemptAt),
				sentAt: r.sentAt === null ? null : new Date(r.sentAt),
				recipient: { kind: party_kind, code: party_code }
			}))
		);
}

/** How many notices are in each state; `failed` split into those still retried and given up. */
export async function countOutbox(
	db: Kysely<DB>,
	maxAttempts: number
): Promise<{ pending: number; sent: number; retrying: number; failed: number }> {
	const row = await sql<{ pending: number; sent: number; retrying: number; failed: number }>`
		SELECT
			count(*) FILTER (WHERE status = 'pending')::int AS pending,
			count(*) FILTER (WHERE status = 'sent')::int AS sent,
			count(*) FILTER (WHERE status = 'failed' AND attempts < ${maxAttempts})::int AS retrying,
			count(*) FILTER (WHERE status = 'failed' AND attempts >= ${maxAttempts})::int AS failed
		FROM notice_outbox`.execute(db);
	return row.rows[0]!;
}
