import type {
	CompiledQuery,
	DatabaseConnection,
	Dialect,
	Driver,
	QueryCompiler,
	QueryResult,
	TransactionSettings
} from 'kysely';

/**
 * Counts the writes this process commits through one database handle, so that caches of public
 * answers can skip their "has the data changed?" query while nothing was written here
 * (`checked-version.ts`, issue 19 item 4) and still see a write made here at once.
 *
 * Kept at the driver, not in the services: every path that changes data — an approval, an
 * import, a new scoring model, a constraint layer, a migration — ends in a commit or an
 * auto-committed statement here, so none can be forgotten. The count goes up after each commit
 * and after each statement outside a transaction that may write (anything but a SELECT). It may
 * go up for writes no public answer depends on (a login); that costs one version query, never a
 * stale answer.
 */
export class WriteCounter {
	/** How many writes this handle has committed; only ever grows. */
	count = 0;
}

const counters = new WeakMap<object, WriteCounter>();

/** The counter of `db` when it was opened with `watchWrites` (not a transaction's handle). */
export function writeCounterOf(db: object): WriteCounter | undefined {
	return counters.get(db);
}

/** Remembers `counter` as the one of `db` (called where the handle is made). */
export function registerWriteCounter(db: object, counter: WriteCounter): void {
	counters.set(db, counter);
}

/** `dialect` with its driver's commits and writing statements counted on `counter`. */
export function watchWrites(dialect: Dialect, counter: WriteCounter): Dialect {
	return {
		createAdapter: () => dialect.createAdapter(),
		createDriver: () => new WriteWatchingDriver(dialect.createDriver(), counter),
		createQueryCompiler: () => dialect.createQueryCompiler(),
		createIntrospector: (db) => dialect.createIntrospector(db)
	};
}

/** A raw statement that only reads; any other raw statement counts as a write. */
const readingStatement = /^\s*(select|show|explain)\b/i;

/** Whether `query` may change data (builder SELECTs never do). */
function mayWrite(query: CompiledQuery): boolean {
	if (query.query.kind === 'SelectQueryNode') return false;
	if (query.query.kind === 'RawNode') return !readingStatement.test(query.sql);
	return true;
}

class WatchedConnection implements DatabaseConnection {
	/** Inside a transaction its statements count at the commit, not one by one. */
	inTransaction = false;

	constructor(
		readonly inner: DatabaseConnection,
		readonly counter: WriteCounter
	) {}

	async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		if (this.inTransaction || !mayWrite(query)) return this.inner.executeQuery<R>(query);
		try {
			return await this.inner.executeQuery<R>(query);
		} finally {
			// Counted after the statement: a reader that checked before it re-reads next time.
			this.counter.count++;
		}
	}

	streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
		return this.inner.streamQuery<R>(query, chunkSize);
	}
}

const inner = (connection: DatabaseConnection) =>
	connection instanceof WatchedConnection ? connection.inner : connection;

class WriteWatchingDriver implements Driver {
	constructor(
		readonly driver: Driver,
		readonly counter: WriteCounter
	) {}

	init(...args: Parameters<Driver['init']>) {
		return this.driver.init(...args);
	}

	async acquireConnection(...args: Parameters<Driver['acquireConnection']>) {
		return new WatchedConnection(await this.driver.acquireConnection(...args), this.counter);
	}

	async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
		await this.driver.beginTransaction(inner(connection), settings);
		if (connection instanceof WatchedConnection) connection.inTransaction = true;
	}

	async commitTransaction(connection: DatabaseConnection) {
		try {
			await this.driver.commitTransaction(inner(connection));
		} finally {
			if (connection instanceof WatchedConnection) connection.inTransaction = false;
			// After the commit, so that a version read during the transaction is read again.
			this.counter.count++;
		}
	}

	async rollbackTransaction(connection: DatabaseConnection) {
		try {
			await this.driver.rollbackTransaction(inner(connection));
		} finally {
			if (connection instanceof WatchedConnection) connection.inTransaction = false;
		}
	}

	async savepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	) {
		if (!this.driver.savepoint) throw new Error('The database driver has no savepoints');
		await this.driver.savepoint(inner(connection), name, compileQuery);
	}

	async rollbackToSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	) {
		if (!this.driver.rollbackToSavepoint) throw new Error('The database driver has no savepoints');
		await this.driver.rollbackToSavepoint(inner(connection), name, compileQuery);
	}

	async releaseSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	) {
		if (!this.driver.releaseSavepoint) throw new Error('The database driver has no savepoints');
		await this.driver.releaseSavepoint(inner(connection), name, compileQuery);
	}

	releaseConnection(connection: DatabaseConnection, ...rest: unknown[]) {
		return this.driver.releaseConnection(
			inner(connection),
			...(rest as [Parameters<Driver['releaseConnection']>[1]])
		);
	}

	destroy(...args: Parameters<Driver['destroy']>) {
		return this.driver.destroy(...args);
	}
}
