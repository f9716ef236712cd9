import type { Config } from '../config';
import { openPostgres, type Database } from './database';
import type { MigrationResultSet } from 'kysely/migration';
import { migrateToLatest } from './migrate';
import { DatabaseRoleError, grantAppRole, ownerRoleWarning, rolePowers } from './roles';

/**
 * Brings the schema up to date before the app (or a command-line tool) uses `database`.
 *
 * PostgreSQL with `DATABASE_OWNER_URL`: the migrations run over a connection of their own as the
 * owner role, which then grants the app's role (the user of `DATABASE_URL`) what it needs; an
 * app role that owns tables or is a superuser is refused, as that setting exists to prevent it.
 * PostgreSQL with `DATABASE_URL` alone: the app's role migrates, as before, with a warning that
 * it owns the tables. PGlite: one embedded user, nothing to separate.
 */
export async function migrateDatabase(
	database: Database,
	config: Config
): Promise<MigrationResultSet> {
	if (database.engine === 'pglite') return migrateToLatest(database.db);
	if (!config.DATABASE_OWNER_URL) {
		const result = await migrateToLatest(database.db);
		const powers = await rolePowers(database.db);
		if (powers.superuser || powers.ownedTables > 0) console.warn(ownerRoleWarning(powers));
		return result;
	}
	const owner = await openPostgres(config.DATABASE_OWNER_URL, 1);
	try {
		const result = await migrateToLatest(owner.db);
		const powers = await rolePowers(database.db);
		if (powers.superuser || powers.ownedTables > 0)
			throw new DatabaseRoleError(
				`DATABASE_OWNER_URL is set, but DATABASE_URL's role "${powers.role}" ` +
					(powers.superuser ? 'is a superuser' : `owns ${powers.ownedTables} tables`) +
					': give DATABASE_URL a role that owns nothing (README, "Security notes").'
			);
		await grantAppRole(owner.db, powers.role);
		return result;
	} finally {
		await owner.close();
	}
}
