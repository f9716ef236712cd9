import {
	PGliteDialect,
	type CompiledQuery,
	type QueryResult,
	type DatabaseConnection,
	type Driver,
	type PGliteDialectConfig,
	type QueryCompiler,
	type TransactionSettings
} from 'kysely';

/**
 * Kysely's PGlite driver hands its one connection to every caller at once: a query issued while
 * another request holds a transaction runs inside that transaction, and a second transaction
 * replaces the first. This driver gives the connection to one caller at a time, as a pool of one
 * would, so concurrent requests queue instead of mixing.
 *
 * PGlite also runs in this thread: a chain of queries (an import) resolves promise after promise
 * and never lets the HTTP server read a request. Each query therefore first yields one turn of
 * the event loop (`setImmediate`), so the server still answers between statements.
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

const unwrap = (connection: DatabaseConnection) =>
	connection instanceof YieldingConnection ? connection.inner : connection;

class SerialDriver implements Driver {
	readonly #inner: Driver;
	#queue: Promise<void> = Promise.resolve();
	#release: (() => void) | undefined;

	constructor(inner: Driver) {
		this.#inner = inner;
	}

	init(): Promise<void> {
		return this.#inner.init();
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		const previous = this.#queue;
		let release!: () => void;
		this.#queue = new Promise<void>((resolve) => (release = resolve));
		await previous;
		this.#release = release;
		return new YieldingConnection(await this.#inner.acquireConnection());
	}

	async releaseConnection(connection: DatabaseConnection): Promise<void> {
		await this.#inner.releaseConnection(unwrap(connection));
		const release = this.#release;
		this.#release = undefined;
		release?.();
	}

	beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		return this.#inner.beginTransaction(unwrap(connection), settings);
	}

	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.commitTransaction(unwrap(connection));
	}

	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.rollbackTransaction(unwrap(connection));
	}

	async savepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.savepoint?.(unwrap(connection), name, compileQuery);
	}

	async rollbackToSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.rollbackToSavepoint?.(unwrap(connection), name, compileQuery);
	}

	async releaseSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.releaseSavepoint?.(unwrap(connection), name, compileQuery);
	}

	destroy(): Promise<void> {
		return this.#inner.destroy();
	}
}

export class SerialPGliteDialect extends PGliteDialect {
	constructor(config: PGliteDialectConfig) {
		super(config);
	}

	override createDriver(): Driver {
		return new SerialDriver(super.createDriver());
	}
}
