import { sql, type Kysely } from 'kysely';

/**
 * Workflow notices (issue 15, item 8): a zone's workflow event told to each person concerned,
 * in their inbox (with the unread badge) and by email when SMTP is configured.
 *
 * - One row per (event, user told): consultation asked → the consulted LAOs' officers;
 *   submitted → the province's governor and provincial office (its planners); returned,
 *   approved, rejected → the province's planners. Written in the transaction of the event, so
 *   an event is never without its notices nor a notice without its event.
 * - `read_at`: null until the user opens the notice; the badge counts the unread ones.
 * - Email: `email_status` is null when the user had no address when told; otherwise the same
 *   claim-and-lease sending as `notice_outbox` (FOR UPDATE SKIP LOCKED and `next_attempt_at`
 *   moved past a lease in the claiming statement), so no instance sends one twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('zone_notice')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id').onDelete('cascade'))
		.addColumn('event', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`event IN ('response_requested', 'submitted', 'returned', 'approved', 'rejected')`
				)
		)
		// Who acted (the planner who asked or submitted, the governor or who acted for them).
		.addColumn('actor_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('read_at', 'timestamptz')
		.addColumn('email_status', 'text', (c) =>
			c.check(sql`email_status IN ('pending', 'sent', 'failed')`)
		)
		.addColumn('attempts', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(0)
				.check(sql`attempts >= 0`)
		)
		.addColumn('last_error', 'text')
		.addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('sent_at', 'timestamptz')
		.addCheckConstraint(
			'zone_notice_sent_check',
			sql`(email_status IS NOT DISTINCT FROM 'sent') = (sent_at IS NOT NULL)`
		)
		.execute();
	// The inbox and the badge: one user's notices, newest first.
	await db.schema
		.createIndex('zone_notice_user_idx')
		.on('zone_notice')
		.columns(['user_id', 'created_at desc', 'id desc'])
		.execute();
	// The sender's claim: emails still to send, soonest first.
	await sql`CREATE INDEX zone_notice_due_idx ON zone_notice (next_attempt_at)
		WHERE email_status IN ('pending', 'failed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('zone_notice').execute();
}
