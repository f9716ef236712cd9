import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDatabaseTypes, generatedSchemaPath } from './database-types';

/**
 * The committed generated table types are what the migrations give (issue 14, item 5): a
 * migration without `npm run db:types` fails here. PostgreSQL only (kysely-codegen reads a
 * server's catalogue); schema.ts's own types are held to the generated ones at compile time.
 */
describe('schema.generated.ts', () => {
	it('is what kysely-codegen makes of the migrated database, to the byte', async () => {
		const url = process.env.TEST_DATABASE_URL!;
		const fresh = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-types-')), 'db.ts');
		await generateDatabaseTypes(url, fresh, `sedz_types_check_${process.pid}`);
		const committed = fs.readFileSync(generatedSchemaPath, 'utf8');
		const regenerated = fs.readFileSync(fresh, 'utf8');
		expect(regenerated).toContain('export interface DB {');
		expect(regenerated).toContain('zone_revision: ZoneRevision;');
		expect(regenerated, 'run `npm run db:types` and commit schema.generated.ts').toBe(committed);
	});
});
