import { sql, type Kysely } from 'kysely';

/**
 * People and their sessions. A user has one role; planners and governors belong to a province,
 * LAO officers to an LAO (their province follows from the registry). Province and DLA codes
 * are not foreign keys because the geodata import replaces those tables; the user service
 * checks them.
 *
 * Sessions are stored by the SHA-256 of their token, so a copy of the table opens no session.
 * Login attempts are kept for the throttle (5 failures for one account in 15 minutes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) =>
			c
				.notNull()
				.unique()
				.check(sql`username ~ '^[a-z0-9][a-z0-9._@-]{2,63}$'`)
		)
		.addColumn('display_name', 'text', (c) => c.notNull().check(sql`length(display_name) >= 1`))
		// ตำแหน่ง, as printed under a signature on official documents.
		.addColumn('position', 'text')
		.addColumn('role', 'text', (c) =>
			c.notNull().check(sql`role IN ('dla_staff', 'planner', 'governor', 'lao_officer')`)
		)
		.addColumn('province_code', 'text', (c) => c.check(sql`province_code ~ '^TH[0-9]{2}$'`))
		.addColumn('dla_code', 'text', (c) => c.check(sql`dla_code ~ '^[0-9]{7}$'`))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint(
			'app_user_scope_check',
			sql`CASE role
				WHEN 'dla_staff' THEN province_code IS NULL AND dla_code IS NULL
				WHEN 'lao_officer' THEN dla_code IS NOT NULL
				ELSE province_code IS NOT NULL AND dla_code IS NULL
			END`
		)
		.execute();

	await db.schema
		.createTable('user_session')
		.addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[0-9a-f]{64}$'`))
		.addColumn('user_id', 'integer', (c) =>
			c.notNull().references('app_user.id').onDelete('cascade')
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('user_agent', 'text')
		.execute();
	await db.schema
		.createIndex('user_session_user_idx')
		.on('user_session')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('login_attempt')
		.addColumn('id', 'bigserial', (c) => c.primaryKey())
		// As typed, lower-cased: attempts on unknown names are throttled too.
		.addColumn('username', 'text', (c) => c.notNull())
		.addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('succeeded', 'boolean', (c) => c.notNull())
		.addColumn('ip_address', 'text')
		.execute();
	await db.schema
		.createIndex('login_attempt_username_time_idx')
		.on('login_attempt')
		.columns(['username', 'attempted_at'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('login_attempt').execute();
	await db.schema.dropTable('user_session').execute();
	await db.schema.dropTable('app_user').execute();
}
