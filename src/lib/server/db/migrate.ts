// Migrations see the database untyped: they run before the tables they create exist.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import { migrations } from '../../../../db/migrations';

export function createMigrator(db: Kysely<any>): Migrator {
	// Kysely's Migrator takes a PostgreSQL advisory lock while it runs, so several app instances
	// starting together against one database migrate once.
	return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function unwrap(result: MigrationResultSet): MigrationResultSet {
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error');
		const reason = result.error instanceof Error ? result.error.message : String(result.error);
		throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`, {
			cause: result.error
		});
	}
	return result;
}

/**
 * True when every known migration, and no other, is recorded as applied: one query. Kysely's
 * Migrator first checks its tables through the catalogue's whole table and column listing
 * (PostGIS brings many), 0.4–0.8 s of an embedded restart at load 5 before anything is answered.
 */
export async function migrationsUpToDate(db: Kysely<any>): Promise<boolean> {
	const table = await sql<{ found: boolean }>`
		SELECT to_regclass('kysely_migration') IS NOT NULL AS found`.execute(db);
	if (!table.rows[0]?.found) return false;
	const { rows } = await sql<{ names: string | null }>`
		SELECT string_agg(name, ',' ORDER BY name COLLATE "C") AS names FROM kysely_migration`.execute(db);
	return rows[0]?.names === Object.keys(migrations).sort().join(',');
}

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
	// An instance migrating at this moment has not recorded every migration yet: the Migrator,
	// with its lock, then waits for it.
	if (await migrationsUpToDate(db)) return { results: [] };
	return unwrap(await createMigrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResultSet> {
	return unwrap(await createMigrator(db).migrateDown());
}
