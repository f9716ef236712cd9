import { sql, type Kysely } from 'kysely';

/**
 * Throttled log-in attempts, counted (issue 12): a refused (429) attempt is not a
 * `login_attempt` — it must not extend the lock — and was recorded nowhere. Each one now adds 1
 * to the row of its username and 15-minute window (the throttle's length, aligned on the
 * clock), so an attacker hammering a locked account makes one row per username per window,
 * never a row per request. The audit log gets `user.login_throttled` at the first refusal of a
 * window and again at 10, 100, 1000… (see auth.service), which is what DLA staff see.
 *
 * Like `login_attempt` this is operational data, not an append-only record: the count is
 * updated in place. No password is stored, only the name as typed (lower-cased).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('login_refusal')
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
		.addColumn('refused_count', 'integer', (c) => c.notNull().check(sql`refused_count > 0`))
		.addColumn('last_refused_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_ip_address', 'text')
		.addPrimaryKeyConstraint('login_refusal_pkey', ['username', 'window_started_at'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('login_refusal').execute();
}
