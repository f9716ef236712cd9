import { migrateDown, migrateToLatest } from '../db/migrate';
import { runCli } from './run-cli';

// npm run db:migrate            — migrate to the latest version
// npm run db:migrate -- down    — undo the last migration
await runCli(
	async (database) => {
		const down = process.argv[2] === 'down';
		const result = down ? await migrateDown(database.db) : await migrateToLatest(database.db);
		for (const r of result.results ?? [])
			console.log(`${r.direction} ${r.migrationName}: ${r.status}`);
		if ((result.results ?? []).length === 0) console.log('Already up to date.');
		return 0;
	},
	{ migrate: false }
);
