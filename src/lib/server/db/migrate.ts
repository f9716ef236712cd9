// Migrations see the database untyped: they run before the tables they create exist.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kysely } from 'kysely';
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

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
	return unwrap(await createMigrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResultSet> {
	return unwrap(await createMigrator(db).migrateDown());
}
