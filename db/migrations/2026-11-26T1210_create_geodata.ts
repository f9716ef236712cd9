import { sql, type Kysely } from 'kysely';

/**
 * The administrative geography and DLA's LAO registry, as imported from the public datasets.
 * Every row names the import run that wrote it; areas are PostGIS ellipsoidal areas in km².
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('import_run')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('finished_at', 'timestamptz')
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status IN ('running', 'succeeded', 'failed')`)
		)
		.addColumn('trigger', 'text', (c) =>
			c.notNull().check(sql`trigger IN ('cli', 'first_start', 'test')`)
		)
		.addColumn('files', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('messages', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('fatal_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	const runId = (c: import('kysely').ColumnDefinitionBuilder) =>
		c.notNull().references('import_run.id');

	await db.schema
		.createTable('province')
		.addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^TH[0-9]{2}$'`))
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
		.addColumn('area_km2', 'double precision', (c) => c.notNull().check(sql`area_km2 > 0`))
		.addColumn('import_run_id', 'integer', runId)
		.execute();

	await db.schema
		.createTable('district')
		.addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^TH[0-9]{4}$'`))
		.addColumn('province_code', 'text', (c) => c.notNull())
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
		.addColumn('area_km2', 'double precision', (c) => c.notNull().check(sql`area_km2 > 0`))
		.addColumn('import_run_id', 'integer', runId)
		// Deferred: provinces are dissolved from the districts in the same transaction.
		.addForeignKeyConstraint(
			'district_province_fkey',
			['province_code'],
			'province',
			['code'],
			(fk) => fk.deferrable().initiallyDeferred()
		)
		.execute();

	await db.schema
		.createTable('tambon')
		.addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^TH[0-9]{6}$'`))
		.addColumn('district_code', 'text', (c) => c.notNull())
		.addColumn('province_code', 'text', (c) => c.notNull())
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_th_source', 'text', (c) =>
			c.notNull().check(sql`name_th_source IN ('dopa', 'cod_ab')`)
		)
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('valid_on', 'date')
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`, (c) => c.notNull())
		.addColumn('area_km2', 'double precision', (c) => c.notNull().check(sql`area_km2 > 0`))
		.addColumn('source_feature', 'integer', (c) => c.notNull())
		.addColumn('import_run_id', 'integer', runId)
		// Deferred: districts and provinces are dissolved from the tambons in the same transaction.
		.addForeignKeyConstraint(
			'tambon_district_fkey',
			['district_code'],
			'district',
			['code'],
			(fk) => fk.deferrable().initiallyDeferred()
		)
		.addForeignKeyConstraint(
			'tambon_province_fkey',
			['province_code'],
			'province',
			['code'],
			(fk) => fk.deferrable().initiallyDeferred()
		)
		.execute();

	await db.schema
		.createTable('lao')
		.addColumn('dla_code', 'text', (c) => c.primaryKey().check(sql`dla_code ~ '^[0-9]{7}$'`))
		.addColumn('lao_type', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`lao_type IN ('provincial_admin_org', 'city_municipality', 'town_municipality', 'subdistrict_municipality', 'subdistrict_admin_org', 'special_admin_area')`
				)
		)
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text')
		.addColumn('province_code', 'text', (c) => c.notNull().references('province.code'))
		.addColumn('district_code', 'text', (c) => c.references('district.code'))
		.addColumn('district_name_th', 'text')
		.addColumn('office_point', sql`geometry(Point, 4326)`)
		.addColumn('area_km2_registered', 'double precision')
		.addColumn('geom', sql`geometry(MultiPolygon, 4326)`)
		.addColumn('area_km2', 'double precision', (c) => c.check(sql`area_km2 > 0`))
		.addColumn('geom_approximate', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('source_row', 'integer', (c) => c.notNull())
		.addColumn('import_run_id', 'integer', runId)
		.execute();

	// tambon_code is the ADM3 P-code as written in the link file; it may name a tambon that has
	// no polygon (TH530407), so it is deliberately not a foreign key.
	await db.schema
		.createTable('lao_tambon')
		.addColumn('dla_code', 'text', (c) => c.notNull())
		.addColumn('tambon_code', 'text', (c) => c.notNull())
		.addColumn('dopa_tambon_code', 'text', (c) => c.notNull())
		.addColumn('coverage', 'text', (c) =>
			c.notNull().check(sql`coverage IN ('completely', 'partially')`)
		)
		.addColumn('source_record', 'text')
		.addColumn('import_run_id', 'integer', runId)
		.addPrimaryKeyConstraint('lao_tambon_pkey', ['dla_code', 'tambon_code'])
		// Deferred: the links go in before the LAOs, whose geometry is built from them.
		.addForeignKeyConstraint('lao_tambon_lao_fkey', ['dla_code'], 'lao', ['dla_code'], (fk) =>
			fk.onDelete('cascade').deferrable().initiallyDeferred()
		)
		.execute();

	// Every DOPA row is kept, including Bangkok's khwaeng and the rows with no polygon.
	await db.schema
		.createTable('tambon_population')
		.addColumn('dopa_tambon_code', 'text', (c) => c.primaryKey())
		.addColumn('tambon_code', 'text', (c) => c.notNull().unique())
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text')
		.addColumn('level', 'text', (c) => c.notNull())
		.addColumn('dopa_district_code', 'text', (c) => c.notNull())
		.addColumn('district_name_th', 'text', (c) => c.notNull())
		.addColumn('dopa_province_code', 'text', (c) => c.notNull())
		.addColumn('province_name_th', 'text', (c) => c.notNull())
		.addColumn('population_total', 'integer', (c) => c.notNull())
		.addColumn('population_male', 'integer', (c) => c.notNull())
		.addColumn('population_female', 'integer', (c) => c.notNull())
		.addColumn('households', 'integer', (c) => c.notNull())
		.addColumn('population_nonmunicipal', 'integer')
		.addColumn('households_nonmunicipal', 'integer')
		.addColumn('population_municipal', 'integer')
		.addColumn('households_municipal', 'integer')
		.addColumn('municipal_parts', 'text')
		.addColumn('reference_date', 'date', (c) => c.notNull())
		.addColumn('import_run_id', 'integer', runId)
		.execute();

	await db.schema
		.createTable('lao_population_estimate')
		.addColumn('dla_code', 'text', (c) =>
			c.primaryKey().references('lao.dla_code').onDelete('cascade')
		)
		.addColumn('population', 'integer', (c) => c.notNull())
		.addColumn('households', 'integer', (c) => c.notNull())
		.addColumn('method', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`method IN ('dopa_municipal_registration_office', 'sum_nonmunicipal_pop_of_covered_tambons')`
				)
		)
		.addColumn('tambon_count', 'integer', (c) => c.notNull())
		.addColumn('shared_tambon_count', 'integer', (c) => c.notNull())
		.addColumn('reference_date', 'date', (c) => c.notNull())
		.addColumn('import_run_id', 'integer', runId)
		.execute();

	for (const table of ['province', 'district', 'tambon', 'lao']) {
		await sql`CREATE INDEX ${sql.id(`${table}_geom_idx`)} ON ${sql.table(table)} USING gist (geom)`.execute(
			db
		);
	}
	await sql`CREATE INDEX lao_office_point_idx ON lao USING gist (office_point)`.execute(db);
	await db.schema
		.createIndex('district_province_idx')
		.on('district')
		.column('province_code')
		.execute();
	await db.schema.createIndex('tambon_district_idx').on('tambon').column('district_code').execute();
	await db.schema.createIndex('lao_province_idx').on('lao').column('province_code').execute();
	await db.schema
		.createIndex('lao_tambon_tambon_idx')
		.on('lao_tambon')
		.column('tambon_code')
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of [
		'lao_population_estimate',
		'tambon_population',
		'lao_tambon',
		'lao',
		'tambon',
		'district',
		'province',
		'import_run'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
