import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite, type Database } from './database';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';
import { migrateToLatest } from './migrate';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

describe('an embedded data directory', () => {
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
		expect(await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db)).toMatchObject({
			rows: [{ n: 1 }]
		});
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

	it('is taken over when the process that held it has died', () => {
		const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-stale-'));
		fs.writeFileSync(path.join(other, 'sedz.lock'), '999999999\n');
		const lock = lockDataDir(other);
		expect(fs.readFileSync(path.join(other, 'sedz.lock'), 'utf8').trim()).toBe(String(process.pid));
		lock.release();
		expect(fs.existsSync(path.join(other, 'sedz.lock'))).toBe(false);
		fs.rmSync(other, { recursive: true, force: true });
	});
});
