import path from 'node:path';
import { backupDatabase, defaultBackupPath } from '../db/backup';
import { runCli } from './run-cli';

// npm run db:backup [-- file]
await runCli(
	async (database, config) => {
		const file = path.resolve(process.argv[2] ?? defaultBackupPath(database.engine));
		// The owner sees every table (the app's role cannot read the migration lock, say).
		await backupDatabase(database, file, config.DATABASE_OWNER_URL ?? config.DATABASE_URL);
		console.log(`Backup written to ${file}`);
		return 0;
	},
	{ migrate: false }
);
