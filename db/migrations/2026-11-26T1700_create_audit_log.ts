import { sql, type Kysely } from 'kysely';

/**
 * The audit trail: one row per change (edits, workflow transitions, LAO answers, user, role and
 * model changes, log-ins and failed log-ins), appended by the services inside the transaction
 * that makes the change. Append-only in the database itself: the `refuse_change()` function of
 * the zones migration refuses UPDATE and DELETE row by row, and a statement-level trigger
 * refuses TRUNCATE (which row triggers never see), on PGlite and PostgreSQL alike.
 *
 * No foreign keys: a user who is removed, or an entity that goes away, must never block the
 * log or lose its history. `actor_username` is copied so the row reads the same afterwards;
 * null means the system (start-up, the importer) or an anonymous request (a failed log-in with
 * an unknown name keeps the name typed in `after`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		.addColumn('occurred_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('actor_user_id', 'integer')
		.addColumn('actor_username', 'text')
		// The governor an acting governor decided for (ปฏิบัติราชการแทน / รักษาราชการแทน).
		.addColumn('acting_for_user_id', 'integer')
		// Dotted verbs: 'zone.submitted', 'user.login_failed', 'scoring_model.published'.
		.addColumn('action', 'text', (c) =>
			c.notNull().check(sql`action ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$'`)
		)
		.addColumn('entity_type', 'text', (c) => c.notNull().check(sql`length(entity_type) >= 1`))
		.addColumn('entity_id', 'text', (c) => c.notNull())
		// For filtering by province; null when the entity has none (a DLA user, a model).
		.addColumn('province_code', 'text', (c) => c.check(sql`province_code ~ '^TH[0-9]{2}$'`))
		.addColumn('before', 'jsonb')
		.addColumn('after', 'jsonb')
		.addColumn('ip_address', 'text')
		.execute();
	await db.schema
		.createIndex('audit_log_entity_idx')
		.on('audit_log')
		.columns(['entity_type', 'entity_id'])
		.execute();
	await db.schema
		.createIndex('audit_log_occurred_at_idx')
		.on('audit_log')
		.column('occurred_at')
		.execute();
	await db.schema.createIndex('audit_log_action_idx').on('audit_log').column('action').execute();

	await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
	await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
		FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	// Dropping the table drops its triggers; refuse_change() belongs to the zones migration.
	await db.schema.dropTable('audit_log').execute();
}
