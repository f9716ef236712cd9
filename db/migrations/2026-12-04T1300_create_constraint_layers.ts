import { sql, type Kysely } from 'kysely';

/**
 * Constraint layers (issue 13): named polygon layers DLA staff upload (national parks, reserved
 * forest, flood-prone land…), versioned by key. Each upload is a new version with its own
 * polygons; the share of every LAO's area inside it is stored in the indicator store under the
 * version's own indicator key (`constraint_<key>_v<version>`), so a model names the exact
 * version it uses and a re-upload never changes an existing model's scores.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('constraint_layer')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('key', 'text', (c) => c.notNull().check(sql`key ~ '^[a-z][a-z0-9_]{1,40}$'`))
		.addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('source_line', 'text', (c) => c.notNull())
		.addColumn('licence', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		.addColumn('feature_count', 'integer', (c) => c.notNull())
		.addColumn('vertex_count', 'integer', (c) => c.notNull())
		.addColumn('indicator_key', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('constraint_layer_key_version_key', ['key', 'version'])
		.execute();

	await db.schema
		.createTable('constraint_polygon')
		.addColumn('layer_id', 'integer', (c) =>
			c.notNull().references('constraint_layer.id').onDelete('cascade')
		)
		// The feature's 1-based number in the uploaded file, as problems name it.
		.addColumn('feature', 'integer', (c) => c.notNull())
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
		.addPrimaryKeyConstraint('constraint_polygon_pkey', ['layer_id', 'feature'])
		.execute();
	await sql`CREATE INDEX constraint_polygon_geom_idx ON constraint_polygon USING gist (geom)`.execute(
		db
	);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('constraint_polygon').execute();
	await db.schema.dropTable('constraint_layer').execute();
}
