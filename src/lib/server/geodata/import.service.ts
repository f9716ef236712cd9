import { storeLaoGraph } from '../candidates/candidates.service';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Phase } from '../../i18n';
import { cutAndStoreTiles } from '../tiles/tiles.service';
import { appendAudit } from '../audit/audit.repository';
import { checkTablesAgainstBoundaries, writeBoundaries } from './import-boundaries';
import { parseDatasets, type ParsedDatasets } from './import-input';
import type { DB, ImportedFile } from '../db/schema';
import * as geodata from './geodata.repository';
import { fatal, ImportFatalError, warning, type ImportMessage } from './import-report';
import { refreshPlannerStatistics } from '../db/statistics';
import type { ShapefileStream, ZipLimits } from './shapefile';

export interface ImportProgress {
	/** 0–100, by the expected share of the run's time. */
	percent: number;
	phase: Phase;
}

export interface ImportOptions {
	trigger: 'cli' | 'first_start' | 'test';
	onProgress?: (progress: ImportProgress) => void;
	/** First start: do nothing if another instance has already imported. */
	onlyIfEmpty?: boolean;
	/** Limits on the boundary zip's expansion; the defaults suit the national file. */
	zipLimits?: Partial<ZipLimits>;
	/**
	 * Cut and store the run's vector tiles in the same transaction (the default). `false` leaves
	 * them to the first start or tile request (`ensureTilesStored`): the test templates, which
	 * every test file copies, stay small.
	 */
	cutTiles?: boolean;
	/**
	 * The embedded engine refuses a boundary layer whose .shp is larger than this many bytes
	 * (16 per vertex), before the heavy work; defaults to `embeddedMaxShpBytes`.
	 */
	embeddedMaxShpBytes?: number;
}

export interface ImportResult {
	status: 'succeeded' | 'failed' | 'skipped';
	runId: number | null;
	files: ImportedFile[];
	messages: ImportMessage[];
	counts: Record<string, number>;
	durationMs: number;
}

/** DOPA's registration statistics are counted on 31 December 2021 (SOURCES.md). */
const populationReferenceDate = '2021-12-31';

/**
 * An area registered above this multiple of the LAO's tambon-based area (or, without one, its
 * province's) is taken to be in another unit or mistyped: 70,370,150 "km²" for one SAO.
 */
export const suspectAreaFactor = 3;

/** How far outside its own province an office point may lie before it is doubted. */
export const officePointToleranceMetres = 1000;

/**
 * The largest boundary .shp (bytes, 16 per vertex) the embedded engine takes: 256 MiB, about
 * 16.8 million vertices, ×72 the national tambon layer (3.7 MB). PGlite is one 32-bit
 * WebAssembly instance holding its work in one linear memory that cannot pass 4 GiB, inside the
 * app's own process; `npm run bench:scale` measured the embedded import's peak RSS at 951 MB for
 * the national layer and growing with it (README, Benchmarks: how cost grows with the data), so
 * past this size an import would come near that wall and the app beside it. PostgreSQL has no
 * such limit: the importer's own memory stays flat (the layer streams in).
 */
export const embeddedMaxShpBytes = 256 * 1024 * 1024;

/** Every import run takes this PostgreSQL advisory lock, so instances never import twice at once. */
const importLockKey = 0x5ed2_0001;

// Share of the run's time each phase takes on the embedded engine, measured on the real data
// (the tiles: about 515,000 of them, more than the rest of the import together).
const phases = [
	['read', 5],
	['tambons', 12],
	['dissolve', 10],
	['laos', 10],
	['population', 2],
	['finish', 2],
	['tiles', 59]
] as const satisfies readonly (readonly [Phase, number])[];
type ImportPhase = (typeof phases)[number][0];

function progressReporter(onProgress?: (progress: ImportProgress) => void) {
	const total = phases.reduce((sum, [, weight]) => sum + weight, 0);
	return (phase: ImportPhase | 'done') => {
		if (!onProgress) return;
		if (phase === 'done') return onProgress({ percent: 100, phase: 'done' });
		const index = phases.findIndex(([key]) => key === phase);
		const before = phases.slice(0, index).reduce((sum, [, weight]) => sum + weight, 0);
		onProgress({ percent: Math.floor((100 * before) / total), phase });
	};
}

/** PGlite names itself in `version()`: `PostgreSQL 18.3 (PGlite 0.5.8) on wasm32-…`. */
async function isEmbedded(db: Kysely<DB>): Promise<boolean> {
	const { rows } = await sql<{ version: string }>`SELECT version() AS version`.execute(db);
	return /PGlite/i.test(rows[0]?.version ?? '');
}

/**
 * Says plainly, in Thai and English and before anything heavy starts, that a boundary layer is
 * too large for the embedded engine, and points to PostgreSQL.
 */
async function refuseTooLargeForEmbedded(
	db: Kysely<DB>,
	data: ParsedDatasets,
	limitBytes = embeddedMaxShpBytes
): Promise<void> {
	const shpBytes = data.boundaries.shpBytes;
	if (shpBytes <= limitBytes || !(await isEmbedded(db))) return;
	const megabytes = (bytes: number) => Math.round(bytes / 1e6).toLocaleString('en-US');
	const vertices = (bytes: number) => (bytes / 16 / 1e6).toFixed(1);
	throw fatal({
		file: data.boundaryFile,
		field: '.shp',
		rule: 'too-large-for-embedded',
		value: String(shpBytes),
		detail:
			`ชั้นข้อมูลขอบเขตนี้ใหญ่เกินกว่าฐานข้อมูลในตัว (PGlite) จะรับได้: ไฟล์ .shp ${megabytes(shpBytes)} MB ` +
			`(ราว ${vertices(shpBytes)} ล้านจุด) เกินขีด ${megabytes(limitBytes)} MB ` +
			`โปรดใช้ PostgreSQL/PostGIS: ตั้ง DATABASE_URL แล้วสั่ง npm run import อีกครั้ง (ดู README) / ` +
			`This boundary layer is too large for the embedded database (PGlite): its .shp is ` +
			`${megabytes(shpBytes)} MB (about ${vertices(shpBytes)} million vertices), over the ` +
			`${megabytes(limitBytes)} MB it takes. Use PostgreSQL/PostGIS: set DATABASE_URL and run ` +
			`npm run import again (see the README). Nothing was changed.`
	});
}

async function countImported(db: Kysely<DB>): Promise<Record<string, number>> {
	const one = async (query: ReturnType<typeof sql<{ n: number | null }>>) =>
		Number((await query.execute(db)).rows[0]?.n ?? 0);
	const counts: Record<string, number> = {
		provinces: await one(sql`SELECT count(*)::int AS n FROM province`),
		districts: await one(sql`SELECT count(*)::int AS n FROM district`),
		tambons: await one(sql`SELECT count(*)::int AS n FROM tambon`),
		laos: await one(sql`SELECT count(*)::int AS n FROM lao`),
		laos_without_geometry: await one(
			sql`SELECT count(*)::int AS n FROM lao WHERE geom IS NULL AND lao_type <> 'provincial_admin_org'`
		),
		laos_approximate: await one(sql`SELECT count(*)::int AS n FROM lao WHERE geom_approximate`),
		lao_office_points: await one(
			sql`SELECT count(*)::int AS n FROM lao WHERE office_point IS NOT NULL`
		),
		lao_tambon_links: await one(sql`SELECT count(*)::int AS n FROM lao_tambon`),
		population_rows: await one(sql`SELECT count(*)::int AS n FROM tambon_population`),
		population_total: await one(
			sql`SELECT sum(population_total)::bigint AS n FROM tambon_population`
		),
		population_rows_without_polygon: await one(
			sql`SELECT count(*)::int AS n FROM tambon_population p WHERE NOT EXISTS (SELECT 1 FROM tambon t WHERE t.code = p.tambon_code)`
		),
		tambons_without_population: await one(
			sql`SELECT count(*)::int AS n FROM tambon t WHERE NOT EXISTS (SELECT 1 FROM tambon_population p WHERE p.tambon_code = t.code)`
		),
		lao_population_estimates: await one(
			sql`SELECT count(*)::int AS n FROM lao_population_estimate`
		),
		country_area_km2: await one(sql`SELECT sum(area_km2) AS n FROM province`)
	};
	const byType = await sql<{ lao_type: string; n: number }>`
		SELECT lao_type, count(*)::int AS n FROM lao GROUP BY lao_type`.execute(db);
	for (const { lao_type, n } of byType.rows) counts[`lao_${lao_type}`] = n;
	return counts;
}

async function writeDatabase(
	trx: Kysely<DB>,
	data: ParsedDatasets,
	messages: ImportMessage[],
	runId: number,
	progress: ReturnType<typeof progressReporter>
) {
	progress('tambons');
	const index = await writeBoundaries(trx, runId, data, messages);
	checkTablesAgainstBoundaries(data, index, messages);

	progress('dissolve');
	await geodata.dissolveDistrictsAndProvinces(trx, runId, {
		provinces: index.provinceNames,
		districts: index.districtNames
	});

	progress('laos');
	await geodata.upsertLinks(trx, runId, data.links);
	await geodata.upsertLaos(trx, runId, data.registry, data.englishNames);

	progress('population');
	await geodata.upsertTambonPopulation(trx, runId, data.population, populationReferenceDate);
	if (data.laoPopulation) {
		await geodata.upsertLaoPopulation(trx, runId, data.laoPopulation, populationReferenceDate);
	}

	progress('finish');
	await geodata.removeRowsOfEarlierRuns(trx, runId);
	// The candidate search's LAO graph (adjacency, shared boundaries, perimeters) follows the data.
	await storeLaoGraph(trx, runId);

	const registryFile = path.basename(data.files.find((f) => f.kind === 'lao_registry')!.path);
	const registryByCode = new Map(data.registry.map((l) => [l.dlaCode, l]));
	for (const suspect of await geodata.clearSuspectRegisteredAreas(trx, runId, suspectAreaFactor)) {
		const registered = registryByCode.get(suspect.dlaCode)?.areaKm2Registered;
		messages.push(
			warning({
				file: registryFile,
				row: suspect.sourceRow,
				field: 'area_km2_registered',
				rule: 'suspect-registered-area',
				detail: `${suspect.dlaCode}: ${registered} km² registered against ${suspect.referenceKm2.toFixed(1)} km² from the boundaries (allowed above 0 and up to ${suspectAreaFactor}×); set to no data`
			})
		);
	}
	for (const point of await geodata.clearOfficePointsOutsideProvince(
		trx,
		runId,
		officePointToleranceMetres
	)) {
		messages.push(
			warning({
				file: registryFile,
				row: point.sourceRow,
				field: 'office_lat',
				rule: 'office-point-outside-province',
				detail: `${point.dlaCode}: the office point lies more than ${officePointToleranceMetres} m outside the LAO's province; set to no data`
			})
		);
	}
}

function asFatalMessages(error: unknown): ImportMessage[] {
	if (error instanceof ImportFatalError) return error.messages;
	return [
		{
			severity: 'fatal',
			file: '(database)',
			field: 'import',
			rule: 'database-error',
			detail: error instanceof Error ? error.message : String(error)
		}
	];
}

/**
 * Imports the datasets in `inputs` (directories or files) in one transaction: either everything
 * is loaded, or nothing changes. A failed run is recorded afterwards with its report.
 */
export async function importGeodata(
	db: Kysely<DB>,
	inputs: readonly string[],
	options: ImportOptions
): Promise<ImportResult> {
	const started = performance.now();
	const progress = progressReporter(options.onProgress);
	const messages: ImportMessage[] = [];
	let files: ImportedFile[] = [];
	const finish = (status: ImportResult['status'], runId: number | null, counts = {}) => ({
		status,
		runId,
		files,
		messages,
		counts,
		durationMs: Math.round(performance.now() - started)
	});

	let boundaries: ShapefileStream | undefined;
	try {
		progress('read');
		const data = await parseDatasets(inputs, messages, options.zipLimits);
		boundaries = data.boundaries;
		files = data.files;
		await refuseTooLargeForEmbedded(db, data, options.embeddedMaxShpBytes);
		const outcome = await db.transaction().execute(async (trx) => {
			await sql`SELECT pg_advisory_xact_lock(${importLockKey})`.execute(trx);
			if (options.onlyIfEmpty && (await hasImportedData(trx))) return undefined;
			const runId = await geodata.startImportRun(trx, options.trigger);
			await writeDatabase(trx, data, messages, runId, progress);
			// The tile cut and every page after it plan their queries on the new rows.
			await refreshPlannerStatistics(trx);
			const counts = await countImported(trx);
			if (options.cutTiles !== false) {
				progress('tiles');
				await cutAndStoreTiles(trx, runId);
			}
			await trx
				.updateTable('import_run')
				.set({
					status: 'succeeded',
					finished_at: new Date(),
					files: JSON.stringify(files),
					counts: JSON.stringify(counts),
					messages: JSON.stringify(messages),
					warning_count: messages.filter((m) => m.severity === 'warning').length
				})
				.where('id', '=', runId)
				.execute();
			// Only a run that succeeds is audited: a failed one changes nothing but its own record.
			await appendAudit(trx, {
				actor: null,
				action: 'geodata.imported',
				entityType: 'geodata',
				entityId: runId,
				after: { importRunId: runId, counts }
			});
			return { runId, counts };
		});
		if (!outcome) return finish('skipped', null);
		progress('done');
		return finish('succeeded', outcome.runId, outcome.counts);
	} catch (error) {
		messages.push(...asFatalMessages(error));
		const failed = await db
			.insertInto('import_run')
			.values({
				status: 'failed',
				trigger: options.trigger,
				started_at: new Date(Date.now() - (performance.now() - started)),
				finished_at: new Date(),
				files: JSON.stringify(files),
				messages: JSON.stringify(messages),
				fatal_count: messages.filter((m) => m.severity === 'fatal').length,
				warning_count: messages.filter((m) => m.severity === 'warning').length
			})
			.returning('id')
			.executeTakeFirst();
		return finish('failed', failed?.id ?? null);
	} finally {
		boundaries?.close();
	}
}

export async function hasImportedData(db: Kysely<DB>): Promise<boolean> {
	const run = await db
		.selectFrom('import_run')
		.select('id')
		.where('status', '=', 'succeeded')
		.limit(1)
		.executeTakeFirst();
	return run !== undefined;
}

export async function latestImportRun(db: Kysely<DB>) {
	return db
		.selectFrom('import_run')
		.selectAll()
		.where('status', '=', 'succeeded')
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
}
