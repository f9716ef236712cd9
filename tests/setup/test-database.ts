import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';

/** The real data beside the checkout, as CI lays it out (read-only). */
export const sharedGeodataDir = path.resolve(
	process.env.GEODATA_DIR ?? path.join(import.meta.dirname, '..', '..', '..', 'shared', 'geodata')
);

export const templateNames = {
	empty: 'sedz_test_template_empty',
	imported: 'sedz_test_template_imported'
} as const;

export const engine: Database['engine'] = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * The roles of a least-privilege deployment (README, "Security notes"), made by
 * tests/setup/postgres.sh (and by the global setup if missing): the owner runs the migrations,
 * the app role, which owns nothing, runs the tests' queries. TEST_DATABASE_URL is the superuser,
 * which only creates and drops the databases. The test cluster trusts loopback: no passwords.
 */
export const testRoles = { owner: 'sedz_owner', app: 'sedz_app' } as const;

export type TestRole = 'app' | 'owner' | 'admin';

/** `url` with another database and, unless `admin`, another user. */
export function testDatabaseUrl(url: string, database: string, as: TestRole = 'app'): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	if (as !== 'admin') {
		u.username = testRoles[as];
		u.password = '';
	}
	return u.toString();
}

/**
 * A database of the test file's own, copied from a template built once per run by the global
 * setup: `imported` holds the real data, `empty` only the schema. Close it in `afterAll`.
 *
 * On PostgreSQL the connection is the app's role (`as: 'app'`, the default), as in production;
 * `owner` for tests of migrations, backups and grants, `admin` (the superuser) for tests that
 * drop the PostGIS extension. `url` is the connection's own URL, `ownerUrl` the owner's.
 */
export async function openTestDatabase(
	kind: 'empty' | 'imported',
	options: { as?: TestRole } = {}
): Promise<Database & { url?: string; ownerUrl?: string }> {
	const url = process.env.TEST_DATABASE_URL;
	if (!url) {
		const dump = inject('pgliteDumps')[kind];
		return openPGlite('memory://', {
			inMemory: true,
			loadDataDir: new Blob([fs.readFileSync(dump)])
		});
	}
	const name = `sedz_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = await openPostgres(url, 1);
	try {
		await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(inject('postgresTemplates')[kind])}
			OWNER ${sql.id(testRoles.owner)}`.execute(admin.db);
	} finally {
		await admin.close();
	}
	const own = testDatabaseUrl(url, name, options.as);
	const database = await openPostgres(own, 4);
	return {
		...database,
		url: own,
		ownerUrl: testDatabaseUrl(url, name, 'owner'),
		close: async () => {
			await database.close();
			const cleanup = await openPostgres(url, 1);
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(cleanup.db);
			await cleanup.close();
		}
	};
}
