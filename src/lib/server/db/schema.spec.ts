import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from './database';
import { tableColumns } from './schema';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

describe('the table types in schema.ts', () => {
	it('name exactly the tables and columns the migrations create', async () => {
		const { rows } = await sql<{ table_name: string; column_name: string }>`
			SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'
				AND table_name NOT IN ('spatial_ref_sys', 'geography_columns', 'geometry_columns')
			ORDER BY table_name, ordinal_position`.execute(database.db);
		const live: Record<string, string[]> = {};
		for (const r of rows) (live[r.table_name] ??= []).push(r.column_name);
		const declared = Object.fromEntries(
			Object.entries(tableColumns).map(([table, columns]) => [table, [...columns]])
		);
		expect(live).toEqual(declared);
	});
});
