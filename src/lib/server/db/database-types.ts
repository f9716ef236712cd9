import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { format, resolveConfig } from 'prettier';
import { openPostgres } from './database';
import { migrateToLatest } from './migrate';

/**
 * The database's table types generated from the migrated schema by kysely-codegen (issue 14,
 * item 5), so no one writes column lists by hand. `npm run db:types` writes
 * `schema.generated.ts`; `database-types.postgres.spec.ts` regenerates into a temporary file
 * and fails on any difference, so a migration without its regenerated types fails CI.
 *
 * How the columns read back follows `database.ts`'s parsers: `date` as ISO text
 * (`--date-parser string`), `int8` as a number; PostGIS geometry as hex EWKB text (it is
 * written through SQL expressions such as `ST_GeomFromGeoJSON`); JSON as `JsonDocument`, which
 * unlike the generator's `Json` leaves SQL NULL to the column's nullability.
 */

const run = promisify(execFile);

/** kysely-codegen's command line (its package exports no path to it). */
function codegenCli(): string {
	const main = createRequire(import.meta.url).resolve('kysely-codegen');
	return path.join(path.dirname(main), 'cli', 'bin.js');
}

/** The committed file. */
export const generatedSchemaPath = path.resolve(
	path.dirname(new URL(import.meta.url).pathname),
	'schema.generated.ts'
);

/** Tables that are not the app's: Kysely's migration book-keeping and PostGIS's catalogue. */
const excluded = [
	'kysely_migration',
	'kysely_migration_lock',
	'spatial_ref_sys',
	'geography_columns',
	'geometry_columns'
];

/**
 * Migrates a fresh database `name` on the PostgreSQL server of `superuserUrl` (the owner role
 * of tests/setup/postgres.sh, `sedz_owner`, runs the migrations, as in production), writes its
 * table types to `outFile` formatted as the repository's prettier config says, then drops it.
 */
export async function generateDatabaseTypes(
	superuserUrl: string,
	outFile: string,
	name = `sedz_types_${process.pid}`
): Promise<void> {
	const admin = await openPostgres(superuserUrl, 1);
	const at = (role: string) => {
		const url = new URL(superuserUrl);
		url.username = role;
		url.pathname = `/${name}`;
		return url.toString();
	};
	try {
		await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
		await sql`CREATE DATABASE ${sql.id(name)} OWNER sedz_owner`.execute(admin.db);
		const superuser = await openPostgres(at(new URL(superuserUrl).username), 1);
		await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(superuser.db);
		await superuser.close();
		const owner = await openPostgres(at('sedz_owner'), 1);
		try {
			await migrateToLatest(owner.db);
		} finally {
			await owner.close();
		}
		const raw = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-types-')), 'db.ts');
		await run(
			process.execPath,
			[
				codegenCli(),
				'--dialect=postgres',
				`--url=${at('sedz_owner')}`,
				`--out-file=${raw}`,
				'--date-parser=string',
				`--type-mapping=${JSON.stringify({ int8: 'number', geometry: 'string', json: 'JsonDocument', jsonb: 'JsonDocument' })}`,
				`--custom-imports=${JSON.stringify({ JsonDocument: './json-document' })}`,
				`--exclude-pattern=(${excluded.join('|')})`,
				'--log-level=error'
			],
			{ env: { ...process.env, DATABASE_URL: '' } }
		);
		const options = (await resolveConfig(generatedSchemaPath)) ?? {};
		fs.writeFileSync(
			outFile,
			await format(fs.readFileSync(raw, 'utf8'), { ...options, parser: 'typescript' })
		);
	} finally {
		await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
		await admin.close();
	}
}
