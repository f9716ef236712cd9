import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from './database';
import { migrateDown, migrateToLatest, migrationsUpToDate } from './migrate';
import { migrations } from '../../../../db/migrations';

describe('migrations', () => {
	let database: Database;
	beforeAll(async () => {
		// The superuser on PostgreSQL: the first migration's down drops the PostGIS extension.
		database = await openTestDatabase('empty', { as: 'admin' });
	});
	afterAll(() => database?.close());

	const tables = async () =>
		(
			await sql<{ table_name: string }>`
				SELECT table_name FROM information_schema.tables
				WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' AND table_type = 'BASE TABLE'
				ORDER BY table_name`.execute(database.db)
		).rows.map((r) => r.table_name);

	it('each have a real down: all the way down leaves no table, and up again restores them', async () => {
		const migrated = await tables();
		expect(migrated).toContain('lao');
		expect(await migrationsUpToDate(database.db)).toBe(true);
		await migrateDown(database.db);
		// One migration short: the quick check sends migrateToLatest to Kysely's Migrator.
		expect(await migrationsUpToDate(database.db)).toBe(false);
		for (let i = 1; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
		expect((await tables()).filter((t) => t !== 'spatial_ref_sys')).toEqual([]);
		expect(await migrationsUpToDate(database.db)).toBe(false);
		await migrateToLatest(database.db);
		expect(await tables()).toEqual(migrated);
		expect(await migrationsUpToDate(database.db)).toBe(true);
	});

	it('create GiST indexes on every geometry column', async () => {
		// Every geometry column PostGIS knows of, and the GiST indexes naming it.
		const { rows } = await sql<{ table: string; column: string; indexed: boolean }>`
			SELECT g.f_table_name AS table, g.f_geometry_column AS column,
				EXISTS (
					SELECT 1 FROM pg_indexes i
					WHERE i.schemaname = 'public' AND i.tablename = g.f_table_name
						AND i.indexdef ILIKE '%USING gist%'
						AND i.indexdef ILIKE '%(' || g.f_geometry_column || ')%'
				) AS indexed
			FROM geometry_columns g
			WHERE g.f_table_schema = 'public'
			ORDER BY 1, 2`.execute(database.db);
		expect(rows.length).toBeGreaterThanOrEqual(6);
		expect(rows.filter((r) => !r.indexed).map((r) => `${r.table}.${r.column}`)).toEqual([]);
	});
});

describe('concurrent work on one database', () => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase('empty');
	});
	afterAll(() => database?.close());

	it('keeps a query from outside a transaction out of it, and loses no write', async () => {
		let releaseFirst!: () => void;
		const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
		let firstInserted!: () => void;
		const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));

		const first = database.db.transaction().execute(async (trx) => {
			await trx
				.insertInto('import_run')
				.values({ status: 'running', trigger: 'test', started_at: new Date() })
				.execute();
			firstInserted();
			await firstMayCommit;
			throw new Error('roll back on purpose');
		});
		await firstHasInserted;
		// Issued while the first transaction is open: must not run inside it.
		const second = database.db
			.transaction()
			.execute((trx) =>
				trx
					.insertInto('import_run')
					.values({ status: 'failed', trigger: 'test', started_at: new Date() })
					.execute()
			);
		const outside = database.db.selectFrom('import_run').select('status').execute();
		releaseFirst();
		await expect(first).rejects.toThrow('roll back on purpose');
		await second;
		expect((await outside).map((r) => r.status)).not.toContain('running');
		const rows = await database.db.selectFrom('import_run').select('status').execute();
		expect(rows.map((r) => r.status)).toEqual(['failed']);
	});
});

describe('a long chain of queries', () => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase('empty');
	});
	afterAll(() => database?.close());

	// An import is thousands of statements in a row. On the embedded engine they run in this
	// thread, so the event loop must turn between them or the HTTP server answers nobody until the
	// import ends (yielding-pglite-dialect.ts); on PostgreSQL the socket does it by nature.
	it('lets the event loop turn between statements', async () => {
		let turns = 0;
		let running = true;
		const count = () => {
			turns += 1;
			if (running) setImmediate(count);
		};
		setImmediate(count);
		await database.db.transaction().execute(async (trx) => {
			for (let i = 0; i < 50; i += 1) await sql`SELECT ${i}::int AS n`.execute(trx);
		});
		running = false;
		expect(turns).toBeGreaterThanOrEqual(50);
	});
});
