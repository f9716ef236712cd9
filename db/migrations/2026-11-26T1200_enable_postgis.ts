import { sql, type Kysely } from 'kysely';

// PostGIS 3.3 is the oldest server we support: use nothing newer in queries.
export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`DROP EXTENSION IF EXISTS postgis`.execute(db);
}
