import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPGlite, type Database } from './database';
import { DataDirLockedError, lockDataDir, type DataDirLock } from './data-dir-lock';
import { migrateToLatest } from './migrate';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** A process of its own that takes the lock of `dir` and holds it until it is killed. */
function holderScript(dir: string): string {
	const script = path.join(dir, '..', `${path.basename(dir)}-holder.ts`);
	fs.writeFileSync(
		script,
		`import { lockDataDir } from ${JSON.stringify(path.join(import.meta.dirname, 'data-dir-lock.ts'))};\n` +
			`lockDataDir(${JSON.stringify(dir)});\nconsole.log('locked');\nsetInterval(() => {}, 1e6);\n`
	);
	return script;
}

/** Resolves once the child printed `locked`. */
function lockedBy(child: ChildProcess): Promise<void> {
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('locked')) resolve();
		});
		child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before locking`)));
	});
}

function processState(pid: number): string | undefined {
	try {
		return /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	} catch {
		return undefined;
	}
}

const children: ChildProcess[] = [];
const tempDirs: string[] = [];
function tempDir(prefix: string): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	tempDirs.push(dir);
	return dir;
}
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
});
afterAll(() => {
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('an embedded data directory', () => {
	let dir: string;
	let database: Database;
	beforeAll(async () => {
		dir = tempDir('sedz-lock-');
		database = await openPGlite(dir);
		await migrateToLatest(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('refuses a second opener in this process, touching nothing', async () => {
		await expect(openPGlite(dir)).rejects.toThrow(DataDirLockedError);
		expect(await sql<{ n: number }>`SELECT 1 AS n`.execute(database.db)).toMatchObject({
			rows: [{ n: 1 }]
		});
	});

	it('stops an import run by another process at once, naming the holder', async () => {
		const snapshot = () =>
			fs
				.readdirSync(dir, { recursive: true, withFileTypes: true })
				.filter((e) => e.isFile() && e.name !== 'sedz.lock')
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
		expect(result.stderr).toContain(`in use by another process (pid ${process.pid}, `);
		expect(snapshot()).toEqual(before);
		// "At once": the child never started PGlite, which alone takes seconds.
		expect(performance.now() - started).toBeLessThan(30_000);
	});
});

describe('the data directory lock', () => {
	it('is not blocked by the pid file an older version left, even naming a live process', () => {
		const other = tempDir('sedz-stale-');
		// The reproduction of issue 12 (`echo 1 > .data/sedz.lock`), and a pid that surely lives.
		for (const leftover of ['1\n', `${process.ppid}\n`]) {
			fs.writeFileSync(path.join(other, 'sedz.lock'), leftover);
			const lock = lockDataDir(other);
			expect(fs.readFileSync(path.join(other, 'sedz.lock'), 'utf8')).toMatch(
				new RegExp(`^${process.pid}\\n`)
			);
			lock.release();
		}
		// Released: the next opener gets it at once.
		lockDataDir(other).release();
	});

	it('refuses while another process holds it, naming that process, and frees when it dies', async () => {
		const other = tempDir('sedz-held-');
		const holder = spawn(process.execPath, ['--import', 'tsx', holderScript(other)], {
			cwd: projectRoot,
			stdio: ['ignore', 'pipe', 'inherit']
		});
		children.push(holder);
		await lockedBy(holder);
		expect(() => lockDataDir(other)).toThrow(
			new RegExp(`in use by another process \\(pid ${holder.pid}, `)
		);
		holder.kill('SIGKILL');
		await new Promise((resolve) => holder.once('exit', resolve));
		lockDataDir(other).release();
	});

	it('is free the moment its holder is killed, even while the holder is an unreaped zombie', async () => {
		const other = tempDir('sedz-zombie-');
		// sh starts the holder in the background, then becomes `sleep`, which never reaps it: the
		// killed holder stays a zombie whose pid still "exists" (the old pid check said alive).
		const parent = spawn(
			'sh',
			[
				'-c',
				`${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(holderScript(other))} & exec sleep 120`
			],
			{ cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		children.push(parent);
		await lockedBy(parent);
		// The holder wrote its own pid first thing into the file it locked.
		const pid = Number(fs.readFileSync(path.join(other, 'sedz.lock'), 'utf8').split('\n')[0]);
		expect(pid).toBeGreaterThan(0);
		expect(pid).not.toBe(parent.pid);
		expect(() => lockDataDir(other)).toThrow(DataDirLockedError);
		process.kill(pid, 'SIGKILL');
		for (let i = 0; i < 100 && processState(pid) !== 'Z'; i++)
			await new Promise((resolve) => setTimeout(resolve, 20));
		expect(processState(pid)).toBe('Z');
		// Still a zombie, its pid still in the file: the lock is free all the same.
		expect(fs.readFileSync(path.join(other, 'sedz.lock'), 'utf8')).toMatch(
			new RegExp(`^${pid}\\n`)
		);
		// The leader turns zombie first; its other threads (V8's, libuv's) end a moment later, and
		// with the last of them the kernel closes the files and drops the lock.
		const killed = performance.now();
		let lock: DataDirLock | undefined;
		while (!lock && performance.now() - killed < 5_000) {
			try {
				lock = lockDataDir(other);
			} catch (error) {
				if (!(error instanceof DataDirLockedError)) throw error;
				await new Promise((resolve) => setTimeout(resolve, 10));
			}
		}
		expect(lock).toBeDefined();
		expect(processState(pid)).toBe('Z');
		lock!.release();
	});
});
