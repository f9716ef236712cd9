/**
 * One measured step of `npm run bench:scale`, in a process of its own so its peak RSS is its own:
 *   import  <engine> <target> tiles|no-tiles <files…>  migrate, import (tiles apart), cut the tiles
 *   restart <engine> <target>               open the database, check the schema, read a stored tile
 * <engine> is pglite (target: a data directory) or postgres (target: a URL). Prints one JSON line.
 */
import { sql } from 'kysely';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { importGeodata } from '../../src/lib/server/geodata/import.service';
import { findTileVersion } from '../../src/lib/server/tiles/tiles.repository';
import { ensureTilesStored } from '../../src/lib/server/tiles/tiles.service';

const [step, engine, target, ...rest] = process.argv.slice(2);
const cutTiles = rest[0] === 'tiles';
const inputs = rest.slice(1);
/** Peak resident memory of this process so far, bytes (getrusage reports kilobytes). */
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;

async function open(): Promise<Database> {
	if (engine === 'pglite') return openPGlite(target!);
	if (engine === 'postgres') return openPostgres(target!);
	throw new Error(`unknown engine ${engine}`);
}

if (step === 'import') {
	const database = await open();
	await migrateToLatest(database.db);
	const importStarted = performance.now();
	const result = await importGeodata(database.db, inputs, { trigger: 'cli', cutTiles: false });
	const importMs = performance.now() - importStarted;
	if (result.status !== 'succeeded') {
		// What the importer told its user (the embedded engine's size limit, for one): printed
		// by the bench as the engine's answer for this size.
		const refused = result.messages
			.filter((m) => m.severity === 'fatal')
			.map((m) => m.detail)
			.join('; ');
		await database.close();
		console.log(JSON.stringify({ refused, importMs, importPeakRssBytes: peakRssBytes() }));
		process.exit(0);
	}
	const importPeakRssBytes = peakRssBytes();
	const tilesStarted = performance.now();
	const report = cutTiles ? await ensureTilesStored(database.db) : undefined;
	const tilesMs = performance.now() - tilesStarted;
	await database.close();
	console.log(
		JSON.stringify({
			importMs,
			importPeakRssBytes,
			tilesMs,
			tiles: report ? Object.values(report.tiles).reduce((a, b) => a + b, 0) : 0,
			peakRssBytes: peakRssBytes()
		})
	);
} else if (step === 'restart') {
	const started = performance.now();
	const database = await open();
	await migrateToLatest(database.db);
	const version = await findTileVersion(database.db);
	const { rows } = await sql<{ n: number }>`
		SELECT count(*)::int AS n FROM vector_tile WHERE import_run_id = ${version?.version ?? 0} AND z = 0`.execute(
		database.db
	);
	const restartMs = performance.now() - started;
	await database.close();
	console.log(
		JSON.stringify({ restartMs, z0Tiles: rows[0]?.n ?? 0, peakRssBytes: peakRssBytes() })
	);
} else {
	throw new Error('usage: scale-child.ts import|restart <engine> <target> [inputs…]');
}
