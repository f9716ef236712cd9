import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 item 1: a zone plan (แผนปฏิบัติการของเขต) attached to an approved zone, versioned like
 * the zone's own revisions.
 *
 * - `zone_plan`: one per zone. Two facts, as on `zone`: `status` is the state of the working
 *   copy (draft → submitted → approved | returned), `approved_revision_id` the plan in force
 *   (null until the governor first approves; never cleared).
 * - `plan_revision`: immutable, one per save; an amendment is a new revision.
 * - `plan_target`, `plan_activity`: the revision's rows, immutable with it. `target_key` and
 *   `activity_key` stay the same across revisions, so a monthly report names the target or
 *   activity it reports on whatever revision is in force.
 * - `plan_transition`: append-only history of submit, approve, return and revise.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('zone_plan')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().unique().references('zone.id'))
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status IN ('draft', 'submitted', 'approved', 'returned')`)
		)
		.addColumn('current_revision_id', 'integer')
		.addColumn('approved_revision_id', 'integer')
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createTable('plan_revision')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('zone_plan.id'))
		.addColumn('revision_number', 'integer', (c) => c.notNull().check(sql`revision_number >= 1`))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('plan_revision_number_key', ['plan_id', 'revision_number'])
		.execute();
	await sql`ALTER TABLE zone_plan
		ADD CONSTRAINT zone_plan_current_revision_fkey FOREIGN KEY (current_revision_id) REFERENCES plan_revision (id),
		ADD CONSTRAINT zone_plan_approved_revision_fkey FOREIGN KEY (approved_revision_id) REFERENCES plan_revision (id)`.execute(
		db
	);
	await db.schema
		.createTable('plan_target')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('plan_revision_id', 'integer', (c) => c.notNull().references('plan_revision.id'))
		.addColumn('target_key', 'text', (c) => c.notNull().check(sql`target_key ~ '^t[0-9]+$'`))
		.addColumn('position', 'integer', (c) => c.notNull())
		// From the indicator store, or the plan's own indicator (a name and a unit).
		.addColumn('indicator_key', 'text', (c) => c.references('indicator.key'))
		.addColumn('indicator_name_th', 'text')
		.addColumn('indicator_name_en', 'text')
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('baseline_value', 'double precision', (c) => c.notNull())
		.addColumn('baseline_date', 'date', (c) => c.notNull())
		.addColumn('target_value', 'double precision', (c) => c.notNull())
		.addColumn('target_date', 'date', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull().check(sql`btrim(source) <> ''`))
		.addCheckConstraint(
			'plan_target_indicator_check',
			sql`(indicator_key IS NULL) <> (indicator_name_th IS NULL)`
		)
		.addCheckConstraint('plan_target_dates_check', sql`target_date > baseline_date`)
		.addUniqueConstraint('plan_target_key', ['plan_revision_id', 'target_key'])
		.execute();
	await db.schema
		.createTable('plan_activity')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('plan_revision_id', 'integer', (c) => c.notNull().references('plan_revision.id'))
		.addColumn('activity_key', 'text', (c) => c.notNull().check(sql`activity_key ~ '^a[0-9]+$'`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull().check(sql`btrim(name) <> ''`))
		.addColumn('sectors', sql`text[]`, (c) =>
			c
				.notNull()
				.check(
					sql`cardinality(sectors) BETWEEN 1 AND 7 AND sectors <@ ARRAY['government', 'people', 'private', 'civil_society', 'religion', 'academia', 'media']::text[]`
				)
		)
		.addColumn('responsible_kind', 'text', (c) =>
			c.notNull().check(sql`responsible_kind IN ('lao', 'provincial_office', 'partner')`)
		)
		.addColumn('responsible_dla_code', 'text', (c) => c.references('lao.dla_code'))
		.addColumn('responsible_partner_id', 'integer', (c) => c.references('partner_organisation.id'))
		// Whole baht, by source of the money.
		.addColumn('budget_lao_baht', 'bigint', (c) => c.notNull().check(sql`budget_lao_baht >= 0`))
		.addColumn('budget_province_baht', 'bigint', (c) =>
			c.notNull().check(sql`budget_province_baht >= 0`)
		)
		.addColumn('budget_central_baht', 'bigint', (c) =>
			c.notNull().check(sql`budget_central_baht >= 0`)
		)
		.addColumn('budget_partner_baht', 'bigint', (c) =>
			c.notNull().check(sql`budget_partner_baht >= 0`)
		)
		.addColumn('start_date', 'date', (c) => c.notNull())
		.addColumn('end_date', 'date', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status IN ('planned', 'in_progress', 'done', 'cancelled')`)
		)
		.addCheckConstraint('plan_activity_dates_check', sql`end_date >= start_date`)
		.addCheckConstraint(
			'plan_activity_responsible_check',
			sql`(responsible_kind = 'lao') = (responsible_dla_code IS NOT NULL)
				AND (responsible_kind = 'partner') = (responsible_partner_id IS NOT NULL)`
		)
		.addUniqueConstraint('plan_activity_key', ['plan_revision_id', 'activity_key'])
		.execute();
	await db.schema
		.createTable('plan_transition')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('zone_plan.id'))
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('plan_revision.id'))
		.addColumn('event', 'text', (c) =>
			c.notNull().check(sql`event IN ('submit', 'approve', 'return', 'revise')`)
		)
		.addColumn('from_status', 'text', (c) => c.notNull())
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('acting_for_user_id', 'integer', (c) => c.references('app_user.id'))
		.addColumn('reason_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	for (const table of ['plan_revision', 'plan_target', 'plan_activity', 'plan_transition']) {
		await sql`CREATE TRIGGER ${sql.id(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.id(table)}
			FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
		await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
			FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
	}
	await db.schema
		.createIndex('plan_target_revision_idx')
		.on('plan_target')
		.column('plan_revision_id')
		.execute();
	await db.schema
		.createIndex('plan_activity_revision_idx')
		.on('plan_activity')
		.column('plan_revision_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('plan_transition').execute();
	await db.schema.dropTable('plan_activity').execute();
	await db.schema.dropTable('plan_target').execute();
	await sql`ALTER TABLE zone_plan DROP CONSTRAINT zone_plan_current_revision_fkey,
		DROP CONSTRAINT zone_plan_approved_revision_fkey`.execute(db);
	await db.schema.dropTable('plan_revision').execute();
	await db.schema.dropTable('zone_plan').execute();
}
