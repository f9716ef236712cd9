import {
	PGliteDialect,
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
 */
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
		return this.#inner.acquireConnection();
	}

	async releaseConnection(connection: DatabaseConnection): Promise<void> {
		await this.#inner.releaseConnection(connection);
		const release = this.#release;
		this.#release = undefined;
		release?.();
	}

	beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		return this.#inner.beginTransaction(connection, settings);
	}

	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.commitTransaction(connection);
	}

	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.rollbackTransaction(connection);
	}

	async savepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.savepoint?.(connection, name, compileQuery);
	}

	async rollbackToSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.rollbackToSavepoint?.(connection, name, compileQuery);
	}

	async releaseSavepoint(
		connection: DatabaseConnection,
		name: string,
		compileQuery: QueryCompiler['compileQuery']
	): Promise<void> {
		await this.#inner.releaseSavepoint?.(connection, name, compileQuery);
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
