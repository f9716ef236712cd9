import { sql, type Kysely } from 'kysely';

/**
 * The indicator store: a catalogue of indicators, one value per (unit kind, unit code, indicator,
 * year), and the import batch that wrote each value. Units are not foreign keys because the
 * geodata import replaces the LAO and tambon tables; the indicator import checks the codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('indicator')
		.addColumn('key', 'text', (c) => c.primaryKey().check(sql`key ~ '^[a-z][a-z0-9_]{1,62}$'`))
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('aggregation', 'text', (c) =>
			c.notNull().check(sql`aggregation IN ('sum', 'area_weighted_mean')`)
		)
		.addColumn('description', 'text')
		.addColumn('built_in', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();

	await db.schema
		.createTable('indicator_import')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('succeeded', 'failed')`))
		.addColumn('trigger', 'text', (c) =>
			c.notNull().check(sql`trigger IN ('cli', 'upload', 'built_in', 'test')`)
		)
		.addColumn('file_name', 'text')
		.addColumn('sha256', 'text', (c) => c.check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
		.addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('messages', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('fatal_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('warning_count', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();

	await db.schema
		.createTable('indicator_value')
		.addColumn('unit_kind', 'text', (c) => c.notNull().check(sql`unit_kind IN ('lao', 'tambon')`))
		.addColumn('unit_code', 'text', (c) => c.notNull())
		.addColumn('indicator_key', 'text', (c) =>
			c.notNull().references('indicator.key').onDelete('cascade')
		)
		.addColumn('year', 'integer', (c) => c.notNull().check(sql`year BETWEEN 1900 AND 2100`))
		// A missing figure is no row, never a zero; NaN and infinities are not figures either.
		.addColumn('value', 'double precision', (c) =>
			c.notNull().check(sql`value <> 'NaN' AND value > '-Infinity' AND value < 'Infinity'`)
		)
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('approximate', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('import_id', 'integer', (c) => c.notNull().references('indicator_import.id'))
		.addPrimaryKeyConstraint('indicator_value_pkey', [
			'unit_kind',
			'unit_code',
			'indicator_key',
			'year'
		])
		.addCheckConstraint(
			'indicator_value_unit_code_check',
			sql`(unit_kind = 'lao' AND unit_code ~ '^[0-9]{7}$') OR (unit_kind = 'tambon' AND unit_code ~ '^TH[0-9]{6}$')`
		)
		.execute();
	await db.schema
		.createIndex('indicator_value_key_idx')
		.on('indicator_value')
		.columns(['indicator_key', 'unit_kind'])
		.execute();
	await db.schema
		.createIndex('indicator_value_import_idx')
		.on('indicator_value')
		.column('import_id')
		.execute();

	// The built-in indicators, computed from the geodata by refreshBuiltInIndicators().
	// Frozen here, not imported from the app, so that this migration never changes.
	type Seed = {
		key: string;
		name_th: string;
		name_en: string;
		unit: string;
		aggregation: string;
		description: string;
		built_in: boolean;
	};
	await (db as unknown as Kysely<{ indicator: Seed }>)
		.insertInto('indicator')
		.values([
			{
				key: 'area_km2',
				name_th: 'พื้นที่',
				name_en: 'Area',
				unit: 'km²',
				aggregation: 'sum',
				description:
					'Ellipsoidal area of the LAO boundary built from the tambons it covers (approximate where it covers part of a tambon).',
				built_in: true
			},
			{
				key: 'population',
				name_th: 'ประชากร',
				name_en: 'Population',
				unit: 'people',
				aggregation: 'sum',
				description: 'Registered population, DOPA, 31 Dec 2021, as estimated for the LAO.',
				built_in: true
			},
			{
				key: 'households',
				name_th: 'ครัวเรือน',
				name_en: 'Households',
				unit: 'households',
				aggregation: 'sum',
				description: 'Registered households, DOPA, 31 Dec 2021, as estimated for the LAO.',
				built_in: true
			},
			{
				key: 'population_density',
				name_th: 'ความหนาแน่นของประชากร',
				name_en: 'Population density',
				unit: 'people/km²',
				aggregation: 'area_weighted_mean',
				description: 'Population divided by area.',
				built_in: true
			},
			{
				key: 'compactness',
				name_th: 'ความกะทัดรัดของรูปร่างพื้นที่',
				name_en: 'Compactness',
				unit: 'ratio',
				aggregation: 'area_weighted_mean',
				description:
					'Polsby–Popper score 4πA/P² of the LAO boundary: 1 for a circle, near 0 for a long or ragged shape.',
				built_in: true
			}
		])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('indicator_value').execute();
	await db.schema.dropTable('indicator_import').execute();
	await db.schema.dropTable('indicator').execute();
}
