import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { LaoAnswer } from '../../geo/zones/zone-terms';

/**
 * The queries of the decision memo (บันทึกข้อความ) and of office emblems. Every function takes
 * the handle it runs in (the database or the caller's transaction).
 */

/** Tolerance for the province outline under the memo's small map, degrees (≈ 200 m). */
export const memoProvinceSimplifyDegrees = 0.002;

/** A workflow event with the people behind it. */
export function findTransition(db: Kysely<DB>, transitionId: number) {
	return db
		.selectFrom('zone_transition as t')
		.innerJoin('app_user as actor', 'actor.id', 't.actor_user_id')
		.leftJoin('app_user as acting_for', 'acting_for.id', 't.acting_for_user_id')
		.select([
			't.id',
			't.zone_id',
			't.revision_id',
			't.event',
			't.from_status',
			't.to_status',
			't.actor_user_id',
			't.acting_for_user_id',
			't.reason_codes',
			't.reason_text',
			't.readiness_override',
			't.created_at',
			'actor.display_name as actor_name',
			'actor.position as actor_position',
			'acting_for.display_name as acting_for_name'
		])
		.where('t.id', '=', transitionId)
		.executeTakeFirst();
}

export type MemoTransitionRow = NonNullable<Awaited<ReturnType<typeof findTransition>>>;

/**
 * The submission a decision answered: the zone's last `submit` before it, with the role of who
 * submitted (a planner for the provincial office, or DLA staff).
 */
export function findSubmissionBefore(db: Kysely<DB>, zoneId: number, transitionId: number) {
	return db
		.selectFrom('zone_transition as t')
		.innerJoin('app_user as u', 'u.id', 't.actor_user_id')
		.select(['t.id', 't.created_at', 't.revision_id', 'u.role as actor_role'])
		.where('t.zone_id', '=', zoneId)
		.where('t.event', '=', 'submit')
		.where('t.id', '<', transitionId)
		.orderBy('t.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** The decided revision's figures, its geometry as GeoJSON and its scoring model. */
export function findRevisionFigures(db: Kysely<DB>, revisionId: number) {
	return db
		.selectFrom('zone_revision as r')
		.leftJoin('scoring_model as m', 'm.id', 'r.scoring_model_id')
		.select([
			'r.id',
			'r.zone_id',
			'r.revision_number',
			'r.name',
			'r.area_km2',
			'r.covered_laos',
			'r.swot',
			'r.population_covered',
			'r.score',
			'r.scoring_model_id',
			'r.created_at',
			'm.name as model_name',
			'm.version as model_version',
			sql<string>`ST_AsGeoJSON(r.geom, 6)`.as('geometry')
		])
		.where('r.id', '=', revisionId)
		.executeTakeFirst();
}

/** The province's names and its outline, simplified for a small printed map. */
export function findProvinceOutline(db: Kysely<DB>, provinceCode: string) {
	return db
		.selectFrom('province')
		.select([
			'code',
			'name_th',
			'name_en',
			sql<string>`ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, ${memoProvinceSimplifyDegrees})), 5)`.as(
				'geometry'
			)
		])
		.where('code', '=', provinceCode)
		.executeTakeFirst();
}

/** DLA codes of the LAOs asked for their response on this zone (they may read it). */
export async function listConsultedDlaCodes(db: Kysely<DB>, zoneId: number): Promise<string[]> {
	const rows = await db
		.selectFrom('lao_consultation')
		.select('dla_code')
		.where('zone_id', '=', zoneId)
		.execute();
	return rows.map((r) => r.dla_code);
}

/**
 * How the consulted LAOs had answered when the decision was taken: each consultation requested
 * by then counts once, by its latest answer given by then (`not_answered` without one), so the
 * memo of a decision never changes with later answers.
 */
export async function countAnswersAt(
	db: Kysely<DB>,
	zoneId: number,
	transitionId: number
): Promise<Record<LaoAnswer | 'not_answered', number>> {
	// The decision's time is compared in SQL: read into JavaScript it would lose its microseconds.
	const { rows } = await sql<{ answer: LaoAnswer | null; count: number }>`
		WITH decision AS (SELECT created_at FROM zone_transition WHERE id = ${transitionId})
		SELECT latest.answer, count(*)::int AS count
		FROM lao_consultation c
		CROSS JOIN decision d
		LEFT JOIN LATERAL (
			SELECT r.answer FROM lao_response r
			WHERE r.consultation_id = c.id AND r.created_at <= d.created_at
			ORDER BY r.id DESC
			LIMIT 1
		) latest ON true
		WHERE c.zone_id = ${zoneId} AND c.requested_at <= d.created_at
		GROUP BY latest.answer
	`.execute(db);
	const counts = { agree: 0, agree_with_conditions: 0, object: 0, not_answered: 0 };
	for (const row of rows) counts[row.answer ?? 'not_answered'] += Number(row.count);
	return counts;
}

/** The memo fields saved last for a decision; undefined before the first save. */
export function findLatestMemo(db: Kysely<DB>, transitionId: number) {
	return db
		.selectFrom('decision_memo as m')
		.innerJoin('app_user as u', 'u.id', 'm.created_by')
		.select([
			'm.id',
			'm.office',
			'm.document_number',
			sql<string>`m.memo_date::text`.as('memo_date'),
			'm.subject',
			'm.addressee',
			'm.closing_text',
			'm.signer_name',
			'm.signer_position',
			'm.created_at',
			'm.created_by',
			'u.display_name as created_by_name'
		])
		.where('m.transition_id', '=', transitionId)
		.orderBy('m.id', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export interface NewDecisionMemo {
	transitionId: number;
	office: string;
	documentNumber: string;
	memoDate: string;
	subject: string;
	addressee: string;
	closingText: string;
	signerName: string;
	signerPosition: string;
	createdBy: number;
}

export async function insertMemo(db: Kysely<DB>, memo: NewDecisionMemo): Promise<number> {
	const row = await db
		.insertInto('decision_memo')
		.values({
			transition_id: memo.transitionId,
			office: memo.office,
			document_number: memo.documentNumber,
			memo_date: memo.memoDate,
			subject: memo.subject,
			addressee: memo.addressee,
			closing_text: memo.closingText,
			signer_name: memo.signerName,
			signer_position: memo.signerPosition,
			created_by: memo.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

// ---- Office emblems

/** The emblem's facts without its bytes. */
export function findEmblemInfo(db: Kysely<DB>, officeKey: string) {
	return db
		.selectFrom('office_emblem')
		.select([
			'office_key',
			'media_type',
			'uploaded_at',
			'uploaded_by',
			sql<number>`octet_length(bytes)`.as('byte_size')
		])
		.where('office_key', '=', officeKey)
		.executeTakeFirst();
}

export function findEmblem(db: Kysely<DB>, officeKey: string) {
	return db
		.selectFrom('office_emblem')
		.selectAll()
		.where('office_key', '=', officeKey)
		.executeTakeFirst();
}

/** Uploaded emblems' keys and times, for the upload page's list. */
export function listEmblemInfos(db: Kysely<DB>, officeKeys: readonly string[]) {
	if (officeKeys.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('office_emblem')
		.select(['office_key', 'media_type', 'uploaded_at'])
		.where('office_key', 'in', officeKeys)
		.execute();
}

/** Inserts or replaces an office's emblem (the office keeps one). */
export async function upsertEmblem(
	db: Kysely<DB>,
	emblem: {
		officeKey: string;
		mediaType: 'image/png' | 'image/jpeg';
		bytes: Uint8Array;
		uploadedBy: number;
	}
): Promise<void> {
	await db
		.insertInto('office_emblem')
		.values({
			office_key: emblem.officeKey,
			media_type: emblem.mediaType,
			bytes: emblem.bytes,
			uploaded_by: emblem.uploadedBy
		})
		.onConflict((oc) =>
			oc.column('office_key').doUpdateSet({
				media_type: (eb) => eb.ref('excluded.media_type'),
				bytes: (eb) => eb.ref('excluded.bytes'),
				uploaded_by: (eb) => eb.ref('excluded.uploaded_by'),
				uploaded_at: sql`now()`
			})
		)
		.execute();
}

/** Provinces by code, names for the office list. */
export function listProvinceNames(db: Kysely<DB>) {
	return db.selectFrom('province').select(['code', 'name_th', 'name_en']).orderBy('code').execute();
}
