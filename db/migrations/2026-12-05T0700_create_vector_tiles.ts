import { sql, type Kysely } from 'kysely';

/**
 * Vector tiles cut once per import run and stored gzip-compressed (issue 19 item 1), so no
 * instance slices the boundaries at start-up and a tile is one indexed read, cold or warm.
 *
 * - `vector_tile_set`: one row per import run whose tiles are all stored; a run without a row
 *   (a database imported before this table existed) gets its tiles cut once at start.
 * - `vector_tile`: every non-empty tile of the base layers (province, district, tambon, LAO),
 *   z0–z14, keyed by the run it was cut from; an address without a row is an empty tile.
 *
 * A table rather than a PMTiles archive beside the data: the same store on both engines, cut in
 * the import's own transaction (tiles and data never disagree, a failed import leaves the old
 * tiles), backed up with the database, and shared by every instance on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('vector_tile_set')
		.addColumn('import_run_id', 'integer', (c) =>
			c.primaryKey().references('import_run.id').onDelete('cascade')
		)
		.addColumn('tile_count', 'integer', (c) => c.notNull().check(sql`tile_count >= 0`))
		.addColumn('gzip_bytes', 'bigint', (c) => c.notNull().check(sql`gzip_bytes >= 0`))
		.addColumn('cut_ms', 'integer', (c) => c.notNull().check(sql`cut_ms >= 0`))
		.addColumn('cut_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createTable('vector_tile')
		.addColumn('import_run_id', 'integer', (c) =>
			c.notNull().references('vector_tile_set.import_run_id').onDelete('cascade')
		)
		.addColumn('layer', 'text', (c) =>
			c.notNull().check(sql`layer IN ('province', 'district', 'tambon', 'lao')`)
		)
		.addColumn('z', 'smallint', (c) => c.notNull().check(sql`z BETWEEN 0 AND 14`))
		.addColumn('x', 'integer', (c) => c.notNull().check(sql`x >= 0 AND x < (1 << z)`))
		.addColumn('y', 'integer', (c) => c.notNull().check(sql`y >= 0 AND y < (1 << z)`))
		// The MVT, gzip-compressed once; sent as it is to clients that accept gzip.
		.addColumn('gzip', 'bytea', (c) => c.notNull())
		.addPrimaryKeyConstraint('vector_tile_pkey', ['import_run_id', 'layer', 'z', 'x', 'y'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('vector_tile').execute();
	await db.schema.dropTable('vector_tile_set').execute();
}
