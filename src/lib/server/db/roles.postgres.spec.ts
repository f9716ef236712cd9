import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, testRoles } from '../../../../tests/setup/test-database';
import { readConfig } from '../config';
import { openPostgres, type Database } from './database';
import { migrateDatabase } from './migrate-database';
import { rolePowers } from './roles';

/**
 * Issue 12, defect 5: the app's role owned the tables, so it could switch the append-only
 * triggers off. Here it is the role of a least-privilege deployment (tests/setup/postgres.sh,
 * README "Security notes"): it owns nothing and holds only row grants.
 */
let database: Database & { url?: string; ownerUrl?: string };
beforeAll(async () => {
	database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

/** A statement must fail with `message`, inside a transaction that then rolls back. */
async function refused(statement: ReturnType<typeof sql>, message: RegExp) {
	await expect(database.db.transaction().execute((trx) => statement.execute(trx))).rejects.toThrow(
		message
	);
}

describe("the app's role", () => {
	it('is not a superuser and owns no table', async () => {
		expect(await rolePowers(database.db)).toEqual({
			role: testRoles.app,
			superuser: false,
			ownedTables: 0
		});
	});

	it('cannot disable a trigger, skip triggers, truncate, drop or change a table', async () => {
		for (const table of ['audit_log', 'zone_revision', 'decision_memo']) {
			await refused(
				sql`ALTER TABLE ${sql.id(table)} DISABLE TRIGGER ALL`,
				/must be owner of table/
			);
			await refused(
				sql`ALTER TABLE ${sql.id(table)} DISABLE TRIGGER ${sql.id(`${table}_append_only`)}`,
				/must be owner of table/
			);
			await refused(sql`TRUNCATE ${sql.id(table)}`, /permission denied for table/);
			await refused(sql`DROP TABLE ${sql.id(table)} CASCADE`, /must be owner of table/);
		}
		await refused(
			sql`SET session_replication_role = replica`,
			/permission denied to set parameter "session_replication_role"/
		);
		await refused(sql`DROP TRIGGER audit_log_no_truncate ON audit_log`, /must be owner of/);
		await refused(sql`CREATE TABLE sneaky (id int)`, /permission denied for schema public/);
		await refused(sql`DROP FUNCTION refuse_change() CASCADE`, /must be owner of function/);
	});

	it('reads and writes rows, its serial ids included', async () => {
		const inserted = await database.db
			.insertInto('import_run')
			.values({ status: 'failed', trigger: 'test', started_at: new Date() })
			.returning('id')
			.executeTakeFirstOrThrow();
		await database.db
			.updateTable('import_run')
			.set({ status: 'succeeded' })
			.where('id', '=', inserted.id)
			.execute();
		await database.db.deleteFrom('import_run').where('id', '=', inserted.id).execute();
		expect(await database.db.selectFrom('import_run').selectAll().execute()).toEqual([]);
	});

	it('is granted on a table a later migration creates, through default privileges', async () => {
		const owner = await openPostgres(database.ownerUrl!, 1);
		try {
			await sql`CREATE TABLE later_table (id serial PRIMARY KEY, note text)`.execute(owner.db);
			await sql`INSERT INTO later_table (note) VALUES ('by the app')`.execute(database.db);
			const { rows } = await sql<{ note: string }>`SELECT note FROM later_table`.execute(
				database.db
			);
			expect(rows).toEqual([{ note: 'by the app' }]);
			await refused(sql`TRUNCATE later_table`, /permission denied for table later_table/);
		} finally {
			await sql`DROP TABLE IF EXISTS later_table`.execute(owner.db);
			await owner.close();
		}
	});
});

describe('start-up with DATABASE_OWNER_URL', () => {
	it('migrates as the owner and grants the app role, and refuses an app role that owns tables', async () => {
		const config = readConfig({
			DATABASE_URL: database.url,
			DATABASE_OWNER_URL: database.ownerUrl
		});
		// Up to date already: nothing to run, the grants are applied again (idempotent).
		const result = await migrateDatabase(database, config);
		expect(result.results).toEqual([]);
		expect(await rolePowers(database.db)).toMatchObject({ ownedTables: 0 });

		const asOwner = await openPostgres(database.ownerUrl!, 1);
		try {
			const misconfigured = readConfig({
				DATABASE_URL: database.ownerUrl,
				DATABASE_OWNER_URL: database.ownerUrl
			});
			await expect(migrateDatabase(asOwner, misconfigured)).rejects.toThrow(
				/DATABASE_URL's role "sedz_owner" owns \d+ tables/
			);
			// DATABASE_URL alone (single role): it still works, with a warning naming the risk.
			const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
			try {
				await migrateDatabase(asOwner, readConfig({ DATABASE_URL: database.ownerUrl }));
				expect(warn).toHaveBeenCalledWith(
					expect.stringMatching(/"sedz_owner", which owns \d+ of its tables.*DATABASE_OWNER_URL/)
				);
			} finally {
				warn.mockRestore();
			}
		} finally {
			await asOwner.close();
		}
	});
});
