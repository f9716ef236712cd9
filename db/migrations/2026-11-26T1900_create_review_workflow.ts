import { sql, type Kysely } from 'kysely';

/**
 * The governors' review workflow (issue 6): which revision is in force, every transition with
 * its reasons, the consultation of the LAOs a zone covers, acting governors, and the memo the
 * office prints for each decision.
 *
 * - `zone.approved_revision_id`: the revision in force, kept apart from `current_revision_id`
 *   (the working copy) so an approved zone stays public while an amendment is drafted;
 *   `zone.submitted_at` orders the governor's queue.
 * - `zone_transition`: one row per workflow event, append-only (the `refuse_change()` trigger
 *   of the zones migration), with the actor, whom they acted for, the reasons and, for a
 *   decision, the data versions the revision was judged against.
 * - `lao_consultation` / `lao_response`: the planner's request to each covered LAO, and every
 *   answer (append-only; an LAO may answer again, the latest counts).
 * - `acting_designation`: a user acts for a province's governor from one date to another
 *   (inclusive, Asia/Bangkok); revoked, never deleted.
 * - `decision_memo`: what the office enters to print a decision's บันทึกข้อความ (its own
 *   document number among them: the app never invents one). Append-only: a correction is a
 *   new row and the latest prints.
 * - `office_emblem`: the emblem an office uploads for its memos; none is bundled.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('zone')
		.addColumn('approved_revision_id', 'integer', (c) => c.references('zone_revision.id'))
		.execute();
	await db.schema.alterTable('zone').addColumn('submitted_at', 'timestamptz').execute();
	await db.schema
		.createIndex('zone_submitted_idx')
		.on('zone')
		.columns(['status', 'province_code', 'submitted_at'])
		.execute();

	await db.schema
		.createTable('zone_transition')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id'))
		// The revision the event concerns: the one submitted or decided, or the new draft.
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('zone_revision.id'))
		.addColumn('event', 'text', (c) =>
			c
				.notNull()
				.check(sql`event IN ('submit', 'approve', 'return', 'reject', 'withdraw', 'revise')`)
		)
		.addColumn('from_status', 'text', (c) => c.notNull())
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('actor_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('acting_for_user_id', 'integer', (c) => c.references('app_user.id'))
		.addColumn('reason_codes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('reason_text', 'text', (c) => c.notNull().defaultTo(''))
		// For decisions: the boundary/registry import, population reference and scoring model
		// the revision was measured with, and those current when the governor decided.
		.addColumn('data_versions', 'jsonb')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('zone_transition_zone_idx')
		.on('zone_transition')
		.columns(['zone_id', 'id'])
		.execute();
	await sql`CREATE TRIGGER zone_transition_append_only BEFORE UPDATE OR DELETE ON zone_transition
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);

	await db.schema
		.createTable('lao_consultation')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id'))
		.addColumn('dla_code', 'text', (c) => c.notNull().check(sql`dla_code ~ '^[0-9]{7}$'`))
		.addColumn('requested_revision_id', 'integer', (c) =>
			c.notNull().references('zone_revision.id')
		)
		.addColumn('requested_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('lao_consultation_zone_lao_key', ['zone_id', 'dla_code'])
		.execute();
	await db.schema
		.createIndex('lao_consultation_lao_idx')
		.on('lao_consultation')
		.column('dla_code')
		.execute();

	await db.schema
		.createTable('lao_response')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('consultation_id', 'integer', (c) => c.notNull().references('lao_consultation.id'))
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('zone_revision.id'))
		.addColumn('answer', 'text', (c) =>
			c.notNull().check(sql`answer IN ('agree', 'agree_with_conditions', 'object')`)
		)
		.addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('responded_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('lao_response_consultation_idx')
		.on('lao_response')
		.columns(['consultation_id', 'id'])
		.execute();
	await sql`CREATE TRIGGER lao_response_append_only BEFORE UPDATE OR DELETE ON lao_response
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);

	await db.schema
		.createTable('acting_designation')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('province_code', 'text', (c) =>
			c.notNull().check(sql`province_code ~ '^TH[0-9]{2}$'`)
		)
		.addColumn('governor_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('acting_user_id', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('starts_on', 'date', (c) => c.notNull())
		.addColumn('ends_on', 'date', (c) => c.notNull())
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('revoked_by', 'integer', (c) => c.references('app_user.id'))
		.addCheckConstraint('acting_designation_period_check', sql`ends_on >= starts_on`)
		.addCheckConstraint(
			'acting_designation_not_self_check',
			sql`acting_user_id <> governor_user_id`
		)
		.execute();
	await db.schema
		.createIndex('acting_designation_acting_idx')
		.on('acting_designation')
		.columns(['acting_user_id', 'ends_on'])
		.execute();

	await db.schema
		.createTable('decision_memo')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('transition_id', 'integer', (c) => c.notNull().references('zone_transition.id'))
		// ส่วนราชการ, ที่ (from the office's register; may be blank), วันที่, เรื่อง, เรียน.
		.addColumn('office', 'text', (c) => c.notNull().check(sql`length(office) BETWEEN 1 AND 300`))
		.addColumn('document_number', 'text', (c) =>
			c.notNull().check(sql`length(document_number) <= 100`)
		)
		.addColumn('memo_date', 'date', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) BETWEEN 1 AND 500`))
		.addColumn('addressee', 'text', (c) =>
			c.notNull().check(sql`length(addressee) BETWEEN 1 AND 300`)
		)
		.addColumn('closing_text', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('signer_name', 'text', (c) =>
			c.notNull().check(sql`length(signer_name) BETWEEN 1 AND 200`)
		)
		.addColumn('signer_position', 'text', (c) =>
			c.notNull().check(sql`length(signer_position) BETWEEN 1 AND 300`)
		)
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('decision_memo_transition_idx')
		.on('decision_memo')
		.columns(['transition_id', 'id'])
		.execute();
	await sql`CREATE TRIGGER decision_memo_append_only BEFORE UPDATE OR DELETE ON decision_memo
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);

	await db.schema
		.createTable('office_emblem')
		// 'governor:TH40' for a province's governor's office, 'dla' for DLA.
		.addColumn('office_key', 'text', (c) =>
			c.primaryKey().check(sql`office_key ~ '^(dla|governor:TH[0-9]{2})$'`)
		)
		.addColumn('media_type', 'text', (c) =>
			c.notNull().check(sql`media_type IN ('image/png', 'image/jpeg')`)
		)
		.addColumn('bytes', 'bytea', (c) => c.notNull())
		.addColumn('uploaded_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('office_emblem').execute();
	await db.schema.dropTable('decision_memo').execute();
	await db.schema.dropTable('acting_designation').execute();
	await db.schema.dropTable('lao_response').execute();
	await db.schema.dropTable('lao_consultation').execute();
	await db.schema.dropTable('zone_transition').execute();
	await db.schema.dropIndex('zone_submitted_idx').execute();
	await db.schema.alterTable('zone').dropColumn('submitted_at').execute();
	await db.schema.alterTable('zone').dropColumn('approved_revision_id').execute();
}
