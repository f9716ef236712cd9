import { openPostgres } from '../db/database';
import { migrateDown } from '../db/migrate';
import { migrateDatabase } from '../db/migrate-database';
import { runCli } from './run-cli';

// npm run db:migrate            — migrate to the latest version (as DATABASE_OWNER_URL when set)
// npm run db:migrate -- down    — undo the last migration
await runCli(
	async (database, config) => {
		const down = process.argv[2] === 'down';
		let result;
		if (!down) result = await migrateDatabase(database, config);
		else if (!config.DATABASE_OWNER_URL) result = await migrateDown(database.db);
		else {
			const owner = await openPostgres(config.DATABASE_OWNER_URL, 1);
			try {
				result = await migrateDown(owner.db);
			} finally {
				await owner.close();
			}
		}
		for (const r of result.results ?? [])
			console.log(`${r.direction} ${r.migrationName}: ${r.status}`);
		if ((result.results ?? []).length === 0) console.log('Already up to date.');
		return 0;
	},
	{ migrate: false }
);
