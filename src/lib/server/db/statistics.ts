import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * Refreshes the query planner's statistics after a bulk write (an import, the analysis).
 *
 * PGlite runs PostgreSQL in single-user mode, where autovacuum never runs: its tables were never
 * analysed, so the planner guessed one row for 7,631 indicator values and joined them to 4,560
 * scores in a nested loop of 34.8 million comparisons (the /scores page's diagnostic: 3–7 s per
 * request instead of 0.1 s). On PostgreSQL autovacuum would analyse the tables eventually; doing
 * it at once after the load is what its documentation advises ("Populating a Database", 14.4.9).
 *
 * Inside a transaction ANALYZE counts the transaction's own new rows as live, so an import can
 * analyse before the work that reads what it wrote. A role that owns no table (the least
 * privileged PostgreSQL deployment's `sedz_app`) gets a warning per table and changes nothing;
 * its database is analysed by autovacuum.
 */
export async function refreshPlannerStatistics(
	db: Kysely<DB>,
	tables: readonly (keyof DB & string)[] = []
): Promise<void> {
	if (tables.length === 0) await sql`ANALYZE`.execute(db);
	else await sql`ANALYZE ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
}

/** True when the registry's table was never analysed (-1 rows: PostgreSQL 14 and later). */
export async function plannerStatisticsMissing(db: Kysely<DB>): Promise<boolean> {
	const row = await sql<{ reltuples: number }>`
		SELECT reltuples FROM pg_class WHERE oid = 'lao_score'::regclass`.execute(db);
	return (row.rows[0]?.reltuples ?? 0) < 0;
}
