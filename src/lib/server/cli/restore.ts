import path from 'node:path';
import { ConfigError, readConfig } from '../config';
import { restoreDatabase } from '../db/backup';
import { DataDirLockedError } from '../db/data-dir-lock';

// npm run db:restore -- file
const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run db:restore -- <backup file>');
	process.exitCode = 2;
} else {
	try {
		const keptAside = await restoreDatabase(readConfig(), path.resolve(file));
		console.log(`Restored ${file}.`);
		if (keptAside) console.log(`The previous data directory was kept at ${keptAside}.`);
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = error instanceof ConfigError || error instanceof DataDirLockedError ? 2 : 1;
	}
}
