import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/**
 * Public comments pinned to zones (issue 17): anyone may comment on a zone with a revision in
 * force; the province's office staff (its planners) and DLA staff publish or hide each one.
 *
 * PDPA: the optional name and contact are kept for the moderators only and never leave the
 * moderation page. The client's address is never stored: `address_hash` is an HMAC-SHA-256 of
 * it under `comment_address_key.secret` (random, made here, never shown), enough to count one
 * address's comments within the hour for the rate limit and useless to recover the address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('zone_comment')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id').onDelete('cascade'))
		// The revision in force when the comment was posted: the outline its point was checked on.
		.addColumn('revision_id', 'integer', (c) => c.notNull().references('zone_revision.id'))
		.addColumn('province_code', 'text', (c) => c.notNull())
		.addColumn('category', 'text', (c) =>
			c.notNull().check(sql`category IN ('support', 'concern', 'local_knowledge', 'question')`)
		)
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) BETWEEN 1 AND 2000`))
		// A point or a small polygon on the zone's public outline; null when none was picked.
		.addColumn('geom', sql`geometry(Geometry, 4326)`)
		.addColumn('author_name', 'text')
		.addColumn('author_contact', 'text')
		.addColumn('state', 'text', (c) =>
			c
				.notNull()
				.defaultTo('pending')
				.check(sql`state IN ('pending', 'published', 'hidden')`)
		)
		.addColumn('hide_reason', 'text')
		.addColumn('moderated_by', 'integer', (c) => c.references('app_user.id'))
		.addColumn('moderated_at', 'timestamptz')
		.addColumn('address_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint(
			'zone_comment_hidden_has_reason',
			sql`state <> 'hidden' OR (hide_reason IS NOT NULL AND hide_reason <> '')`
		)
		.execute();
	// The public page and the review summary: one zone's published comments, newest first.
	await db.schema
		.createIndex('zone_comment_zone_state_idx')
		.on('zone_comment')
		.columns(['zone_id', 'state', 'created_at desc', 'id desc'])
		.execute();
	// The moderation queue: a province's pending comments.
	await db.schema
		.createIndex('zone_comment_province_state_idx')
		.on('zone_comment')
		.columns(['province_code', 'state', 'created_at'])
		.execute();
	// The pinned places (every geometry column has its GiST index: database.spec.ts).
	await sql`CREATE INDEX zone_comment_geom_idx ON zone_comment USING gist (geom)`.execute(db);
	// The rate limit: one address's comments within the hour.
	await db.schema
		.createIndex('zone_comment_address_idx')
		.on('zone_comment')
		.columns(['address_hash', 'created_at'])
		.execute();
	await db.schema
		.createTable('comment_address_key')
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('secret', 'text', (c) => c.notNull())
		.execute();
	await db
		.insertInto('comment_address_key' as never)
		.values({ id: 1, secret: randomBytes(32).toString('base64url') } as never)
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('comment_address_key').execute();
	await db.schema.dropTable('zone_comment').execute();
}
