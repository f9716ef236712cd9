import path from 'node:path';
import { backupDatabase, defaultBackupPath } from '../db/backup';
import { runCli } from './run-cli';

// npm run db:backup [-- file]
await runCli(
	async (database, config) => {
		const file = path.resolve(process.argv[2] ?? defaultBackupPath(database.engine));
		await backupDatabase(database, file, config.DATABASE_URL);
		console.log(`Backup written to ${file}`);
		return 0;
	},
	{ migrate: false }
);
