import { sql, type Kysely } from 'kysely';

/**
 * Candidate SEDZ zones and their revisions. A zone is the living record (its province, its state
 * and which revision is current); every save adds an immutable `zone_revision` with the geometry,
 * the attributes and the metrics computed at that moment, including the scoring model version
 * they were computed with. A trigger refuses UPDATE and DELETE on revisions on both engines.
 *
 * `revision_number` is unique per zone, so of two saves made on the same base revision exactly
 * one can insert the next number; the service also locks the zone row to report the conflict.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('zone')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('province_code', 'text', (c) =>
			c.notNull().check(sql`province_code ~ '^TH[0-9]{2}$'`)
		)
		.addColumn('status', 'text', (c) =>
			c
				.notNull()
				.defaultTo('draft')
				.check(
					sql`status IN ('draft', 'submitted', 'approved', 'returned', 'rejected', 'withdrawn')`
				)
		)
		.addColumn('current_revision_id', 'integer')
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('zone_province_idx').on('zone').columns(['province_code']).execute();

	await db.schema
		.createTable('zone_revision')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('zone_id', 'integer', (c) => c.notNull().references('zone.id'))
		.addColumn('revision_number', 'integer', (c) => c.notNull().check(sql`revision_number >= 1`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) BETWEEN 1 AND 200`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('objectives', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('objective_tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		// [{ sector, name }] with sector one of the seven network sectors.
		.addColumn('partners', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		// How the geometry was made: drawn, from LAOs, from a candidate, or imported from a file.
		.addColumn('geometry_source', 'text', (c) =>
			c.notNull().check(sql`geometry_source IN ('drawn', 'laos', 'candidate', 'file')`)
		)
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
		.addColumn('area_km2', 'double precision', (c) => c.notNull().check(sql`area_km2 > 0`))
		.addColumn('vertex_count', 'integer', (c) => c.notNull())
		// [{ dlaCode, nameTh, laoType, coveredKm2, shareOfLao }], largest share first.
		.addColumn('covered_laos', 'jsonb', (c) => c.notNull())
		.addColumn('population_covered', 'double precision')
		.addColumn('score', 'double precision', (c) => c.check(sql`score BETWEEN 0 AND 100`))
		.addColumn('scoring_model_id', 'integer', (c) => c.references('scoring_model.id'))
		// Further figures and how each was computed (methods, sources, data versions).
		.addColumn('metrics', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('based_on_revision_id', 'integer', (c) => c.references('zone_revision.id'))
		.addColumn('created_by', 'integer', (c) => c.notNull().references('app_user.id'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('zone_revision_number_key', ['zone_id', 'revision_number'])
		.execute();
	await sql`CREATE INDEX zone_revision_geom_idx ON zone_revision USING gist (geom)`.execute(db);
	await sql`ALTER TABLE zone ADD CONSTRAINT zone_current_revision_fkey
		FOREIGN KEY (current_revision_id) REFERENCES zone_revision (id)`.execute(db);

	// Append-only tables share one trigger function (the audit log of the review workflow
	// will use it too).
	await sql`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
				USING ERRCODE = 'insufficient_privilege';
		END $$`.execute(db);
	await sql`CREATE TRIGGER zone_revision_append_only BEFORE UPDATE OR DELETE ON zone_revision
		FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE zone DROP CONSTRAINT zone_current_revision_fkey`.execute(db);
	await db.schema.dropTable('zone_revision').execute();
	await db.schema.dropTable('zone').execute();
	await sql`DROP FUNCTION refuse_change()`.execute(db);
}
