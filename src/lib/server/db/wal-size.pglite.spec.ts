import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openPGlite } from './database';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-wal-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const walBytes = () =>
	fs
		.readdirSync(path.join(dir, 'pg_wal'))
		.filter((name) => /^[0-9A-F]{24}$/.test(name))
		.reduce((sum, name) => sum + fs.statSync(path.join(dir, 'pg_wal', name)).size, 0);

describe('an embedded data directory after heavy writing', () => {
	it('keeps no more spent WAL than a small max_wal_size allows', async () => {
		const db = await openPGlite(dir);
		try {
			const shown = await sql<{ max_wal_size: string }>`SHOW max_wal_size`.execute(db.db);
			expect(shown.rows[0]!.max_wal_size).toBe('64MB');
			// About 200 MB of WAL, as an import writes: with PostgreSQL's default (1 GB) every
			// spent segment stayed in pg_wal as a recycled future one.
			await sql`CREATE TABLE filler AS
				SELECT g, repeat(md5(g::text), 10) AS text FROM generate_series(1, 500000) AS g`.execute(db.db);
			await sql`DROP TABLE filler`.execute(db.db);
		} finally {
			await db.close();
		}
		expect(walBytes()).toBeLessThanOrEqual(96 * 1024 * 1024);
	});
});
