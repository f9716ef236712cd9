import { sql, type Kysely } from 'kysely';

/**
 * Email notices of the coordination register (issue 7).
 *
 * - `app_user.email`: optional, for notices only. Personal data (PDPA): no public view, export
 *   or audit of a record ever shows it; only DLA staff managing users and the user see it.
 * - `notice_outbox`: one row per notice to send, i.e. per (recipient row of a record, user who
 *   acts for that recipient organisation). Rows are queued in the transaction that creates the
 *   record (or the scheduled report item), whether or not SMTP is configured; the sender loop
 *   sends them when it is. The unique key means a notice is never queued twice, whoever queues
 *   it and how often.
 *
 * Sending: an instance claims due rows (`next_attempt_at <= now`) with FOR UPDATE SKIP LOCKED
 * and moves `next_attempt_at` past a lease in the same statement, so no other instance sees
 * them while it sends; success marks `sent`, failure `failed` with the error and a later
 * `next_attempt_at` (backoff) until `attempts` reaches the limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('app_user')
		// Stored lower-cased; one @, no spaces, at most 254 characters (RFC 5321's path limit).
		.addColumn('email', 'text', (c) =>
			c.check(
				sql`length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'`
			)
		)
		.execute();

	await db.schema
		.createTable('notice_outbox')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('record_recipient_id', 'integer', (c) =>
			c.notNull().references('record_recipient.id').onDelete('cascade')
		)
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`status IN ('pending', 'sent', 'failed')`)
		)
		.addColumn('attempts', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`attempts >= 0`)
		)
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// Not before this instant: the backoff after a failure, or the lease while one sends.
		.addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.addCheckConstraint('notice_outbox_sent_check', sql`(status = 'sent') = (sent_at IS NOT NULL)`)
		.addUniqueConstraint('notice_outbox_recipient_user_key', ['record_recipient_id', 'user_id'])
		.execute();
	// The sender's claim: what is still to send, soonest first.
	await sql`CREATE INDEX notice_outbox_due_idx ON notice_outbox (next_attempt_at)
		WHERE status <> 'sent'`.execute(db);
	await db.schema
		.createIndex('notice_outbox_user_idx')
		.on('notice_outbox')
		.column('user_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('notice_outbox').execute();
	await db.schema.alterTable('app_user').dropColumn('email').execute();
}
