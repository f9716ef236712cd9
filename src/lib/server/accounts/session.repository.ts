import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { actorOf } from './user.repository';
import { actingForOf } from './acting.repository';

/** Queries on `user_session`; sessions are keyed by the SHA-256 of their token. */

export async function insertSession(
	db: Kysely<DB>,
	values: { id: string; userId: number; idleHours: number; userAgent: string | null }
): Promise<Date> {
	const row = await db
		.insertInto('user_session')
		.values({
			id: values.id,
			user_id: values.userId,
			expires_at: sql<Date>`now() + make_interval(secs => ${values.idleHours * 3600})`,
			user_agent: values.userAgent
		})
		.returning('expires_at')
		.executeTakeFirstOrThrow();
	return new Date(row.expires_at);
}

/**
 * The unexpired session with this id, its user enabled, and the user as an actor. `seenSeconds`
 * is how long ago the session was last used (by the database's clock).
 */
export async function findLiveSession(db: Kysely<DB>, id: string) {
	const row = await db
		.selectFrom('user_session as s')
		.innerJoin('app_user as u', 'u.id', 's.user_id')
		.leftJoin('lao', 'lao.dla_code', 'u.dla_code')
		.select([
			's.id as session_id',
			's.expires_at',
			sql<number>`extract(epoch from now() - s.last_seen_at)::float8`.as('seen_seconds'),
			'u.id',
			'u.username',
			'u.display_name',
			'u.role',
			'u.province_code',
			'u.dla_code',
			'u.district_code',
			'lao.province_code as lao_province_code',
			actingForOf(sql.ref('u.id')).as('acting_for')
		])
		.where('s.id', '=', id)
		.where('s.expires_at', '>', sql<Date>`now()`)
		.where('u.disabled', '=', false)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		sessionId: row.session_id,
		expiresAt: new Date(row.expires_at),
		seenSeconds: Number(row.seen_seconds),
		actor: actorOf(row)
	};
}

/** Marks the session used now and pushes its idle expiry out again. */
export async function touchSession(db: Kysely<DB>, id: string, idleHours: number): Promise<Date> {
	const row = await db
		.updateTable('user_session')
		.set({
			last_seen_at: sql<Date>`now()`,
			expires_at: sql<Date>`now() + make_interval(secs => ${idleHours * 3600})`
		})
		.where('id', '=', id)
		.returning('expires_at')
		.executeTakeFirst();
	return new Date(row?.expires_at ?? Date.now());
}

export async function deleteSession(db: Kysely<DB>, id: string): Promise<void> {
	await db.deleteFrom('user_session').where('id', '=', id).execute();
}

/** Deletes the user's sessions, except the one named in `keep`; returns how many went. */
export async function deleteSessionsOfUser(
	db: Kysely<DB>,
	userId: number,
	keep?: string
): Promise<number> {
	let query = db.deleteFrom('user_session').where('user_id', '=', userId);
	if (keep !== undefined) query = query.where('id', '!=', keep);
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Housekeeping at each log-in: expired sessions are of no use to anyone. */
export async function deleteExpiredSessions(db: Kysely<DB>): Promise<void> {
	await db
		.deleteFrom('user_session')
		.where('expires_at', '<=', sql<Date>`now()`)
		.execute();
}

export async function countSessionsOfUser(db: Kysely<DB>, userId: number): Promise<number> {
	const row = await db
		.selectFrom('user_session')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('user_id', '=', userId)
		.where('expires_at', '>', sql<Date>`now()`)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
