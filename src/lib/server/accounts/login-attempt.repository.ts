import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Queries on `login_attempt`, the record the log-in throttle counts. */

/**
 * Serialises log-ins to one username until the transaction ends, so that parallel guesses
 * cannot all read "fewer than five failures" before any of them is recorded.
 */
export async function lockUsername(db: Kysely<DB>, username: string): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(hashtext(${`login:${username}`}))`.execute(db);
}

/**
 * Failed attempts on this username in the last `windowSeconds`, newest first, at most `limit`,
 * each with the seconds until it leaves the window (by the database's clock).
 */
export async function recentFailures(
	db: Kysely<DB>,
	username: string,
	windowSeconds: number,
	limit: number
): Promise<{ leavesWindowInSeconds: number }[]> {
	const rows = await db
		.selectFrom('login_attempt')
		.select(
			sql<number>`extract(epoch from attempted_at + make_interval(secs => ${windowSeconds}) - now())::float8`.as(
				'leaves_in'
			)
		)
		.where('username', '=', username)
		.where('succeeded', '=', false)
		.where('attempted_at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
		.orderBy('attempted_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({ leavesWindowInSeconds: Number(row.leaves_in) }));
}

export async function recordAttempt(
	db: Kysely<DB>,
	attempt: { username: string; succeeded: boolean; ipAddress: string | null }
): Promise<void> {
	await db
		.insertInto('login_attempt')
		.values({
			username: attempt.username,
			succeeded: attempt.succeeded,
			ip_address: attempt.ipAddress
		})
		.execute();
}

/**
 * Counts one throttled (refused) attempt on this username in its window of `windowSeconds`,
 * aligned on the clock (`date_bin`): one row per username per window, whatever the number of
 * requests. Returns the window's count so far, this attempt included.
 */
export async function countRefusal(
	db: Kysely<DB>,
	refusal: { username: string; windowSeconds: number; ipAddress: string | null }
): Promise<{ refusedCount: number; windowStartedAt: Date }> {
	const row = await db
		.insertInto('login_refusal')
		.values({
			username: refusal.username,
			window_started_at: sql<Date>`date_bin(make_interval(secs => ${refusal.windowSeconds}), now(), timestamptz '2000-01-01 00:00:00+00')`,
			refused_count: 1,
			last_ip_address: refusal.ipAddress
		})
		.onConflict((conflict) =>
			conflict.columns(['username', 'window_started_at']).doUpdateSet({
				refused_count: sql<number>`login_refusal.refused_count + 1`,
				last_refused_at: sql<Date>`now()`,
				last_ip_address: (eb) => eb.ref('excluded.last_ip_address')
			})
		)
		.returning(['refused_count', 'window_started_at'])
		.executeTakeFirstOrThrow();
	return { refusedCount: row.refused_count, windowStartedAt: new Date(row.window_started_at) };
}
