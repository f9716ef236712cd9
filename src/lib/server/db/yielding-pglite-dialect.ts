import {
	PGliteDialect,
	type CompiledQuery,
	type QueryResult,
	type DatabaseConnection,
	type Driver,
	type QueryCompiler,
	type TransactionSettings
} from 'kysely';

/**
 * PGlite runs in this thread: a chain of queries (an import) resolves promise after promise and
 * never lets the HTTP server read a request. Each query therefore first yields one turn of the
 * event loop (`setImmediate`), so the server still answers between statements.
 *
 * Serialising callers is not done here: Kysely's PGlite adapter declares
 * `supportsMultipleConnections = false`, and its RuntimeDriver then hands the one connection to
 * one caller at a time through a ConnectionMutex (kysely/src/driver/runtime-driver.ts,
 * https://github.com/kysely-org/kysely/blob/master/src/driver/runtime-driver.ts);
 * `database.spec.ts` "concurrent work on one database" checks that this holds.
 */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class YieldingConnection implements DatabaseConnection {
	constructor(readonly inner: DatabaseConnection) {}

	async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		await yieldToEventLoop();
		return this.inner.executeQuery<R>(query);
	}

	streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
		return this.inner.streamQuery<R>(query, chunkSize);
	}
}

// Kysely's PGlite connection keeps its transaction methods behind private symbols: the driver's
// transaction calls must get the connection it made, not the wrapper.
const unwrap = (connection: DatabaseConnection) =>
	connection instanceof YieldingConnection ? connection.inner : connection;

class YieldingDriver implements Driver {
	constructor(readonly inner: Driver) {}

	init(): Promise<void> {
		return this.inner.init();
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		return new YieldingConnection(await this.inner.acquireConnection());
	}

	releaseConnection(connection: DatabaseConnection): Promise<void> {
		return this.inner.releaseConnection(unwrap(connection));
	}

	beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		return this.inner.beginTransaction(unwrap(connection), settings);
	}

	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.commitTransaction(unwrap(connection));
	}

	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.inner.rollbackTransaction(unwrap(connection));
	}

	async savepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.inner.savepoint?.(unwrap(connection), name, compileQuery);
	}

	async rollbackToSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.inner.rollbackToSavepoint?.(unwrap(connection), name, compileQuery);
	}

	async releaseSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.inner.releaseSavepoint?.(unwrap(connection), name, compileQuery);
	}

	destroy(): Promise<void> {
		return this.inner.destroy();
	}
}

/** Kysely's PGlite dialect whose queries each let the event loop turn first (see above). */
export class YieldingPGliteDialect extends PGliteDialect {
	override createDriver(): Driver {
		return new YieldingDriver(super.createDriver());
	}
}
