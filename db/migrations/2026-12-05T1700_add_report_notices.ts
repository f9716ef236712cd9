import { sql, type Kysely } from 'kysely';

/**
 * Monthly progress reports in the inbox, with email notices (issue 16 item 2): the workflow
 * notices (`zone_notice`) also tell of a zone's monthly report.
 *
 * - `report_submitted`: a report was submitted → the province's planners (its provincial
 *   office), who accept or return it;
 * - `report_returned`: the provincial office returned it → its filers (the officers of the
 *   zone's LAOs and the province's planners);
 * - `report_overdue`: not submitted by the end of its due day (Bangkok) → its filers. Made by
 *   the hourly report scheduler, no one acting (`actor_user_id` null), once per report: the
 *   scheduler inserts only for reports with no overdue notice yet, and the unique index on
 *   (report, user) makes a second instance running at the same moment insert nothing.
 *
 * `progress_report_id` names the report of the three report events, and only of those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE zone_notice DROP CONSTRAINT zone_notice_event_check`.execute(db);
	await sql`ALTER TABLE zone_notice ADD CONSTRAINT zone_notice_event_check CHECK (event IN (
		'response_requested', 'submitted', 'returned', 'approved', 'rejected',
		'report_submitted', 'report_returned', 'report_overdue'))`.execute(db);
	await sql`ALTER TABLE zone_notice ALTER COLUMN actor_user_id DROP NOT NULL`.execute(db);
	await db.schema
		.alterTable('zone_notice')
		.addColumn('progress_report_id', 'integer', (c) =>
			c.references('progress_report.id').onDelete('cascade')
		)
		.execute();
	await sql`ALTER TABLE zone_notice ADD CONSTRAINT zone_notice_report_check
		CHECK ((event LIKE 'report\_%') = (progress_report_id IS NOT NULL))`.execute(db);
	await sql`ALTER TABLE zone_notice ADD CONSTRAINT zone_notice_actor_check
		CHECK (actor_user_id IS NOT NULL OR event = 'report_overdue')`.execute(db);
	await sql`CREATE UNIQUE INDEX zone_notice_report_overdue_key ON zone_notice (progress_report_id, user_id)
		WHERE event = 'report_overdue'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DELETE FROM zone_notice WHERE progress_report_id IS NOT NULL`.execute(db);
	await sql`DROP INDEX zone_notice_report_overdue_key`.execute(db);
	await sql`ALTER TABLE zone_notice DROP CONSTRAINT zone_notice_actor_check`.execute(db);
	await sql`ALTER TABLE zone_notice DROP CONSTRAINT zone_notice_report_check`.execute(db);
	await db.schema.alterTable('zone_notice').dropColumn('progress_report_id').execute();
	await sql`ALTER TABLE zone_notice ALTER COLUMN actor_user_id SET NOT NULL`.execute(db);
	await sql`ALTER TABLE zone_notice DROP CONSTRAINT zone_notice_event_check`.execute(db);
	await sql`ALTER TABLE zone_notice ADD CONSTRAINT zone_notice_event_check CHECK (event IN (
		'response_requested', 'submitted', 'returned', 'approved', 'rejected'))`.execute(db);
}
