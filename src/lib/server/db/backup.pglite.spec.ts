import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import { backupDatabase, restoreDatabase } from './backup';
import { openPGlite } from './database';
import { migrateToLatest } from './migrate';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-backup-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const runStatuses = async (db: Awaited<ReturnType<typeof openPGlite>>['db']) =>
	(await db.selectFrom('import_run').select('status').orderBy('id').execute()).map((r) => r.status);

describe('backup and restore of the embedded database', () => {
	it('restores the data as it was, keeping the replaced directory aside', async () => {
		const dataDir = path.join(scratch, 'data');
		const file = path.join(scratch, 'backups', 'one.pglite.tar.gz');
		const original = await openPGlite(dataDir);
		await migrateToLatest(original.db);
		await original.db
			.insertInto('import_run')
			.values({ status: 'failed', trigger: 'test', started_at: new Date() })
			.execute();
		await backupDatabase(original, file);
		// A change after the backup, which the restore must undo.
		await original.db
			.insertInto('import_run')
			.values({ status: 'running', trigger: 'test', started_at: new Date() })
			.execute();
		await original.close();

		const keptAside = await restoreDatabase(readConfig({ DATA_DIR: dataDir }), file);
		const restored = await openPGlite(dataDir);
		expect(await runStatuses(restored.db)).toEqual(['failed']);
		await restored.close();

		const previous = await openPGlite(keptAside!);
		expect(await runStatuses(previous.db)).toEqual(['failed', 'running']);
		await previous.close();
	});

	it('refuses to restore over a directory another opener holds', async () => {
		const dataDir = path.join(scratch, 'held');
		const file = path.join(scratch, 'backups', 'held.pglite.tar.gz');
		const held = await openPGlite(dataDir);
		await migrateToLatest(held.db);
		await backupDatabase(held, file);
		await expect(restoreDatabase(readConfig({ DATA_DIR: dataDir }), file)).rejects.toThrow(
			/already open/
		);
		expect(await runStatuses(held.db)).toEqual([]);
		await held.close();
	});
});
