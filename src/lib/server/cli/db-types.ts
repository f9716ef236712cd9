import { execFileSync } from 'node:child_process';
import { generateDatabaseTypes, generatedSchemaPath } from '../db/database-types';

// npm run db:types — regenerate src/lib/server/db/schema.generated.ts from the migrations:
// starts the throwaway PostgreSQL cluster of tests/setup/postgres.sh (PGPORT picks its port),
// migrates a fresh database on it, runs kysely-codegen and drops the database. An argument
// writes elsewhere (`npm run db:types -- /tmp/db.ts`).
const superuserUrl = execFileSync('bash', ['tests/setup/postgres.sh', 'start'], {
	encoding: 'utf8',
	stdio: ['ignore', 'pipe', 'inherit']
}).trim();
const outFile = process.argv[2] ?? generatedSchemaPath;
await generateDatabaseTypes(superuserUrl, outFile);
console.log(`Wrote ${outFile}`);
