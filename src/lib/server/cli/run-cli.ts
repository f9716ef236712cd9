import { ConfigError, readConfig, type Config } from '../config';
import { openDatabase, type Database } from '../db/database';
import { DataDirLockedError } from '../db/data-dir-lock';
import { migrateDatabase } from '../db/migrate-database';
import { DatabaseRoleError } from '../db/roles';

/**
 * Shared frame of the command-line tools: parse the environment, open the database (which
 * refuses a PGlite directory another process holds), migrate, run, close, set the exit code.
 */
export async function runCli(
	main: (database: Database, config: Config) => Promise<number>,
	options: { migrate?: boolean } = {}
): Promise<void> {
	let database: Database | undefined;
	try {
		const config = readConfig();
		database = await openDatabase(config);
		if (options.migrate ?? true) await migrateDatabase(database, config);
		process.exitCode = await main(database, config);
	} catch (error) {
		if (
			error instanceof ConfigError ||
			error instanceof DataDirLockedError ||
			error instanceof DatabaseRoleError
		) {
			console.error(error.message);
			process.exitCode = 2;
		} else {
			console.error(error);
			process.exitCode = 1;
		}
	} finally {
		await database?.close();
	}
}
