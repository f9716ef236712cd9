import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 item 2: photos and documents on monthly progress reports.
 *
 * `report_attachment` holds each file's bytes (as the coordination register's `attachment`
 * does), its media type detected from the file's signature, size and SHA-256, a caption, and
 * `is_public` (the filer shows a photo on the zone's public page once the report is accepted;
 * only images may be marked). `gps` and `taken_at` are read from the image's EXIF when it has
 * them: the point feeds the officials' map; public copies are served with all metadata
 * stripped. Removing a file (before the report is accepted) deletes its row: the audit trail
 * keeps what was added and removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('report_attachment')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('report_id', 'integer', (c) =>
			c.notNull().references('progress_report.id').onDelete('cascade')
		)
		.addColumn('file_name', 'text', (c) =>
			c.notNull().check(sql`length(file_name) BETWEEN 1 AND 255`)
		)
		// Detected from the file's signature, never taken from the browser.
		.addColumn('media_type', 'text', (c) => c.notNull())
		.addColumn('byte_size', 'integer', (c) =>
			c.notNull().check(sql`byte_size BETWEEN 1 AND 10485760`)
		)
		.addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		.addColumn('content', 'bytea', (c) => c.notNull())
		.addColumn('caption', 'text', (c) =>
			c
				.notNull()
				.defaultTo('')
				.check(sql`length(caption) <= 500`)
		)
		.addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('gps', sql`geometry(Point, 4326)`)
		.addColumn('taken_at', 'timestamptz')
		.addColumn('uploaded_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint(
			'report_attachment_public_is_image',
			sql`NOT is_public OR media_type LIKE 'image/%'`
		)
		.execute();
	await db.schema
		.createIndex('report_attachment_report_idx')
		.on('report_attachment')
		.column('report_id')
		.execute();
	await db.schema
		.createIndex('report_attachment_gps_idx')
		.on('report_attachment')
		.using('gist')
		.column('gps')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('report_attachment').execute();
}
