import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { openPostgres, type Database } from './database';

let database: Database & { url?: string };
beforeAll(async () => {
	database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

describe('a PostgreSQL pool', () => {
	it('survives the server ending its idle connections, and reconnects', async () => {
		const app = await openPostgres(database.url!, 2);
		try {
			const pid = async () =>
				(await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(app.db)).rows[0]!.pid;
			const before = await pid();
			await sql`SELECT pg_terminate_backend(${before})`.execute(database.db);
			// Give the terminated idle connection time to report its error to the pool.
			await new Promise((resolve) => setTimeout(resolve, 200));
			const after = await pid();
			expect(after).not.toBe(before);
		} finally {
			await app.close();
		}
	});
});
