import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, IndicatorTable, IndicatorValueTable } from '../db/schema';
import type { ImportMessage } from '../geodata/import-report';

/** Queries on the indicator store; the caller owns the transaction. */

export type IndicatorRow = {
	key: string;
	nameTh: string;
	nameEn: string;
	unit: string;
	aggregation: IndicatorTable['aggregation'];
	description: string | null;
	builtIn: boolean;
};

export async function listIndicators(db: Kysely<DB>): Promise<IndicatorRow[]> {
	const rows = await db.selectFrom('indicator').selectAll().orderBy('key').execute();
	return rows.map((r) => ({
		key: r.key,
		nameTh: r.name_th,
		nameEn: r.name_en,
		unit: r.unit,
		aggregation: r.aggregation,
		description: r.description,
		builtIn: r.built_in
	}));
}

export async function insertIndicators(
	db: Kysely<DB>,
	indicators: readonly Insertable<IndicatorTable>[]
): Promise<void> {
	if (indicators.length === 0) return;
	await db.insertInto('indicator').values(indicators).execute();
}

export interface ImportBatchInput {
	status: 'succeeded' | 'failed';
	trigger: 'cli' | 'upload' | 'built_in' | 'test';
	fileName: string | null;
	sha256: string | null;
	counts: Record<string, number>;
	messages: readonly ImportMessage[];
}

export async function insertImportBatch(db: Kysely<DB>, batch: ImportBatchInput): Promise<number> {
	const { id } = await db
		.insertInto('indicator_import')
		.values({
			status: batch.status,
			trigger: batch.trigger,
			file_name: batch.fileName,
			sha256: batch.sha256,
			counts: JSON.stringify(batch.counts),
			messages: JSON.stringify(batch.messages),
			fatal_count: batch.messages.filter((m) => m.severity === 'fatal').length,
			warning_count: batch.messages.filter((m) => m.severity === 'warning').length
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export interface ImportBatchSummary {
	id: number;
	importedAt: Date;
	status: 'succeeded' | 'failed';
	trigger: string;
	fileName: string | null;
	counts: Record<string, number>;
	fatalCount: number;
	warningCount: number;
}

export async function listImportBatches(
	db: Kysely<DB>,
	limit: number
): Promise<ImportBatchSummary[]> {
	const rows = await db
		.selectFrom('indicator_import')
		.select([
			'id',
			'imported_at',
			'status',
			'trigger',
			'file_name',
			'counts',
			'fatal_count',
			'warning_count'
		])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		importedAt: r.imported_at,
		status: r.status,
		trigger: r.trigger,
		fileName: r.file_name,
		counts: r.counts,
		fatalCount: r.fatal_count,
		warningCount: r.warning_count
	}));
}

// Rows go in as one JSON parameter read back by jsonb_to_recordset, as the geodata import does:
// a VALUES list needs a parameter a field, and PGlite loses its footing on tens of thousands.
const valuesPerStatement = 5000;

/** Inserts values, replacing any with the same unit, indicator and year (so re-imports agree). */
export async function upsertValues(
	db: Kysely<DB>,
	values: readonly Insertable<IndicatorValueTable>[]
): Promise<void> {
	for (let i = 0; i < values.length; i += valuesPerStatement) {
		const rows = JSON.stringify(values.slice(i, i + valuesPerStatement));
		await sql`
			INSERT INTO indicator_value
				(unit_kind, unit_code, indicator_key, year, value, unit, source, approximate, import_id)
			SELECT unit_kind, unit_code, indicator_key, year, value, unit, source,
				coalesce(approximate, false), import_id
			FROM jsonb_to_recordset(${rows}::jsonb) AS r (
				unit_kind text, unit_code text, indicator_key text, year integer,
				value double precision, unit text, source text, approximate boolean, import_id integer)
			ON CONFLICT (unit_kind, unit_code, indicator_key, year) DO UPDATE SET
				value = excluded.value, unit = excluded.unit, source = excluded.source,
				approximate = excluded.approximate, import_id = excluded.import_id`.execute(db);
	}
}
