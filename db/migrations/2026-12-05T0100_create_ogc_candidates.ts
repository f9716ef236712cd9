import { sql, type Kysely } from 'kysely';

/**
 * The official candidate zones as the open data publishes them (issue 18: the `candidates`
 * collection of the OGC API, its GeoPackage and DCAT entry). The candidates are computed in
 * TypeScript (the greedy grower, or the optimiser's stored answer when it is current), so the
 * OGC API cannot select them with one SQL statement as it does the other layers; this table
 * keeps them, with each zone's outline (the union of its LAOs), per province for the inputs
 * named in `ogc_candidate_province.input_key`. A request that finds a province's inputs changed
 * rebuilds that province in one transaction, so filters, sorting, CRSs and paging run in SQL
 * like everywhere else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('ogc_candidate')
		// `TH40-1`: the province and the candidate's rank in it.
		.addColumn('candidate_id', 'text', (c) => c.primaryKey())
		.addColumn('province_code', 'text', (c) => c.notNull())
		.addColumn('rank', 'integer', (c) => c.notNull().check(sql`rank >= 1`))
		.addColumn('lao_count', 'integer', (c) => c.notNull().check(sql`lao_count >= 1`))
		.addColumn('member_dla_codes', 'text', (c) => c.notNull())
		.addColumn('member_names_th', 'text', (c) => c.notNull())
		.addColumn('member_names_en', 'text', (c) => c.notNull())
		.addColumn('districts_th', 'text', (c) => c.notNull())
		.addColumn('districts_en', 'text', (c) => c.notNull())
		.addColumn('area_km2', 'double precision', (c) => c.notNull())
		// Null when a member LAO has no population estimate.
		.addColumn('population', 'bigint')
		.addColumn('score', 'double precision', (c) => c.notNull())
		.addColumn('compactness', 'double precision')
		.addColumn('approximate', 'boolean', (c) => c.notNull())
		.addColumn('method', 'text', (c) => c.notNull().check(sql`method IN ('exact', 'greedy')`))
		.addColumn('optimisation_state', 'text', (c) =>
			c
				.notNull()
				.check(sql`optimisation_state IN ('optimal', 'time_limit', 'not_optimised', 'pending')`)
		)
		// The optimiser's relative gap (0–1) when its answer is shown; null for the greedy answer.
		.addColumn('optimality_gap', 'double precision')
		.addColumn('model_id', 'integer', (c) =>
			c.notNull().references('scoring_model.id').onDelete('cascade')
		)
		.addColumn('model_name', 'text', (c) => c.notNull())
		.addColumn('model_version', 'integer', (c) => c.notNull())
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`)
		.execute();
	await db.schema
		.createIndex('ogc_candidate_province_idx')
		.on('ogc_candidate')
		.columns(['province_code', 'rank'])
		.execute();
	await sql`CREATE INDEX ogc_candidate_geom_idx ON ogc_candidate USING gist (geom)`.execute(db);
	await db.schema
		.createTable('ogc_candidate_province')
		// One row per province: the inputs its rows in `ogc_candidate` were built from (the
		// official scores' version and the optimiser's stored answer), so a new answer for one
		// province rebuilds that province only.
		.addColumn('province_code', 'text', (c) => c.primaryKey())
		.addColumn('input_key', 'text', (c) => c.notNull())
		.addColumn('refreshed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('ogc_candidate_province').execute();
	await db.schema.dropTable('ogc_candidate').execute();
}
