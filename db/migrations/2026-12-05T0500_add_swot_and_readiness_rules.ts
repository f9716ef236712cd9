import { sql, type Kysely } from 'kysely';

/**
 * Issue 17 items 2 and 3: listen before deciding.
 *
 * - `zone_revision.swot`: the zone's SWOT (strengths, weaknesses, opportunities, threats), each
 *   a list of short items, part of the revision like its objectives (copied on `revise`).
 * - `readiness_rule_set`: the rules a zone must meet before it is submitted and approved, one
 *   row per version. `province_code` null is the national set (DLA staff); a province's rows
 *   override it. `rules` null on a province row means "follows the national set again". Rows
 *   are never changed: a trigger refuses UPDATE and DELETE, so the history is the table.
 * - `zone_transition.readiness_override`: on an approval the governor made although rules were
 *   unmet — the written reason and the rules unmet at that moment — for the memo and the log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('zone_revision')
		.addColumn('swot', 'jsonb', (c) =>
			c
				.notNull()
				.defaultTo(sql`'{"strengths":[],"weaknesses":[],"opportunities":[],"threats":[]}'::jsonb`)
		)
		.execute();
	await db.schema.alterTable('zone_transition').addColumn('readiness_override', 'jsonb').execute();
	await db.schema
		.createTable('readiness_rule_set')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('province_code', 'text', (c) => c.check(sql`province_code ~ '^TH[0-9]{2}$'`))
		.addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
		.addColumn('rules', 'jsonb')
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// The national set always has rules; only a province may go back to following it.
		.addCheckConstraint(
			'readiness_rule_set_national_rules_check',
			sql`province_code IS NOT NULL OR rules IS NOT NULL`
		)
		.execute();
	// One version number per scope; the national scope is the null province.
	await sql`CREATE UNIQUE INDEX readiness_rule_set_scope_version_key
		ON readiness_rule_set (coalesce(province_code, ''), version)`.execute(db);
	await sql`CREATE TRIGGER readiness_rule_set_append_only BEFORE UPDATE OR DELETE ON readiness_rule_set
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
	await sql`CREATE TRIGGER readiness_rule_set_no_truncate BEFORE TRUNCATE ON readiness_rule_set
		FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('readiness_rule_set').execute();
	await db.schema.alterTable('zone_transition').dropColumn('readiness_override').execute();
	await db.schema.alterTable('zone_revision').dropColumn('swot').execute();
}
