import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { resolveDataDir, type Config } from '../config';
import { lockDataDir } from './data-dir-lock';
import { leanPostgis } from './lean-postgis';
import type { DB } from './schema';
import { registerWriteCounter, watchWrites, WriteCounter } from './write-watch';
import { YieldingPGliteDialect } from './yielding-pglite-dialect';

export type Engine = 'pglite' | 'postgres';

export interface Database {
	db: Kysely<DB>;
	engine: Engine;
	/** Where the data lives, for messages: a directory or a URL without its password. */
	location: string;
	/** Present on the embedded engine only: the PGlite instance, for data-directory dumps. */
	pglite?: PGlite;
	close(): Promise<void>;
}

// PostgreSQL returns bigint (count(*), sum()) as text to keep precision; our counts and sums
// (66 million people at most) fit a JavaScript number exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// Dates stay ISO strings ('2021-12-31'): no time zone may shift them.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export function redactUrl(url: string): string {
	return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
	const pool = new pg.Pool({ connectionString: url, max: poolSize });
	// An idle connection the server ends (a restart, a failover, pg_terminate_backend) is reported
	// on the pool; without a listener Node treats it as unhandled and stops the whole process. The
	// pool drops the connection and opens a new one for the next query.
	pool.on('error', (error) => {
		console.error(`PostgreSQL closed an idle connection (${redactUrl(url)}): ${error.message}`);
	});
	const db = watchedKysely(new PostgresDialect({ pool }));
	return { db, engine: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

/** A handle whose committed writes are counted, for the public caches (`write-watch.ts`). */
function watchedKysely(dialect: Dialect): Kysely<DB> {
	const counter = new WriteCounter();
	const db = new Kysely<DB>({ dialect: watchWrites(dialect, counter) });
	registerWriteCounter(db, counter);
	return db;
}

/** Options for tests: start from a data-directory dump instead of an empty directory. */
export interface PGliteOptions {
	loadDataDir?: Blob;
	/** Skip the directory lock, for in-memory databases (`memory://`). */
	inMemory?: boolean;
}

/**
 * PGlite's own start parameters with a small WAL. PGlite runs PostgreSQL in single-user mode;
 * at each checkpoint the spent WAL segments are kept as future ones up to `max_wal_size`
 * (1 GB by default), so after the import a data directory carried ~350 MB of spent WAL beside
 * ~300 MB of data, copied with it into every backup dump, test database and e2e app (loading
 * the test dump took 10 s instead of 3.5 s). 64 MB keeps a checkpoint every few seconds of
 * import at most. The defaults are PGlite's static `defaultStartParams` (untyped; see
 * https://github.com/electric-sql/pglite/blob/main/packages/pglite/src/pglite.ts); without them
 * PGlite starts with its own.
 */
const upstreamStartParams = (PGlite as unknown as { defaultStartParams?: readonly string[] })
	.defaultStartParams;
const startParams = upstreamStartParams && [
	...upstreamStartParams,
	...['-c', 'max_wal_size=64MB', '-c', 'min_wal_size=32MB']
];

export async function openPGlite(dataDir: string, options: PGliteOptions = {}): Promise<Database> {
	const lock = options.inMemory ? undefined : lockDataDir(dataDir);
	try {
		const pglite = await PGlite.create(options.inMemory ? 'memory://' : dataDir, {
			// PostGIS without the raster and topology libraries it never loads (see lean-postgis.ts).
			extensions: { postgis: leanPostgis },
			loadDataDir: options.loadDataDir,
			...(startParams && { startParams }),
			// PGlite's INT8 parser returns BigInt by default; match the pg setting above.
			parsers: { 20: (value: string) => Number.parseInt(value, 10), 1082: (value: string) => value }
		});
		const db = watchedKysely(new YieldingPGliteDialect({ pglite }));
		return {
			db,
			engine: 'pglite',
			location: options.inMemory ? 'memory://' : dataDir,
			pglite,
			close: async () => {
				await db.destroy();
				lock?.release();
			}
		};
	} catch (error) {
		lock?.release();
		throw error;
	}
}

export function openDatabase(config: Config): Promise<Database> {
	return config.DATABASE_URL
		? openPostgres(config.DATABASE_URL)
		: openPGlite(resolveDataDir(config));
}
