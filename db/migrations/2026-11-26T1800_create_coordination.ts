import { sql, type Kysely } from 'kysely';

/**
 * The coordination register between DLA, governors, provincial offices, LAOs and partner
 * organisations. Parties are organisations, encoded as (kind, code): `dla` has no code,
 * `governor` and `provincial_office` carry the province code (TH40), `lao` the DLA code and
 * `partner` the partner organisation's id. People act for them (`created_by`, `changed_by`).
 *
 * Overdue is never stored: it follows from `due_date` and the recipient's state, in Bangkok
 * time (`src/lib/coordination/overdue.ts`).
 *
 * Recurring reports: a schedule run inserts one record per (schedule, period) and one recipient
 * row per party, both with ON CONFLICT DO NOTHING on the unique keys below, so runs repeated
 * or made by several instances at once create each due item once.
 *
 * Province and DLA codes are not foreign keys: the geodata import replaces those tables.
 */
const partyKinds = sql`('dla', 'governor', 'provincial_office', 'lao', 'partner')`;

function partyCheck(kind: string, code: string) {
	return sql.raw(`CASE ${kind}
		WHEN 'dla' THEN ${code} IS NULL
		WHEN 'lao' THEN ${code} ~ '^[0-9]{7}$'
		WHEN 'partner' THEN ${code} ~ '^[0-9]+$'
		ELSE ${code} ~ '^TH[0-9]{2}$'
	END`);
}

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('partner_organisation')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 300`))
		.addColumn('sector', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`sector IN ('government', 'people', 'private', 'civil_society', 'religion', 'academia', 'media')`
				)
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('partner_organisation_name_key', ['name'])
		.execute();

	await db.schema
		.createTable('report_schedule')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		// What is reported, e.g. 'sedz_progress' (the monthly progress report).
		.addColumn('report_kind', 'text', (c) =>
			c.notNull().check(sql`report_kind ~ '^[a-z][a-z0-9_]{1,49}$'`)
		)
		.addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) BETWEEN 1 AND 500`))
		.addColumn('sender_kind', 'text', (c) => c.notNull().check(sql`sender_kind IN ${partyKinds}`))
		.addColumn('sender_code', 'text')
		// Reports are due on this day of the month after the period (the memo's practice: the 3rd).
		.addColumn('day_of_month', 'integer', (c) =>
			c.notNull().check(sql`day_of_month BETWEEN 1 AND 28`)
		)
		// Who is asked: every provincial office, or every LAO of one province.
		.addColumn('recipients_rule', 'text', (c) =>
			c
				.notNull()
				.check(sql`recipients_rule IN ('every_provincial_office', 'every_lao_of_province')`)
		)
		.addColumn('rule_province_code', 'text', (c) =>
			c.check(sql`rule_province_code ~ '^TH[0-9]{2}$'`)
		)
		.addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('report_schedule_sender_check', partyCheck('sender_kind', 'sender_code'))
		.addCheckConstraint(
			'report_schedule_rule_check',
			sql`(recipients_rule = 'every_lao_of_province') = (rule_province_code IS NOT NULL)`
		)
		.execute();

	await db.schema
		.createTable('coordination_record')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`kind IN ('directive', 'letter', 'memo', 'meeting', 'report', 'acknowledgement', 'standard')`
				)
		)
		.addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) BETWEEN 1 AND 500`))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		// As the office's register writes it (Thai digits kept): มท ๐๘๐๑.๒/ว ๕๒
		.addColumn('document_number', 'text')
		.addColumn('document_date', 'date')
		.addColumn('meeting_place', 'text')
		.addColumn('minutes', 'text')
		.addColumn('decisions', 'text')
		// [{ sector, organisation }], sector one of the seven network sectors.
		.addColumn('attendees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('sender_kind', 'text', (c) => c.notNull().check(sql`sender_kind IN ${partyKinds}`))
		.addColumn('sender_code', 'text')
		// Null when the schedule runner made the record.
		.addColumn('created_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// The day by which the recipients are asked to answer (inclusive, Bangkok calendar day).
		.addColumn('due_date', 'date')
		.addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('schedule_id', 'integer', (c) => c.references('report_schedule.id'))
		.addColumn('report_period', 'text', (c) => c.check(sql`report_period ~ '^[0-9]{4}-[0-9]{2}$'`))
		// The request a report or acknowledgement answers.
		.addColumn('reply_to_id', 'integer', (c) => c.references('coordination_record.id'))
		.addCheckConstraint(
			'coordination_record_sender_check',
			partyCheck('sender_kind', 'sender_code')
		)
		.addCheckConstraint(
			'coordination_record_schedule_check',
			sql`(schedule_id IS NULL) = (report_period IS NULL)`
		)
		// One due item per schedule and period, whoever runs the schedule and how often.
		.addUniqueConstraint('coordination_record_schedule_period_key', [
			'schedule_id',
			'report_period'
		])
		.execute();
	await db.schema
		.createIndex('coordination_record_created_at_idx')
		.on('coordination_record')
		.column('created_at')
		.execute();
	await db.schema
		.createIndex('coordination_record_reply_to_idx')
		.on('coordination_record')
		.column('reply_to_id')
		.execute();

	await db.schema
		.createTable('record_recipient')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('record_id', 'integer', (c) =>
			c.notNull().references('coordination_record.id').onDelete('cascade')
		)
		.addColumn('party_kind', 'text', (c) => c.notNull().check(sql`party_kind IN ${partyKinds}`))
		.addColumn('party_code', 'text')
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('open')
				.check(sql`state IN ('open', 'acknowledged', 'done')`)
		)
		.addColumn('changed_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('changed_at', 'timestamptz')
		// First opened by anyone of the recipient organisation (the inbox's unread count).
		.addColumn('read_at', 'timestamptz')
		.addCheckConstraint('record_recipient_party_check', partyCheck('party_kind', 'party_code'))
		.execute();
	// A party is a recipient of a record once (the schedule's per-period, per-party key).
	await sql`CREATE UNIQUE INDEX record_recipient_party_key
		ON record_recipient (record_id, party_kind, (coalesce(party_code, '')))`.execute(db);
	await sql`CREATE INDEX record_recipient_party_idx
		ON record_recipient (party_kind, party_code, state)`.execute(db);

	await db.schema
		.createTable('record_link')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('record_id', 'integer', (c) =>
			c.notNull().references('coordination_record.id').onDelete('cascade')
		)
		.addColumn('zone_id', 'integer', (c) => c.references('zone.id'))
		.addColumn('dla_code', 'text', (c) => c.check(sql`dla_code ~ '^[0-9]{7}$'`))
		.addColumn('province_code', 'text', (c) => c.check(sql`province_code ~ '^TH[0-9]{2}$'`))
		.addCheckConstraint(
			'record_link_one_target_check',
			sql`num_nonnulls(zone_id, dla_code, province_code) = 1`
		)
		.execute();
	await db.schema
		.createIndex('record_link_record_idx')
		.on('record_link')
		.column('record_id')
		.execute();
	await db.schema.createIndex('record_link_zone_idx').on('record_link').column('zone_id').execute();
	await db.schema.createIndex('record_link_lao_idx').on('record_link').column('dla_code').execute();

	await db.schema
		.createTable('attachment')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('record_id', 'integer', (c) =>
			c.notNull().references('coordination_record.id').onDelete('cascade')
		)
		.addColumn('file_name', 'text', (c) =>
			c.notNull().check(sql`length(file_name) BETWEEN 1 AND 255`)
		)
		// Detected from the file's signature, never taken from the browser.
		.addColumn('media_type', 'text', (c) => c.notNull())
		.addColumn('byte_size', 'integer', (c) => c.notNull().check(sql`byte_size > 0`))
		.addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		.addColumn('content', 'bytea', (c) => c.notNull())
		.addColumn('uploaded_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('attachment_record_idx')
		.on('attachment')
		.column('record_id')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('attachment').execute();
	await db.schema.dropTable('record_link').execute();
	await db.schema.dropTable('record_recipient').execute();
	await db.schema.dropTable('coordination_record').execute();
	await db.schema.dropTable('report_schedule').execute();
	await db.schema.dropTable('partner_organisation').execute();
}
