import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import { openPGlite, type Database } from './database';
import { DataDirLockedError } from './data-dir-lock';
import { migrateDown, migrateToLatest } from './migrate';
import { migrations } from '../../../../db/migrations';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

describe.runIf(engine === 'pglite')('an embedded data directory', () => {
	let dir: string;
	let database: Database;
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-lock-'));
		database = await openPGlite(dir);
		await migrateToLatest(database.db);
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('refuses a second opener in this process, touching nothing', async () => {
		await expect(openPGlite(dir)).rejects.toThrow(DataDirLockedError);
		expect(await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db)).toMatchObject({ rows: [{ n: 1 }] });
	});

	it('stops an import run by another process at once, with a clear message', async () => {
		const snapshot = () =>
			fs
				.readdirSync(dir, { recursive: true, withFileTypes: true })
				.filter((e) => e.isFile())
				.map((e) => {
					const file = path.join(e.parentPath, e.name);
					return `${file}:${fs.statSync(file).mtimeMs}`;
				})
				.sort();
		const before = snapshot();
		const started = performance.now();
		const result = await run('npx', ['tsx', 'src/lib/server/cli/import.ts', '/nonexistent'], {
			cwd: projectRoot,
			env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' }
		}).catch((error: { code: number; stderr: string }) => error);
		expect('code' in result && result.code).toBe(2);
		expect(result.stderr).toMatch(/in use by another process \(pid \d+\)/);
		expect(snapshot()).toEqual(before);
		// "At once": the child never started PGlite, which alone takes seconds.
		expect(performance.now() - started).toBeLessThan(30_000);
	});

	it('is taken over when the process that held it has died', async () => {
		const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-stale-'));
		fs.writeFileSync(path.join(other, 'sedz.lock'), '999999999\n');
		const reopened = await openPGlite(other);
		expect(fs.readFileSync(path.join(other, 'sedz.lock'), 'utf8').trim()).toBe(String(process.pid));
		await reopened.close();
		expect(fs.existsSync(path.join(other, 'sedz.lock'))).toBe(false);
		fs.rmSync(other, { recursive: true, force: true });
	});
});

describe('migrations', () => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase('empty');
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
		for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
		expect((await tables()).filter((t) => t !== 'spatial_ref_sys')).toEqual([]);
		await migrateToLatest(database.db);
		expect(await tables()).toEqual(migrated);
	});

	it('create GiST indexes on every geometry column', async () => {
		const indexed = await sql<{ tablename: string }>`
			SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist%' ORDER BY tablename`.execute(database.db);
		expect(indexed.rows.map((r) => r.tablename)).toEqual(['district', 'lao', 'lao', 'province', 'tambon']);
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
			await trx.insertInto('import_run').values({ status: 'running', trigger: 'test', started_at: new Date() }).execute();
			firstInserted();
			await firstMayCommit;
			throw new Error('roll back on purpose');
		});
		await firstHasInserted;
		// Issued while the first transaction is open: must not run inside it.
		const second = database.db.transaction().execute((trx) =>
			trx.insertInto('import_run').values({ status: 'failed', trigger: 'test', started_at: new Date() }).execute()
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
