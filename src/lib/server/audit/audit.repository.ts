import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { DB } from '../db/schema';
import type { AuditAction } from './audit-actions';

/**
 * The audit trail's table. `appendAudit` is called by services inside the transaction that
 * makes the change (pass the transaction as `db`), so the change and its entry commit or roll
 * back together. Nothing here updates or deletes: the database refuses it anyway.
 */

export type AuditSnapshot = Record<string, unknown>;

export interface AuditEntryInput {
	/** Who did it; null for the system (start-up, the importer) or an anonymous request. */
	actor: Pick<Actor, 'userId' | 'username'> | null;
	/** The governor an acting governor decided for. */
	actingForUserId?: number | null;
	action: AuditAction;
	entityType: string;
	entityId: string | number;
	/** The entity's province, for filtering; null when it has none. */
	provinceCode?: string | null;
	/** The record before and after the change: whole or just the changed fields. No secrets. */
	before?: AuditSnapshot | null;
	after?: AuditSnapshot | null;
	ipAddress?: string | null;
}

export interface AuditEntry {
	/** The order of appending; pages walk the log by it. */
	id: number;
	/** The transaction's start (`now()`), so entries of one change share their time. */
	occurredAt: Date;
	actorUserId: number | null;
	actorUsername: string | null;
	/** The actor's current name and position (the pages show these, not the username). */
	actorName: string | null;
	actorPosition: string | null;
	actingForUserId: number | null;
	/** The acting-for user's current username, when the user still exists. */
	actingForUsername: string | null;
	actingForName: string | null;
	actingForPosition: string | null;
	action: string;
	entityType: string;
	entityId: string;
	provinceCode: string | null;
	before: AuditSnapshot | null;
	after: AuditSnapshot | null;
	ipAddress: string | null;
}

export async function appendAudit(db: Kysely<DB>, entry: AuditEntryInput): Promise<AuditEntry> {
	const row = await db
		.insertInto('audit_log')
		.values({
			actor_user_id: entry.actor?.userId ?? null,
			actor_username: entry.actor?.username ?? null,
			acting_for_user_id: entry.actingForUserId ?? null,
			action: entry.action,
			entity_type: entry.entityType,
			entity_id: String(entry.entityId),
			province_code: entry.provinceCode ?? null,
			before: entry.before ? JSON.stringify(entry.before) : null,
			after: entry.after ? JSON.stringify(entry.after) : null,
			ip_address: entry.ipAddress ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const [appended] = await selectEntries(db).where('audit_log.id', '=', row.id).execute();
	return toEntry(appended!);
}

export interface AuditFilters {
	/** Verbs starting with this: `zone.` (every zone verb) or `zone.submitted`. */
	actionPrefix?: string;
	/** Exact username of the actor (the acting user, not the one acted for). */
	actorUsername?: string;
	entityType?: string;
	entityId?: string;
	provinceCode?: string;
	/** From this instant on (inclusive). */
	from?: Date;
	/** Before this instant (exclusive). */
	until?: Date;
}

export interface AuditPageRequest {
	/** At most this many entries (1–1000). */
	limit: number;
	/** Entries appended before this id: the `nextCursor` of the previous page. */
	beforeId?: number;
	/** Newest first (the browser) or oldest first (a zone's history, the export). */
	order?: 'newest_first' | 'oldest_first';
	/** With `oldest_first`: entries appended after this id. */
	afterId?: number;
}

export interface AuditPage {
	entries: AuditEntry[];
	/** The id to continue from (`beforeId` or `afterId` of the next request); null at the end. */
	nextCursor: number | null;
}

/**
 * A page of entries matching every filter given. Keyset pagination on the append order (id),
 * which stays right while entries are added between requests, unlike an offset.
 */
export async function listAuditEntries(
	db: Kysely<DB>,
	filters: AuditFilters,
	page: AuditPageRequest
): Promise<AuditPage> {
	const limit = Math.min(Math.max(Math.trunc(page.limit), 1), 1000);
	const newestFirst = (page.order ?? 'newest_first') === 'newest_first';
	let query = selectEntries(db);
	if (filters.actionPrefix !== undefined)
		// starts_with, not LIKE: `_` in the verbs is a LIKE wildcard.
		query = query.where(sql<boolean>`starts_with(audit_log.action, ${filters.actionPrefix})`);
	if (filters.actorUsername !== undefined)
		query = query.where('audit_log.actor_username', '=', filters.actorUsername);
	if (filters.entityType !== undefined)
		query = query.where('audit_log.entity_type', '=', filters.entityType);
	if (filters.entityId !== undefined)
		query = query.where('audit_log.entity_id', '=', filters.entityId);
	if (filters.provinceCode !== undefined)
		query = query.where('audit_log.province_code', '=', filters.provinceCode);
	if (filters.from !== undefined) query = query.where('audit_log.occurred_at', '>=', filters.from);
	if (filters.until !== undefined) query = query.where('audit_log.occurred_at', '<', filters.until);
	if (newestFirst && page.beforeId !== undefined)
		query = query.where('audit_log.id', '<', page.beforeId);
	if (!newestFirst && page.afterId !== undefined)
		query = query.where('audit_log.id', '>', page.afterId);
	const rows = await query
		.orderBy('audit_log.id', newestFirst ? 'desc' : 'asc')
		.limit(limit + 1)
		.execute();
	const entries = rows.slice(0, limit).map(toEntry);
	return {
		entries,
		nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null
	};
}

function selectEntries(db: Kysely<DB>) {
	return db
		.selectFrom('audit_log')
		.leftJoin('app_user as acting_for', 'acting_for.id', 'audit_log.acting_for_user_id')
		.leftJoin('app_user as actor', 'actor.id', 'audit_log.actor_user_id')
		.selectAll('audit_log')
		.select([
			'acting_for.username as acting_for_username',
			'acting_for.display_name as acting_for_name',
			'acting_for.position as acting_for_position',
			'actor.display_name as actor_name',
			'actor.position as actor_position'
		]);
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['execute']>>[number];

function toEntry(row: EntryRow): AuditEntry {
	return {
		id: Number(row.id),
		occurredAt: new Date(row.occurred_at),
		actorUserId: row.actor_user_id,
		actorUsername: row.actor_username,
		actorName: row.actor_name,
		actorPosition: row.actor_position,
		actingForUserId: row.acting_for_user_id,
		actingForUsername: row.acting_for_username,
		actingForName: row.acting_for_name,
		actingForPosition: row.acting_for_position,
		action: row.action,
		entityType: row.entity_type,
		entityId: row.entity_id,
		provinceCode: row.province_code,
		before: row.before,
		after: row.after,
		ipAddress: row.ip_address
	};
}
