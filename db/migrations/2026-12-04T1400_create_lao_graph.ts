import { sql, type Kysely } from 'kysely';

/**
 * The LAO graph the candidate search runs on (issue 19 item 3, issue 13 item 5), stored so no
 * request builds it and no proposal unions polygons to measure compactness.
 *
 * - `lao_perimeter`: each LAO's geodesic perimeter in km (of the union of its linked tambons),
 *   for the import run it was built from.
 * - `lao_adjacency`: each pair of adjacent LAOs once (`a < b`) with the length in km of the
 *   boundary they share, defined so that perimeter(A ∪ B) = P_A + P_B − 2·shared(A, B) holds
 *   exactly (see `lao-graph.ts`); areas add. Rebuilt by every import (and lazily for a
 *   database imported before this table existed).
 * - `candidate_solution`: the exact optimiser's answer for one province under one model, kept
 *   with a hash of everything it was computed from (scores, eligibility, parameters, graph), so
 *   a page reads it instead of waiting for the solver and a stale answer is never shown.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('lao_perimeter')
		.addColumn('dla_code', 'text', (c) =>
			c.primaryKey().references('lao.dla_code').onDelete('cascade')
		)
		.addColumn('perimeter_km', 'double precision', (c) => c.notNull().check(sql`perimeter_km > 0`))
		.addColumn('import_run_id', 'integer', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('lao_adjacency')
		.addColumn('a', 'text', (c) => c.notNull().references('lao.dla_code').onDelete('cascade'))
		.addColumn('b', 'text', (c) => c.notNull().references('lao.dla_code').onDelete('cascade'))
		.addColumn('shared_boundary_km', 'double precision', (c) =>
			c.notNull().check(sql`shared_boundary_km >= 0`)
		)
		.addColumn('import_run_id', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('lao_adjacency_pkey', ['a', 'b'])
		.addCheckConstraint('lao_adjacency_order_check', sql`a < b`)
		.execute();
	await db.schema.createIndex('lao_adjacency_b_idx').on('lao_adjacency').column('b').execute();

	await db.schema
		.createTable('candidate_solution')
		.addColumn('model_id', 'integer', (c) =>
			c.notNull().references('scoring_model.id').onDelete('cascade')
		)
		.addColumn('province_code', 'text', (c) => c.notNull())
		// sha-256 of the inputs (see `candidate-optimiser.service.ts`): a different hash is stale.
		.addColumn('input_hash', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) =>
			c.notNull().check(sql`status IN ('optimal', 'time_limit', 'not_optimised')`)
		)
		// Why the answer is not optimised (solver failure, time limit without a better answer…).
		.addColumn('reason', 'text')
		// Sum over the chosen zones of score × area (points·km²); null when not optimised.
		.addColumn('objective', 'double precision')
		.addColumn('best_bound', 'double precision')
		// (best_bound − objective) / objective, 0–1.
		.addColumn('gap', 'double precision', (c) => c.check(sql`gap >= 0`))
		.addColumn('greedy_objective', 'double precision', (c) => c.notNull())
		.addColumn('set_count', 'integer', (c) => c.notNull())
		.addColumn('enumerate_ms', 'integer', (c) => c.notNull())
		.addColumn('solve_ms', 'integer', (c) => c.notNull())
		// The chosen zones, each a list of DLA codes (seed first); empty when not optimised.
		.addColumn('zones', 'jsonb', (c) => c.notNull())
		.addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('candidate_solution_pkey', ['model_id', 'province_code'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('candidate_solution').execute();
	await db.schema.dropTable('lao_adjacency').execute();
	await db.schema.dropTable('lao_perimeter').execute();
}
