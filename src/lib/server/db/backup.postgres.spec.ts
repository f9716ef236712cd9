import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { readConfig } from '../config';
import { backupDatabase, restoreDatabase } from './backup';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-backup-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('backup and restore of PostgreSQL', () => {
	it('round-trips through pg_dump and pg_restore', async () => {
		// As the owner, as `npm run db:backup` and `db:restore` connect with DATABASE_OWNER_URL.
		const database = await openTestDatabase('empty', { as: 'owner' });
		try {
			const file = path.join(scratch, 'one.pgdump');
			await database.db
				.insertInto('import_run')
				.values({ status: 'failed', trigger: 'test', started_at: new Date() })
				.execute();
			await backupDatabase(database, file, database.url);
			await database.db
				.insertInto('import_run')
				.values({ status: 'running', trigger: 'test', started_at: new Date() })
				.execute();
			await restoreDatabase(readConfig({ DATABASE_URL: database.url }), file);
			const statuses = (await database.db.selectFrom('import_run').select('status').execute()).map(
				(r) => r.status
			);
			expect(statuses).toEqual(['failed']);
		} finally {
			await database.close();
		}
	});
});
