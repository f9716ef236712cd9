import { sql, type Kysely } from 'kysely';

/**
 * Scoring models (each saved version a row, its document as validated by
 * `src/lib/geo/scoring/scoring-model.ts`) and the scores a model version gave each LAO.
 * A score row goes with its LAO when a newer registry drops the LAO.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('scoring_model')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
		.addColumn('document', 'jsonb', (c) => c.notNull())
		.addColumn('is_official', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('created_by', 'text')
		.addUniqueConstraint('scoring_model_name_version_key', ['name', 'version'])
		.execute();

	await db.schema
		.createTable('lao_score')
		.addColumn('model_id', 'integer', (c) =>
			c.notNull().references('scoring_model.id').onDelete('cascade')
		)
		.addColumn('dla_code', 'text', (c) =>
			c.notNull().references('lao.dla_code').onDelete('cascade')
		)
		.addColumn('score', 'double precision', (c) => c.check(sql`score BETWEEN 0 AND 100`))
		.addColumn('eligible', 'boolean', (c) => c.notNull())
		.addColumn('ineligible_reason', 'text')
		.addColumn('breakdown', 'jsonb', (c) => c.notNull())
		.addColumn('missing_weight_share', 'double precision', (c) =>
			c.notNull().check(sql`missing_weight_share BETWEEN 0 AND 1`)
		)
		.addColumn('approximate', 'boolean', (c) => c.notNull())
		.addColumn('national_rank', 'integer')
		.addColumn('province_rank', 'integer')
		.addColumn('sensitivity_top10_share', 'double precision', (c) =>
			c.check(sql`sensitivity_top10_share BETWEEN 0 AND 1`)
		)
		.addPrimaryKeyConstraint('lao_score_pkey', ['model_id', 'dla_code'])
		.addCheckConstraint('lao_score_reason_check', sql`eligible = (ineligible_reason IS NULL)`)
		.execute();
	await db.schema
		.createIndex('lao_score_model_rank_idx')
		.on('lao_score')
		.columns(['model_id', 'national_rank'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('lao_score').execute();
	await db.schema.dropTable('scoring_model').execute();
}
