import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 item 2: monthly progress reports (รายงานความก้าวหน้าประจำเดือน).
 *
 * - `progress_report_setting`: the national day of the month a report is due for the previous
 *   month, one row per change (append-only; the latest row is in force, none means the 3rd, the
 *   memo's practice). DLA staff change it.
 * - `progress_report`: one per zone and month (`period` `2026-11`), made by the scheduler with
 *   `ON CONFLICT (zone_id, period) DO NOTHING`, so two app instances make it once. The filed
 *   figures are one document (`target_entries`, `activity_entries`, `problems`) saved whole
 *   under an optimistic `version`: a save naming an older version is refused with both versions.
 *   `plan_revision_id` is the plan in force the entries were checked against at the last save.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('progress_report_setting')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('due_day_of_month', 'integer', (c) =>
			c.notNull().check(sql`due_day_of_month BETWEEN 1 AND 28`)
		)
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`CREATE TRIGGER progress_report_setting_append_only BEFORE UPDATE OR DELETE ON progress_report_setting
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
	await sql`CREATE TRIGGER progress_report_setting_no_truncate BEFORE TRUNCATE ON progress_report_setting
		FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
	await db.schema
		.createTable('progress_report')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id'))
		.addColumn('period', 'text', (c) =>
			c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
		)
		.addColumn('due_date', 'date', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('draft')
				.check(sql`status IN ('draft', 'submitted', 'accepted', 'returned')`)
		)
		.addColumn('version', 'integer', (c) =>
			c
				.notNull()
				.defaultTo(1)
				.check(sql`version >= 1`)
		)
		.addColumn('plan_revision_id', 'integer', (c) => c.references('plan_revision.id'))
		.addColumn('target_entries', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('activity_entries', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('return_reason', 'text')
		.addColumn('updated_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('submitted_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('submitted_at', 'timestamptz')
		.addColumn('reviewed_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('reviewed_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('progress_report_zone_period_key', ['zone_id', 'period'])
		.execute();
	await db.schema
		.createIndex('progress_report_period_idx')
		.on('progress_report')
		.columns(['period', 'status'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('progress_report').execute();
	await db.schema.dropTable('progress_report_setting').execute();
}
