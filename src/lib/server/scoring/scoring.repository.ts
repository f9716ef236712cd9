import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, LaoScoreTable } from '../db/schema';

/** Rows per INSERT: 11 parameters a row stays well under PostgreSQL's 65,535 per statement. */
const rowsPerInsert = 1000;

export async function lockModelName(db: Kysely<DB>, name: string) {
	// Two saves of the same name at once would both pick the same next version.
	await sql`SELECT pg_advisory_xact_lock(hashtext(${`scoring_model:${name}`}))`.execute(db);
}

export async function latestVersionOf(db: Kysely<DB>, name: string): Promise<number> {
	const row = await db
		.selectFrom('scoring_model')
		.select((eb) => eb.fn.max('version').as('version'))
		.where('name', '=', name)
		.executeTakeFirst();
	return row?.version ?? 0;
}

export async function insertModel(
	db: Kysely<DB>,
	model: {
		name: string;
		version: number;
		document: string;
		isOfficial: boolean;
		createdBy: string | null;
	}
) {
	return db
		.insertInto('scoring_model')
		.values({
			name: model.name,
			version: model.version,
			document: model.document,
			is_official: model.isOfficial,
			created_by: model.createdBy
		})
		.returning(['id', 'name', 'version'])
		.executeTakeFirstOrThrow();
}

export function findModel(db: Kysely<DB>, id: number) {
	return db.selectFrom('scoring_model').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLatestModelNamed(db: Kysely<DB>, name: string) {
	return db
		.selectFrom('scoring_model')
		.selectAll()
		.where('name', '=', name)
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** The official model: the latest one marked official (publishing keeps exactly one). */
export function findOfficialModel(db: Kysely<DB>) {
	return db
		.selectFrom('scoring_model')
		.selectAll()
		.where('is_official', '=', true)
		.orderBy('id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** Makes one model the only official one. */
export async function makeOnlyOfficial(db: Kysely<DB>, id: number) {
	await db
		.updateTable('scoring_model')
		.set({ is_official: sql<boolean>`id = ${id}` })
		.where((eb) => eb.or([eb('is_official', '=', true), eb('id', '=', id)]))
		.execute();
}

/** Every version of every model, newest first, without their documents. */
export function listModelVersions(db: Kysely<DB>) {
	return db
		.selectFrom('scoring_model')
		.select(['id', 'name', 'version', 'is_official', 'created_at', 'created_by'])
		.orderBy('id', 'desc')
		.execute();
}

/** Every LAO of the registry with what eligibility reads. */
export function listLaos(db: Kysely<DB>) {
	return db
		.selectFrom('lao')
		.select(['dla_code', 'province_code', 'lao_type'])
		.orderBy('dla_code')
		.execute();
}

export async function replaceScores(
	db: Kysely<DB>,
	modelId: number,
	rows: Insertable<LaoScoreTable>[]
) {
	await db.deleteFrom('lao_score').where('model_id', '=', modelId).execute();
	for (let start = 0; start < rows.length; start += rowsPerInsert) {
		await db
			.insertInto('lao_score')
			.values(rows.slice(start, start + rowsPerInsert))
			.execute();
	}
}

export function selectScores(db: Kysely<DB>, modelId: number, provinceCode?: string) {
	let query = db
		.selectFrom('lao_score')
		.innerJoin('lao', 'lao.dla_code', 'lao_score.dla_code')
		.leftJoin('lao_population_estimate as p', 'p.dla_code', 'lao_score.dla_code')
		.select([
			'lao_score.dla_code',
			'p.method as population_method',
			'lao.name_th',
			'lao.name_en',
			'lao.lao_type',
			'lao.province_code',
			'lao_score.score',
			'lao_score.eligible',
			'lao_score.ineligible_reason',
			'lao_score.breakdown',
			'lao_score.missing_weight_share',
			'lao_score.approximate',
			'lao_score.national_rank',
			'lao_score.province_rank',
			'lao_score.sensitivity_top10_share'
		])
		.where('lao_score.model_id', '=', modelId);
	if (provinceCode !== undefined) query = query.where('lao.province_code', '=', provinceCode);
	return query
		.orderBy(sql`lao_score.national_rank IS NULL`)
		.orderBy('lao_score.national_rank')
		.orderBy('lao_score.dla_code')
		.execute();
}
