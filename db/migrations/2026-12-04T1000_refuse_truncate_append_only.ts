import { sql, type Kysely } from 'kysely';

/**
 * Append-only that holds against TRUNCATE too (issue 12). Row triggers never see a TRUNCATE, so
 * until now `TRUNCATE lao_response, decision_memo` emptied them, and `TRUNCATE zone CASCADE`
 * took the revisions and transitions along. A statement-level BEFORE TRUNCATE trigger fires for
 * every table a TRUNCATE empties, the ones CASCADE reaches included, and refuses the whole
 * statement. `audit_log` has had one since 2026-11-26T1700; these are the other four append-only
 * tables (`src/lib/server/db/roles.ts`, `appendOnlyTables`). Same triggers on PGlite.
 */
const tables = ['zone_revision', 'zone_transition', 'lao_response', 'decision_memo'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
	for (const table of tables) {
		await sql`CREATE TRIGGER ${sql.id(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(table)}
			FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
	}
}

export async function down(db: Kysely<unknown>): Promise<void> {
	for (const table of tables) {
		await sql`DROP TRIGGER ${sql.id(`${table}_no_truncate`)} ON ${sql.id(table)}`.execute(db);
	}
}
