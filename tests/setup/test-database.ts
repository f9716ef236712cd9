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
 * A database of the test file's own, copied from a template built once per run by the global
 * setup: `imported` holds the real data, `empty` only the schema. Close it in `afterAll`.
 */
export async function openTestDatabase(
	kind: 'empty' | 'imported'
): Promise<Database & { url?: string }> {
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
		await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(inject('postgresTemplates')[kind])}`.execute(
			admin.db
		);
	} finally {
		await admin.close();
	}
	const u = new URL(url);
	u.pathname = `/${name}`;
	const database = await openPostgres(u.toString(), 4);
	return {
		...database,
		url: u.toString(),
		close: async () => {
			await database.close();
			const cleanup = await openPostgres(url, 1);
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(cleanup.db);
			await cleanup.close();
		}
	};
}
