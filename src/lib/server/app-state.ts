import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { phaseLabel, type Phase } from '$lib/i18n';
import { applyDemoMode } from './accounts/demo-accounts';
import {
	noticeMailSettings,
	readConfig,
	resolveDataDir,
	resolveTileCacheDir,
	type Config
} from './config';
import { openDatabase, type Database } from './db/database';
import { migrateDatabase } from './db/migrate-database';
import { findGeodataDir } from './geodata/datasets';
import { analysisMissing, refreshAnalysis } from './scoring/refresh-analysis.service';
import { optimiseAllProvinces } from './candidates/official-candidates.service';
import { ensureCandidatesCurrent } from './ogc/ogc-candidates.repository';
import { officialScoresVersion } from './ogc/ogc.collections';
import { collectionsWarmedAtStart, warmCollection, warmExtents } from './ogc/ogc.service';
import { formatImportReport } from './geodata/import-report-text';
import { hasImportedData, importGeodata } from './geodata/import.service';
import type { ImportMessage } from './geodata/import-report';
import {
	prepareStoredTiles,
	warmStoredTiles,
	readTilesThrough,
	refreshTileSnapshot,
	whenTileVersionChanges
} from './tiles/tiles.service';
import {
	cachedTileSnapshotPath,
	openTileSnapshot,
	removeOtherCachedSnapshots,
	tileSnapshotPath,
	tileSnapshotVersion,
	type TileSnapshot
} from './tiles/tile-snapshot';
import { findTileSetIdentity, findTileVersion } from './tiles/tiles.repository';
import { startReportScheduler } from './coordination/report-schedule.service';
import { plannerStatisticsMissing, refreshPlannerStatistics } from './db/statistics';
import { startNoticeSender } from './coordination/notices.service';

/**
 * What the web server can do right now. Held in memory only: it is rebuilt from the database at
 * each start, so instances stay stateless. While the first import runs, pages answer 503 with
 * this status instead of touching the database.
 */
export type AppStatus =
	| { state: 'starting'; percent: 0; phase: 'opening' }
	| { state: 'importing'; percent: number; phase: Phase }
	| { state: 'ready'; percent: 100; phase: 'ready' }
	| { state: 'no_data'; percent: 0; phase: 'no_data' | 'auto_import_off' }
	| {
			state: 'failed';
			percent: number;
			phase: 'import_failed' | 'startup_failed';
			problems: ImportMessage[];
	  };

let status: AppStatus = { state: 'starting', percent: 0, phase: 'opening' };
let database: Database | undefined;
/** The embedded database's tile snapshot, read while the database opens (issue 19 item 2). */
let tileSnapshot: TileSnapshot | undefined;

export function appStatus(): AppStatus {
	return status;
}

let markReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (markReady = resolve));

/** Resolves when the app is ready (never, if it fails to start or to import). */
export function whenReady(): Promise<void> {
	return ready;
}

/**
 * The tiles of the last import run while the embedded database is still opening after a
 * restart (`tile-snapshot.ts`); undefined otherwise (ready, first start, PostgreSQL). Its
 * presence also says that data was imported before, so the map shell may be shown at once.
 */
export function tilesWhileOpening(): TileSnapshot | undefined {
	return status.state === 'starting' ? tileSnapshot : undefined;
}

export function getDatabase(): Database {
	if (!database || status.state !== 'ready') throw new Error('The database is not ready');
	return database;
}

async function importOnFirstStart(config: Config, db: Database) {
	const dir = findGeodataDir(config.GEODATA_DIR);
	if (!dir) {
		status = { state: 'no_data', percent: 0, phase: 'no_data' };
		console.error('No data imported and no data directory found: see geodata/README.md.');
		return;
	}
	console.log(`First start: importing ${dir} into ${db.engine} (${db.location})`);
	status = { state: 'importing', percent: 0, phase: 'waiting_lock' };
	let lastPercent = -1;
	const result = await importGeodata(db.db, [dir], {
		trigger: 'first_start',
		onlyIfEmpty: true,
		onProgress: ({ percent, phase }) => {
			status = { state: 'importing', percent, phase };
			if (percent !== lastPercent)
				console.log(`  import ${String(percent).padStart(3)} %  ${phaseLabel('en', phase)}`);
			lastPercent = percent;
		}
	});
	if (result.status === 'failed') {
		console.error(formatImportReport(result));
		status = {
			state: 'failed',
			percent: status.percent,
			phase: 'import_failed',
			problems: result.messages.filter((m) => m.severity === 'fatal').slice(0, 50)
		};
		return;
	}
	if (result.status === 'succeeded') {
		console.log(formatImportReport({ ...result, messages: [] }));
		// Indicators and official scores follow the data before anyone sees the new data.
		status = { state: 'importing', percent: 99, phase: 'analysis' };
		await runAnalysis(db);
	} else console.log('Another instance imported the data first.');
	becomeReady(db);
}

async function runAnalysis(db: Database) {
	try {
		const refresh = await refreshAnalysis(db.db);
		console.log(
			`Indicators and official scores refreshed in ${refresh.durationMs} ms: ` +
				refresh.scoredModels.map((m) => `${m.name} v${m.version} (${m.scored} scored)`).join(', ')
		);
	} catch (error) {
		// The data stays usable; the next start or import refreshes the analysis again.
		console.error('Refreshing indicators and scores failed:', error);
	}
}

async function optimiseCandidates(db: Database) {
	const started = performance.now();
	const count = await optimiseAllProvinces(db.db);
	if (count > 0)
		console.log(
			`Exact candidate zones stored for ${count} province(s) in ${Math.round((performance.now() - started) / 1000)} s`
		);
}

/**
 * Prepares the OGC answers GIS clients read whole in the background, so the first `ogr2ogr`
 * does not wait for them. The vector tiles are stored by the import: nothing is sliced here,
 * except once for a database imported before tiles were stored (issue 19).
 */
/** How long after a restart the embedded engine waits before warming the open data. */
const openDataDelayMs = 3000;

function becomeReady(db: Database) {
	status = { state: 'ready', percent: 100, phase: 'ready' };
	markReady();
	// The snapshot that served the tiles while the database opened keeps serving the cold ones
	// (one `pread` instead of a query on PGlite's one connection) while it is of the current run.
	if (tileSnapshot) serveTilesFrom(db, tileSnapshot);
	tileSnapshot = undefined;
	// A database imported before the import analysed its tables (PGlite never does it by itself).
	void plannerStatisticsMissing(db.db)
		.then(async (missing) => {
			if (!missing) return;
			const started = performance.now();
			await refreshPlannerStatistics(db.db);
			console.log(`Planner statistics gathered in ${Math.round(performance.now() - started)} ms`);
		})
		.catch((error: unknown) => console.error('Gathering the planner statistics failed:', error))
		.then(() => prepareStoredTiles(db.db))
		.catch((error: unknown) => console.error('Cutting the vector tiles failed:', error))
		.then(() => snapshotTiles(db))
		// The embedded engine has one connection and this process's one event loop: the first
		// pages and tiles after a restart go first, the OGC answers' encoding (seconds of CPU)
		// a moment later (issue 19 item 2). PostgreSQL's pool serves both at once.
		.then(() => (db.engine === 'pglite' ? sleep(openDataDelayMs) : undefined))
		.then(() => warmOpenData(db.db))
		.catch((error: unknown) => console.error('Preparing the open data failed:', error));
	// A database imported before the analysis existed gets it in the background; then the exact
	// candidate zones of every province whose stored answer is missing or stale (issue 13).
	void analysisMissing(db.db)
		.then((missing) => (missing ? runAnalysis(db) : undefined))
		.then(() => (readConfig().CANDIDATE_OPTIMISER_AT_START ? optimiseCandidates(db) : undefined))
		.catch((error: unknown) => console.error('Checking the analysis failed:', error));
	// Recurring coordination reports: now, then hourly (idempotent across instances).
	startReportScheduler(db.db);
	// Email notices of the register: sent when SMTP is configured (one instance per notice).
	startNoticeSender(db.db, noticeMailSettings(readConfig()));
}

/**
 * The tile snapshot the stored tiles are read through once the database is open (see
 * becomeReady): the embedded engine's, or this PostgreSQL instance's cached copy.
 */
let servingSnapshot: TileSnapshot | undefined;

function serveTilesFrom(db: Database, snapshot: TileSnapshot) {
	const previous = servingSnapshot;
	servingSnapshot = snapshot;
	readTilesThrough(db.db, snapshot);
	// Reads in flight on the old file finish first; one that fails is answered by the database.
	if (previous && previous !== snapshot)
		setTimeout(() => void previous.close().catch(() => undefined), 1000).unref();
}

/** Where the embedded engine keeps its tile snapshot; undefined on PostgreSQL. */
function snapshotFile(config: Config): string | undefined {
	return config.DATABASE_URL ? undefined : tileSnapshotPath(resolveDataDir(config));
}

/**
 * Where this instance's tile snapshot of the latest stored tile set is: the embedded engine's
 * data directory; on PostgreSQL, a file of that database and set in the tile cache directory.
 */
async function currentSnapshotFile(db: Database, config: Config): Promise<string | undefined> {
	if (db.engine === 'pglite' || !config.DATABASE_URL) return snapshotFile(config);
	const current = await findTileVersion(db.db);
	if (!current?.stored) return undefined;
	const set = await findTileSetIdentity(db.db, current.version);
	if (!set) return undefined;
	const dir = resolveTileCacheDir(config);
	await mkdir(dir, { recursive: true });
	return cachedTileSnapshotPath(dir, config.DATABASE_URL, { version: current.version, ...set });
}

/**
 * Writes the tile snapshot when the stored tiles are of another run than it, and reads the
 * stored tiles through it (logged). On PostgreSQL the first start with a tile set (or a new
 * import) reads the low zooms into memory first, the map's first view, then writes the copy.
 */
async function snapshotTiles(db: Database) {
	const config = readConfig();
	try {
		const file = await currentSnapshotFile(db, config);
		if (!file) return;
		const before = await tileSnapshotVersion(file);
		if (db.engine === 'postgres' && before === undefined) await warmTiles(db);
		const written = await refreshTileSnapshot(db.db, file);
		if (written)
			console.log(
				`Tile snapshot of import run ${written.version} written${db.engine === 'postgres' ? ` to ${file}` : ' for fast restarts'}: ${written.tiles} tiles in ${Math.round(written.ms)} ms`
			);
		if (servingSnapshot?.version !== (written?.version ?? before)) {
			const opened = await openTileSnapshot(file);
			if (opened) serveTilesFrom(db, opened);
		}
		if (written && db.engine === 'postgres') await removeOtherCachedSnapshots(file);
	} catch (error) {
		// The database has every tile: only first requests (and, embedded, the next restart's
		// first seconds) are slower.
		console.error('Writing the tile snapshot failed:', error);
	}
}

/** PostgreSQL's low-zoom tiles read into memory before they are asked for (`warmStoredTiles`). */
async function warmTiles(db: Database) {
	try {
		const started = performance.now();
		const kept = await warmStoredTiles(db.db);
		console.log(
			`Vector tiles up to z12 in memory: ${kept} in ${Math.round(performance.now() - started)} ms`
		);
	} catch (error) {
		// Only their first requests are slower: each is then read when asked for.
		console.error('Reading the vector tiles ahead failed:', error);
	}
}

/** The OGC collections GIS clients read whole, encoded once (see `collectionsWarmedAtStart`). */
async function warmOpenData(db: Database['db']) {
	for (const id of collectionsWarmedAtStart) {
		const started = performance.now();
		try {
			const { features, bytes } = await warmCollection(db, id);
			console.log(
				`OGC API: ${id} ready to serve (${features} features, ${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`
			);
		} catch (error) {
			console.error(`Preparing the OGC collection ${id} failed:`, error);
		}
	}
	// Then the candidates (all provinces on a new database: seconds of CPU).
	try {
		const started = performance.now();
		const rebuilt = await ensureCandidatesCurrent(db, await officialScoresVersion(db));
		if (rebuilt.length > 0)
			console.log(
				`OGC API: candidates of ${rebuilt.length} province(s) stored in ${Math.round(performance.now() - started)} ms`
			);
	} catch (error) {
		console.error('Preparing the OGC candidates failed:', error);
	}
	// Then every collection's extent: `/ogc/collections` is a GIS client's first request.
	try {
		const started = performance.now();
		await warmExtents(db);
		console.log(`OGC API: extents found in ${Math.round(performance.now() - started)} ms`);
	} catch (error) {
		console.error('Finding the OGC extents failed:', error);
	}
}

/** Demo accounts exist (and work) only while DEMO_MODE is on; see accounts/demo-accounts.ts. */
async function applyDemoAccounts(db: Database, config: Config) {
	const result = await applyDemoMode(db.db, config.DEMO_MODE);
	if (config.DEMO_MODE) {
		console.log(`Demo mode: demo accounts ready (${result.refreshed.join(', ')})`);
		if (result.skipped.length > 0)
			console.warn(`Demo mode: left real accounts alone: ${result.skipped.join(', ')}`);
	} else if (result.disabled > 0) {
		console.log(`Demo mode off: disabled ${result.disabled} demo account(s)`);
	}
}

let started: Promise<void> | undefined;

export interface StartOptions {
	/**
	 * Called once, after the cause is logged, when start-up or the first-start import fails:
	 * the server (hooks.server.ts) then exits non-zero so that its supervisor starts it again,
	 * instead of answering "start-up failed" forever (issue 12).
	 */
	onFailed?: (error: unknown) => void;
}

function unexpected(field: string, error: unknown): ImportMessage[] {
	return [
		{
			severity: 'fatal',
			file: '(app)',
			field,
			rule: field === 'import' ? 'unexpected-error' : 'start-up-failed',
			detail: error instanceof Error ? error.message : String(error)
		}
	];
}

/**
 * How long, at most, the embedded database's opening waits after a restart with a tile snapshot,
 * so that the map's first view (the shell, its scripts, the snapshot's tiles) is served first.
 * Opening PGlite compiles PostGIS's WebAssembly and starts the backend: seconds of both cores,
 * which the first visitors' requests otherwise queue behind (on the 2-core machine, with the
 * browser beside it, the map was drawn 0.9 s later: 2.8-3.0 s after the spawn instead of
 * 1.9-2.3 s; with a wait of 1.5 s, still 1-1.5 s later than on PostgreSQL). The wait ends at once
 * when a request needs the database (`databaseWanted`), the map page's own included: it asks
 * as soon as its first view is drawn (`/status.json?open=1`).
 */
const firstViewGraceMs = 4000;
let endFirstViewGrace: () => void = () => undefined;

function firstViewGrace(): Promise<void> {
	return new Promise<void>((resolve) => {
		const timer = setTimeout(() => endFirstViewGrace(), firstViewGraceMs);
		endFirstViewGrace = () => {
			clearTimeout(timer);
			endFirstViewGrace = () => undefined;
			resolve();
		};
	});
}

/** A request needs the database (a signed-in page, the API, a deep tile): stop waiting to open it. */
export function databaseWanted(): void {
	endFirstViewGrace();
}

/** Opens and migrates the database, then imports in the background when it is empty. */
export function startApp(options: StartOptions = {}): Promise<void> {
	const failed = (error: unknown) => options.onFailed?.(error);
	started ??= (async () => {
		status = { state: 'starting', percent: 0, phase: 'opening' };
		const config = readConfig();
		// The tile snapshot is read first (a footer and an index, milliseconds): PGlite's opening
		// then holds the event loop for long stretches while it compiles PostGIS.
		const snapshotAt = snapshotFile(config);
		if (snapshotAt) {
			const opened = await openTileSnapshot(snapshotAt).catch((error: unknown) => {
				console.warn(
					'The tile snapshot could not be read (the map waits for the database):',
					error
				);
				return undefined;
			});
			if (status.state === 'starting') tileSnapshot = opened;
			else void opened?.close();
		}
		if (tileSnapshot) await firstViewGrace();
		whenTileVersionChanges(() => {
			if (database) void snapshotTiles(database);
		});
		database = await openDatabase(config);
		await migrateDatabase(database, config);
		await applyDemoAccounts(database, config);
		if (await hasImportedData(database.db)) {
			becomeReady(database);
		} else if (config.AUTO_IMPORT) {
			const importing = database;
			void importOnFirstStart(config, importing).then(
				() => {
					// The report is logged already; a new start imports again from the beginning.
					if (status.state === 'failed') failed(new Error('The first-start import failed.'));
				},
				(error: unknown) => {
					console.error(error);
					status = {
						state: 'failed',
						percent: status.percent,
						phase: 'import_failed',
						problems: unexpected('import', error)
					};
					failed(error);
				}
			);
		} else {
			status = { state: 'no_data', percent: 0, phase: 'auto_import_off' };
		}
	})().catch((error: unknown) => {
		status = {
			state: 'failed',
			percent: 0,
			phase: 'startup_failed',
			problems: unexpected('start-up', error)
		};
		failed(error);
		throw error;
	});
	return started;
}

export async function stopApp(): Promise<void> {
	const snapshot = servingSnapshot;
	servingSnapshot = undefined;
	if (database) readTilesThrough(database.db, undefined);
	await snapshot?.close().catch(() => undefined);
	await database?.close();
}
