import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config';
import { resolveDataDir } from '../config';
import { lockDataDir } from './data-dir-lock';
import { openPGlite, openPostgres, type Database } from './database';

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

function run(command: string, args: string[], output?: fs.WriteStream | number): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', output ?? 'inherit', 'inherit'] });
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
 * The backup's table of contents less the extensions the database has already (PostGIS): only
 * their owner, a superuser, may drop and re-create them, and the owner role of a least-privilege
 * deployment is none (README, "Security notes"). A database without PostGIS gets it from the
 * backup, which then needs a superuser, as creating it always did.
 */
async function restoreListWithoutPresentExtensions(url: string, file: string): Promise<string> {
	const database = await openPostgres(url, 1);
	let present: string[];
	let extensionTables: string[];
	try {
		const { rows } = await sql<{ name: string }>`SELECT extname AS name FROM pg_extension`.execute(
			database.db
		);
		present = rows.map((r) => r.name);
		// Tables that belong to an extension (spatial_ref_sys): their rows are its business too.
		const tables = await sql<{ name: string }>`
			SELECT c.relname AS name FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
			WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'`.execute(database.db);
		extensionTables = tables.rows.map((r) => r.name);
	} finally {
		await database.close();
	}
	const listFile = path.join(os.tmpdir(), `sedz-restore-${process.pid}-${Date.now()}.list`);
	const fd = fs.openSync(listFile, 'w', 0o600);
	try {
		await run('pg_restore', ['--list', file], fd);
	} finally {
		fs.closeSync(fd);
	}
	// TOC lines read `123; 3079 16385 EXTENSION - postgis`, `4567; 0 0 COMMENT - EXTENSION postgis`
	// and `5678; 0 16700 TABLE DATA public spatial_ref_sys postgres`.
	const kept = fs
		.readFileSync(listFile, 'utf8')
		.split('\n')
		.filter((line) => {
			const extension = / (?:EXTENSION -|COMMENT - EXTENSION) (\S+)/.exec(line)?.[1];
			const data = / TABLE DATA \S+ (\S+) /.exec(line)?.[1];
			return !(
				(extension && present.includes(extension)) ||
				(data && extensionTables.includes(data))
			);
		});
	fs.writeFileSync(listFile, kept.join('\n'));
	return listFile;
}

/**
 * Restores a backup. PostgreSQL: `pg_restore --clean` into the configured database. PGlite: the
 * current data directory is kept aside (renamed, never deleted) and a new one is made from the dump.
 * Returns where the previous data directory went, for PGlite.
 */
export async function restoreDatabase(config: Config, file: string): Promise<string | undefined> {
	if (!fs.existsSync(file)) throw new Error(`No backup at ${file}`);
	if (config.DATABASE_URL) {
		// Dropping and re-creating the tables is the owner's to do (DATABASE_OWNER_URL when set).
		const url = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
		const list = await restoreListWithoutPresentExtensions(url, file);
		try {
			await run('pg_restore', [
				'--clean',
				'--if-exists',
				'--no-owner',
				'--single-transaction',
				`--use-list=${list}`,
				`--dbname=${url}`,
				file
			]);
		} finally {
			fs.rmSync(list, { force: true });
		}
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
