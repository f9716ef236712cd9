import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { Attendee, Party, RecipientState, RecordKind } from '../../coordination/terms';
import { coordinationPartyOf } from '../accounts/permissions';
import type { DB } from '../db/schema';

/**
 * The coordination register's tables. Repositories take the handle they run in (a transaction
 * or the database); the services decide permissions. Every list goes through `visibleTo`, the
 * SQL twin of `canViewCoordinationRecord`. Over 400 lines: the records, their recipients, links
 * and attachments are one aggregate; party names and schedules have their own repositories.
 */

/** The province a recipient row's party belongs to (null for DLA and partners). */
const recipientProvince = sql<string | null>`CASE rr.party_kind
	WHEN 'lao' THEN (SELECT l.province_code FROM lao l WHERE l.dla_code = rr.party_code)
	WHEN 'governor' THEN rr.party_code
	WHEN 'provincial_office' THEN rr.party_code
	WHEN 'district_office' THEN left(rr.party_code, 4)
	ELSE NULL END`;

/**
 * The records an actor may see, as a condition on `coordination_record` aliased `r`. Mirrors
 * `canViewCoordinationRecord` (the spec checks them against each other for every role).
 */
export function visibleTo(actor: Actor | null): RawBuilder<boolean> {
	const own = coordinationPartyOf(actor);
	if (!actor || !own) return sql<boolean>`r.is_public`;
	if (actor.role === 'dla_staff') return sql<boolean>`true`;
	const ownParty = sql`(
		(r.sender_kind = ${own.kind} AND r.sender_code = ${own.code})
		OR EXISTS (SELECT 1 FROM record_recipient x
			WHERE x.record_id = r.id AND x.party_kind = ${own.kind} AND x.party_code = ${own.code}))`;
	if (actor.role === 'lao_officer') {
		return sql<boolean>`(r.is_public OR ${ownParty} OR EXISTS (SELECT 1 FROM record_link k
			WHERE k.record_id = r.id AND k.dla_code = ${own.code}))`;
	}
	if (actor.role === 'district_office') return sql<boolean>`(r.is_public OR ${ownParty})`;
	const province = actor.provinceCode;
	return sql<boolean>`(r.is_public OR ${ownParty}
		OR (r.sender_kind IN ('governor', 'provincial_office') AND r.sender_code = ${province})
		OR (r.sender_kind = 'district_office' AND left(r.sender_code, 4) = ${province})
		OR (r.sender_kind = 'lao' AND EXISTS (SELECT 1 FROM lao l
			WHERE l.dla_code = r.sender_code AND l.province_code = ${province}))
		OR EXISTS (SELECT 1 FROM record_recipient rr
			WHERE rr.record_id = r.id AND ${recipientProvince} = ${province})
		OR EXISTS (SELECT 1 FROM record_link k WHERE k.record_id = r.id AND (
			k.province_code = ${province}
			OR EXISTS (SELECT 1 FROM lao l WHERE l.dla_code = k.dla_code AND l.province_code = ${province})
			OR EXISTS (SELECT 1 FROM zone z WHERE z.id = k.zone_id AND z.province_code = ${province}))))`;
}

export interface NewRecord {
	kind: RecordKind;
	subject: string;
	body: string;
	documentNumber: string | null;
	documentDate: string | null;
	meetingPlace: string | null;
	minutes: string | null;
	decisions: string | null;
	attendees: Attendee[];
	sender: Party;
	createdBy: number | null;
	dueDate: string | null;
	isPublic: boolean;
	replyToId: number | null;
}

export async function insertRecord(db: Kysely<DB>, r: NewRecord): Promise<number> {
	const row = await db
		.insertInto('coordination_record')
		.values({
			kind: r.kind,
			subject: r.subject,
			body: r.body,
			document_number: r.documentNumber,
			document_date: r.documentDate,
			meeting_place: r.meetingPlace,
			minutes: r.minutes,
			decisions: r.decisions,
			attendees: JSON.stringify(r.attendees),
			sender_kind: r.sender.kind,
			sender_code: r.sender.code,
			created_by: r.createdBy,
			due_date: r.dueDate,
			is_public: r.isPublic,
			reply_to_id: r.replyToId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Adds recipients; a party already addressed is left as it is (the schedule's unique key). */
export async function insertRecipients(
	db: Kysely<DB>,
	recordId: number,
	parties: readonly Party[]
): Promise<number> {
	if (parties.length === 0) return 0;
	const result = await db
		.insertInto('record_recipient')
		.values(parties.map((p) => ({ record_id: recordId, party_kind: p.kind, party_code: p.code })))
		.onConflict((oc) => oc.doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export type RecordLinkInput = { zoneId: number } | { dlaCode: string } | { provinceCode: string };

export async function insertLinks(
	db: Kysely<DB>,
	recordId: number,
	links: readonly RecordLinkInput[]
): Promise<void> {
	if (links.length === 0) return;
	await db
		.insertInto('record_link')
		.values(
			links.map((l) => ({
				record_id: recordId,
				zone_id: 'zoneId' in l ? l.zoneId : null,
				dla_code: 'dlaCode' in l ? l.dlaCode : null,
				province_code: 'provinceCode' in l ? l.provinceCode : null
			}))
		)
		.execute();
}

export interface NewAttachment {
	recordId: number;
	fileName: string;
	mediaType: string;
	byteSize: number;
	sha256: string;
	content: Uint8Array;
	uploadedBy: number | null;
}

export async function insertAttachment(db: Kysely<DB>, a: NewAttachment): Promise<number> {
	const row = await db
		.insertInto('attachment')
		.values({
			record_id: a.recordId,
			file_name: a.fileName,
			media_type: a.mediaType,
			byte_size: a.byteSize,
			sha256: a.sha256,
			// Buffer: node-postgres sends it as bytea; PGlite takes any Uint8Array.
			content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
			uploaded_by: a.uploadedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

const recordColumns = [
	'r.id',
	'r.kind',
	'r.subject',
	'r.body',
	'r.document_number as documentNumber',
	'r.document_date as documentDate',
	'r.meeting_place as meetingPlace',
	'r.minutes',
	'r.decisions',
	'r.attendees',
	'r.sender_kind as senderKind',
	'r.sender_code as senderCode',
	'r.created_by as createdBy',
	'r.created_at as createdAt',
	'r.due_date as dueDate',
	'r.is_public as isPublic',
	'r.schedule_id as scheduleId',
	'r.report_period as reportPeriod',
	'r.reply_to_id as replyToId'
] as const;

export function findRecord(db: Kysely<DB>, recordId: number) {
	return db
		.selectFrom('coordination_record as r')
		.select(recordColumns)
		.where('r.id', '=', recordId)
		.executeTakeFirst();
}
export type RecordRow = NonNullable<Awaited<ReturnType<typeof findRecord>>>;

export function lockRecord(db: Kysely<DB>, recordId: number) {
	return db
		.selectFrom('coordination_record as r')
		.select(recordColumns)
		.where('r.id', '=', recordId)
		.forUpdate()
		.executeTakeFirst();
}

export interface RecipientRow {
	id: number;
	recordId: number;
	partyKind: Party['kind'];
	partyCode: string | null;
	state: RecipientState;
	changedBy: number | null;
	changedByName: string | null;
	changedByPosition: string | null;
	changedAt: Date | null;
	readAt: Date | null;
}

export function listRecipients(
	db: Kysely<DB>,
	recordIds: readonly number[]
): Promise<RecipientRow[]> {
	if (recordIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('record_recipient as rr')
		.leftJoin('app_user as u', 'u.id', 'rr.changed_by')
		.select([
			'rr.id',
			'rr.record_id as recordId',
			'rr.party_kind as partyKind',
			'rr.party_code as partyCode',
			'rr.state',
			'rr.changed_by as changedBy',
			'u.display_name as changedByName',
			'u.position as changedByPosition',
			'rr.changed_at as changedAt',
			'rr.read_at as readAt'
		])
		.where('rr.record_id', 'in', recordIds)
		.orderBy('rr.id')
		.execute() as Promise<RecipientRow[]>;
}

export interface LinkRow {
	recordId: number;
	zoneId: number | null;
	dlaCode: string | null;
	provinceCode: string | null;
}

export function listLinks(db: Kysely<DB>, recordIds: readonly number[]): Promise<LinkRow[]> {
	if (recordIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('record_link')
		.select([
			'record_id as recordId',
			'zone_id as zoneId',
			'dla_code as dlaCode',
			'province_code as provinceCode'
		])
		.where('record_id', 'in', recordIds)
		.orderBy('id')
		.execute();
}

export function listAttachmentsOf(db: Kysely<DB>, recordId: number) {
	return db
		.selectFrom('attachment')
		.select([
			'id',
			'file_name as fileName',
			'media_type as mediaType',
			'byte_size as byteSize',
			'sha256',
			'uploaded_at as uploadedAt'
		])
		.where('record_id', '=', recordId)
		.orderBy('id')
		.execute();
}

export function findAttachment(db: Kysely<DB>, attachmentId: number) {
	return db
		.selectFrom('attachment')
		.select([
			'id',
			'record_id as recordId',
			'file_name as fileName',
			'media_type as mediaType',
			'byte_size as byteSize',
			'sha256',
			'content'
		])
		.where('id', '=', attachmentId)
		.executeTakeFirst();
}

/** The provinces and LAOs a record concerns, for `canViewCoordinationRecord`. */
export async function recordScope(
	db: Kysely<DB>,
	recordId: number
): Promise<{ provinceCodes: string[]; dlaCodes: string[] }> {
	const rows = await sql<{ provinceCode: string | null; dlaCode: string | null }>`
		SELECT rr_province AS "provinceCode", NULL AS "dlaCode" FROM (
			SELECT ${recipientProvince} AS rr_province FROM record_recipient rr WHERE rr.record_id = ${recordId}
			UNION ALL
			SELECT CASE r.sender_kind
				WHEN 'lao' THEN (SELECT l.province_code FROM lao l WHERE l.dla_code = r.sender_code)
				WHEN 'governor' THEN r.sender_code WHEN 'provincial_office' THEN r.sender_code
				WHEN 'district_office' THEN left(r.sender_code, 4)
				ELSE NULL END FROM coordination_record r WHERE r.id = ${recordId}
			UNION ALL
			SELECT coalesce(k.province_code,
				(SELECT l.province_code FROM lao l WHERE l.dla_code = k.dla_code),
				(SELECT z.province_code FROM zone z WHERE z.id = k.zone_id))
			FROM record_link k WHERE k.record_id = ${recordId}
		) p
		UNION ALL
		SELECT NULL, k.dla_code FROM record_link k WHERE k.record_id = ${recordId} AND k.dla_code IS NOT NULL`.execute(
		db
	);
	const provinceCodes = new Set<string>();
	const dlaCodes = new Set<string>();
	for (const row of rows.rows) {
		if (row.provinceCode) provinceCodes.add(row.provinceCode);
		if (row.dlaCode) dlaCodes.add(row.dlaCode);
	}
	return { provinceCodes: [...provinceCodes], dlaCodes: [...dlaCodes] };
}

export interface RecordFilters {
	/** Words in the subject, body or document number. */
	q?: string;
	kind?: RecordKind;
	/** Sender or recipient. */
	party?: Party;
	provinceCode?: string;
	zoneId?: number;
	dlaCode?: string;
	/** On or after this ISO date (the document's date, else the day it was recorded). */
	from?: string;
	/** On or before this ISO date. */
	to?: string;
	/** Any recipient in this state; `overdue` = any recipient not done after the due date. */
	state?: RecipientState | 'overdue';
}

/** The records an actor may see that match the filters, newest first. `today` is Bangkok's. */
export async function listVisibleRecords(
	db: Kysely<DB>,
	actor: Actor | null,
	filters: RecordFilters,
	options: { today: string; limit: number; offset?: number }
): Promise<{ rows: RecordRow[]; total: number }> {
	let query = db.selectFrom('coordination_record as r').where(visibleTo(actor));
	if (filters.q) {
		const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		query = query.where(
			sql<boolean>`(r.subject ILIKE ${pattern} OR r.body ILIKE ${pattern} OR coalesce(r.document_number, '') ILIKE ${pattern})`
		);
	}
	if (filters.kind) query = query.where('r.kind', '=', filters.kind);
	if (filters.party) {
		const { kind, code } = filters.party;
		query = query.where(
			sql<boolean>`((r.sender_kind = ${kind} AND r.sender_code IS NOT DISTINCT FROM ${code})
				OR EXISTS (SELECT 1 FROM record_recipient x WHERE x.record_id = r.id
					AND x.party_kind = ${kind} AND x.party_code IS NOT DISTINCT FROM ${code}))`
		);
	}
	if (filters.provinceCode) {
		const province = filters.provinceCode;
		query = query.where(
			sql<boolean>`(
				(r.sender_kind IN ('governor', 'provincial_office') AND r.sender_code = ${province})
				OR EXISTS (SELECT 1 FROM record_recipient rr WHERE rr.record_id = r.id AND ${recipientProvince} = ${province})
				OR EXISTS (SELECT 1 FROM record_link k WHERE k.record_id = r.id AND (k.province_code = ${province}
					OR EXISTS (SELECT 1 FROM lao l WHERE l.dla_code = k.dla_code AND l.province_code = ${province})
					OR EXISTS (SELECT 1 FROM zone z WHERE z.id = k.zone_id AND z.province_code = ${province}))))`
		);
	}
	if (filters.zoneId !== undefined) {
		query = query.where(
			sql<boolean>`EXISTS (SELECT 1 FROM record_link k WHERE k.record_id = r.id AND k.zone_id = ${filters.zoneId})`
		);
	}
	if (filters.dlaCode) {
		const code = filters.dlaCode;
		query = query.where(
			sql<boolean>`(EXISTS (SELECT 1 FROM record_link k WHERE k.record_id = r.id AND k.dla_code = ${code})
				OR (r.sender_kind = 'lao' AND r.sender_code = ${code})
				OR EXISTS (SELECT 1 FROM record_recipient x WHERE x.record_id = r.id AND x.party_kind = 'lao' AND x.party_code = ${code}))`
		);
	}
	const day = sql`coalesce(r.document_date, (r.created_at AT TIME ZONE 'Asia/Bangkok')::date)`;
	if (filters.from) query = query.where(sql<boolean>`${day} >= ${filters.from}::date`);
	if (filters.to) query = query.where(sql<boolean>`${day} <= ${filters.to}::date`);
	if (filters.state === 'overdue') {
		query = query.where(
			sql<boolean>`(r.due_date < ${options.today}::date AND EXISTS (SELECT 1 FROM record_recipient x
				WHERE x.record_id = r.id AND x.state <> 'done'))`
		);
	} else if (filters.state) {
		query = query.where(
			sql<boolean>`EXISTS (SELECT 1 FROM record_recipient x WHERE x.record_id = r.id AND x.state = ${filters.state})`
		);
	}
	const total = await query
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const rows = await query
		.select(recordColumns)
		.orderBy(sql`${day}`, 'desc')
		.orderBy('r.id', 'desc')
		.limit(options.limit)
		.offset(options.offset ?? 0)
		.execute();
	return { rows, total: Number(total.n) };
}

/** A party's recipient rows with their records, for the inbox. */
export function listRecipientRowsOf(
	db: Kysely<DB>,
	party: Party,
	options: { states: readonly RecipientState[]; changedSince?: Date; limit: number }
) {
	let query = db
		.selectFrom('record_recipient as rr')
		.innerJoin('coordination_record as r', 'r.id', 'rr.record_id')
		.select([...recordColumns, 'rr.state', 'rr.read_at as readAt', 'rr.changed_at as changedAt'])
		.where('rr.party_kind', '=', party.kind)
		.where(sql<boolean>`rr.party_code IS NOT DISTINCT FROM ${party.code}`)
		.where('rr.state', 'in', [...options.states]);
	if (options.changedSince) query = query.where('rr.changed_at', '>=', options.changedSince);
	return query
		.orderBy('r.due_date', (ob) => ob.asc().nullsLast())
		.orderBy('r.created_at', 'desc')
		.limit(options.limit)
		.execute();
}

export async function countUnread(db: Kysely<DB>, party: Party): Promise<number> {
	const row = await db
		.selectFrom('record_recipient')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('party_kind', '=', party.kind)
		.where(sql<boolean>`party_code IS NOT DISTINCT FROM ${party.code}`)
		.where('read_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export function listSentBy(db: Kysely<DB>, party: Party, limit: number) {
	return db
		.selectFrom('coordination_record as r')
		.select(recordColumns)
		.where('r.sender_kind', '=', party.kind)
		.where(sql<boolean>`r.sender_code IS NOT DISTINCT FROM ${party.code}`)
		.orderBy('r.created_at', 'desc')
		.limit(limit)
		.execute();
}

export async function setRecipientState(
	db: Kysely<DB>,
	recipientId: number,
	state: RecipientState,
	userId: number
): Promise<void> {
	await db
		.updateTable('record_recipient')
		.set({ state, changed_by: userId, changed_at: sql<Date>`now()` })
		.where('id', '=', recipientId)
		.execute();
}

export async function markRecipientRead(db: Kysely<DB>, recipientId: number): Promise<void> {
	await db
		.updateTable('record_recipient')
		.set({ read_at: sql<Date>`now()` })
		.where('id', '=', recipientId)
		.where('read_at', 'is', null)
		.execute();
}

/** Overdue recipient rows (not done, due before `today`) with their party's province. */
export function listOverdueRecipients(
	db: Kysely<DB>,
	actor: Actor | null,
	options: { today: string; provinceCode?: string }
) {
	let query = db
		.selectFrom('record_recipient as rr')
		.innerJoin('coordination_record as r', 'r.id', 'rr.record_id')
		.select([
			...recordColumns,
			'rr.id as recipientId',
			'rr.party_kind as partyKind',
			'rr.party_code as partyCode',
			'rr.state',
			recipientProvince.as('partyProvinceCode')
		])
		.where(visibleTo(actor))
		.where('rr.state', '<>', 'done')
		.where(sql<boolean>`r.due_date < ${options.today}::date`);
	if (options.provinceCode)
		query = query.where(sql<boolean>`${recipientProvince} = ${options.provinceCode}`);
	return query.orderBy('r.due_date').orderBy('r.id').execute();
}

/** Records answering this one (reports filed, acknowledgements), oldest first. */
export function listRepliesVisible(db: Kysely<DB>, actor: Actor | null, recordId: number) {
	return db
		.selectFrom('coordination_record as r')
		.select(recordColumns)
		.where('r.reply_to_id', '=', recordId)
		.where(visibleTo(actor))
		.orderBy('r.id')
		.execute();
}
