import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { resolveDataDir } from '../config';
import { lockDataDir } from './data-dir-lock';
import { openPGlite, type Database } from './database';

/**
 * Backups of either engine: a PGlite data-directory dump (gzipped tar) for the embedded
 * database, `pg_dump`'s custom format for PostgreSQL.
 */

export function defaultBackupPath(engine: Database['engine'], now = new Date()): string {
	const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
	return path.resolve(
		'backups',
		`sedz-${stamp}.${engine === 'pglite' ? 'pglite.tar.gz' : 'pgdump'}`
	);
}

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
		child.on('error', (error) =>
			reject(
				new Error(
					`${command} could not start (is the PostgreSQL client installed?): ${error.message}`
				)
			)
		);
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} exited with code ${code}`))
		);
	});
}

export async function backupDatabase(database: Database, file: string, databaseUrl?: string) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	if (database.engine === 'pglite') {
		const dump = await database.pglite!.dumpDataDir('gzip');
		// Write beside and rename, so a crash never leaves a half-written file under the real name.
		const partial = `${file}.partial`;
		fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
		fs.renameSync(partial, file);
	} else {
		await run('pg_dump', [
			'--format=custom',
			'--no-owner',
			`--file=${file}`,
			`--dbname=${databaseUrl}`
		]);
	}
}

/**
 * Restores a backup. PostgreSQL: `pg_restore --clean` into the configured database. PGlite: the
 * current data directory is kept aside (renamed, never deleted) and a new one is made from the dump.
 * Returns where the previous data directory went, for PGlite.
 */
export async function restoreDatabase(config: Config, file: string): Promise<string | undefined> {
	if (!fs.existsSync(file)) throw new Error(`No backup at ${file}`);
	if (config.DATABASE_URL) {
		await run('pg_restore', [
			'--clean',
			'--if-exists',
			'--no-owner',
			'--single-transaction',
			`--dbname=${config.DATABASE_URL}`,
			file
		]);
		return undefined;
	}
	const dataDir = resolveDataDir(config);
	// Hold the live directory for the whole swap: fail now, not halfway, if another process has it.
	const lock = fs.existsSync(dataDir) ? lockDataDir(dataDir) : undefined;
	try {
		const staging = `${dataDir}.restoring`;
		fs.rmSync(staging, { recursive: true, force: true });
		// Build the restored directory beside the live one and check it opens before the swap.
		const restored = await openPGlite(staging, { loadDataDir: new Blob([fs.readFileSync(file)]) });
		await restored.close();
		let keptAside: string | undefined;
		if (lock) {
			keptAside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
			fs.renameSync(dataDir, keptAside);
			// The lock file moved with the directory; the kept copy is closed, not held.
			fs.rmSync(path.join(keptAside, 'sedz.lock'), { force: true });
		}
		fs.renameSync(staging, dataDir);
		return keptAside;
	} finally {
		lock?.release();
	}
}
