import type { Kysely } from 'kysely';
import type { DB } from './db/schema';
import { writeCounterOf } from './db/write-watch';

/**
 * How long a data version read from the database is trusted, milliseconds, when nothing was
 * written through this process in the meantime: a write by another instance (a second app
 * process on the same PostgreSQL, the import CLI) shows within this time.
 */
export const versionCheckIntervalMs = 1000;

/** Reads the version of some data (`approval-42`, `import-7`) from the database. */
export type VersionReader = (db: Kysely<DB>) => Promise<string>;

interface Check {
	version: Promise<string>;
	/** The handle's write count when the read began. */
	writeCount: number;
	/** `performance.now()` when the read began. */
	startedAtMs: number;
}

const checks = new WeakMap<object, Map<VersionReader, Check>>();

/**
 * `read`, asked of the database at most once per `intervalMs` per handle (issue 19 item 4): the
 * public answers cached per version (`cached-answer.ts`, the `/zones` page) then cost no round
 * trip. A write committed through the same handle (an approval, an import, a new official
 * model: `write-watch.ts` counts them all at the driver) makes the next call read again, so this
 * instance's own changes show at once; another instance's show within the interval.
 *
 * Polling rather than PostgreSQL's LISTEN/NOTIFY: one tiny indexed query a second works the
 * same on the embedded engine and on PostgreSQL, needs no connection held out of the pool, and
 * no trigger on every table a public answer reads; public open data may lag another instance's
 * write by a second.
 *
 * A handle that is not watched (a transaction's) reads every time, as before.
 */
export function checkedVersion(
	read: VersionReader,
	intervalMs = versionCheckIntervalMs
): VersionReader {
	return (db) => {
		const counter = writeCounterOf(db);
		if (!counter) return read(db);
		let byReader = checks.get(db);
		if (!byReader) checks.set(db, (byReader = new Map()));
		const now = performance.now();
		const last = byReader.get(read);
		if (last && last.writeCount === counter.count && now - last.startedAtMs < intervalMs)
			return last.version;
		// Concurrent callers share this read; its start is what the interval counts from.
		const writeCount = counter.count;
		const check: Check = { writeCount, startedAtMs: now, version: read(db) };
		byReader.set(read, check);
		const readers = byReader;
		check.version.catch(() => {
			if (readers.get(read) === check) readers.delete(read);
		});
		return check.version;
	};
}
