import type { ReadinessOverride } from '../../zones/readiness';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { WorkflowEvent } from '../../zones/workflow';
import type { LaoAnswer, ZoneStatus } from '../../geo/zones/zone-terms';

/**
 * Queries of the review workflow: transitions, consultations and answers. Every function takes
 * the handle it runs in; the services own the transactions.
 */

export async function insertTransition(
	db: Kysely<DB>,
	t: {
		zoneId: number;
		revisionId: number;
		event: WorkflowEvent;
		fromStatus: ZoneStatus;
		toStatus: ZoneStatus;
		actorUserId: number;
		actingForUserId: number | null;
		reasonCodes: readonly string[];
		reasonText: string;
		dataVersions: Record<string, unknown> | null;
		readinessOverride?: ReadinessOverride | null;
	}
): Promise<number> {
	const row = await db
		.insertInto('zone_transition')
		.values({
			zone_id: t.zoneId,
			revision_id: t.revisionId,
			event: t.event,
			from_status: t.fromStatus,
			to_status: t.toStatus,
			actor_user_id: t.actorUserId,
			acting_for_user_id: t.actingForUserId,
			reason_codes: JSON.stringify(t.reasonCodes),
			reason_text: t.reasonText,
			data_versions: t.dataVersions === null ? null : JSON.stringify(t.dataVersions),
			readiness_override: t.readinessOverride ? JSON.stringify(t.readinessOverride) : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function setWorkflowState(
	db: Kysely<DB>,
	zoneId: number,
	state: {
		status: ZoneStatus;
		currentRevisionId: number;
		approvedRevisionId: number | null;
		submitted: boolean;
	}
) {
	await db
		.updateTable('zone')
		.set({
			status: state.status,
			current_revision_id: state.currentRevisionId,
			approved_revision_id: state.approvedRevisionId,
			// Set on each submission; kept otherwise, so the queue can say how long one waited.
			...(state.submitted ? { submitted_at: sql<Date>`now()` } : {}),
			updated_at: sql<Date>`now()`
		})
		.where('id', '=', zoneId)
		.execute();
}

/** A zone's transitions, oldest first, with the names of who acted and whom they acted for. */
export function listTransitions(db: Kysely<DB>, zoneId: number) {
	return db
		.selectFrom('zone_transition as t')
		.innerJoin('zone_revision as r', 'r.id', 't.revision_id')
		.innerJoin('app_user as a', 'a.id', 't.actor_user_id')
		.leftJoin('app_user as g', 'g.id', 't.acting_for_user_id')
		.select([
			't.id',
			't.zone_id',
			't.revision_id',
			'r.revision_number',
			't.event',
			't.from_status',
			't.to_status',
			't.actor_user_id',
			'a.display_name as actor_name',
			'a.position as actor_position',
			't.acting_for_user_id',
			'g.display_name as acting_for_name',
			't.reason_codes',
			't.reason_text',
			't.data_versions',
			't.readiness_override',
			't.created_at'
		])
		.where('t.zone_id', '=', zoneId)
		.orderBy('t.id')
		.execute();
}
export type TransitionRow = Awaited<ReturnType<typeof listTransitions>>[number];

/** The LAOs asked to answer about a zone. */
export function listConsultedDlaCodes(db: Kysely<DB>, zoneId: number): Promise<string[]> {
	return db
		.selectFrom('lao_consultation')
		.select('dla_code')
		.where('zone_id', '=', zoneId)
		.orderBy('dla_code')
		.execute()
		.then((rows) => rows.map((r) => r.dla_code));
}

/**
 * Asks LAOs to answer, or asks again about a newer revision: one row per zone and LAO, whose
 * requested revision and time move forward on a new request. Answers stay (append-only).
 */
export async function upsertConsultations(
	db: Kysely<DB>,
	request: { zoneId: number; dlaCodes: readonly string[]; revisionId: number; requestedBy: number }
) {
	if (request.dlaCodes.length === 0) return;
	await db
		.insertInto('lao_consultation')
		.values(
			request.dlaCodes.map((dlaCode) => ({
				zone_id: request.zoneId,
				dla_code: dlaCode,
				requested_revision_id: request.revisionId,
				requested_by: request.requestedBy
			}))
		)
		.onConflict((oc) =>
			oc.columns(['zone_id', 'dla_code']).doUpdateSet({
				requested_revision_id: request.revisionId,
				requested_by: request.requestedBy,
				requested_at: sql<Date>`now()`
			})
		)
		.execute();
}

export function findConsultation(db: Kysely<DB>, zoneId: number, dlaCode: string) {
	return db
		.selectFrom('lao_consultation')
		.selectAll()
		.where('zone_id', '=', zoneId)
		.where('dla_code', '=', dlaCode)
		.executeTakeFirst();
}

export async function insertResponse(
	db: Kysely<DB>,
	response: {
		consultationId: number;
		revisionId: number;
		answer: LaoAnswer;
		comment: string;
		respondedBy: number;
	}
): Promise<number> {
	const row = await db
		.insertInto('lao_response')
		.values({
			consultation_id: response.consultationId,
			revision_id: response.revisionId,
			answer: response.answer,
			comment: response.comment,
			responded_by: response.respondedBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Every LAO consulted about a zone with its latest answer (null when none yet), the LAO's name
 * and type from the registry, and the revision numbers asked about and answered.
 */
export async function listConsultationsWithLatestAnswer(db: Kysely<DB>, zoneId: number) {
	const { rows } = await sql<{
		consultation_id: number;
		dla_code: string;
		name_th: string | null;
		name_en: string | null;
		lao_type: string | null;
		requested_at: Date;
		requested_revision_number: number;
		requested_by_name: string;
		answer: LaoAnswer | null;
		comment: string | null;
		answered_at: Date | null;
		answered_revision_number: number | null;
		responded_by_name: string | null;
		responded_by_position: string | null;
	}>`
		SELECT c.id AS consultation_id, c.dla_code, l.name_th, l.name_en, l.lao_type, c.requested_at,
			rr.revision_number AS requested_revision_number, ru.display_name AS requested_by_name,
			a.answer, a.comment, a.created_at AS answered_at,
			ar.revision_number AS answered_revision_number,
			au.display_name AS responded_by_name, au.position AS responded_by_position
		FROM lao_consultation c
		JOIN zone_revision rr ON rr.id = c.requested_revision_id
		JOIN app_user ru ON ru.id = c.requested_by
		LEFT JOIN lao l ON l.dla_code = c.dla_code
		LEFT JOIN LATERAL (
			SELECT * FROM lao_response x WHERE x.consultation_id = c.id ORDER BY x.id DESC LIMIT 1
		) a ON true
		LEFT JOIN zone_revision ar ON ar.id = a.revision_id
		LEFT JOIN app_user au ON au.id = a.responded_by
		WHERE c.zone_id = ${zoneId}
		ORDER BY c.dla_code
	`.execute(db);
	return rows;
}

/** Zones whose answer an LAO has been asked for, newest request first. */
export async function listConsultationsOfLao(db: Kysely<DB>, dlaCode: string) {
	const { rows } = await sql<{
		zone_id: number;
		province_code: string;
		status: ZoneStatus;
		name: string;
		revision_number: number;
		requested_at: Date;
		answer: LaoAnswer | null;
		answered_at: Date | null;
		answered_revision_number: number | null;
	}>`
		SELECT z.id AS zone_id, z.province_code, z.status, r.name, r.revision_number,
			c.requested_at, a.answer, a.created_at AS answered_at,
			ar.revision_number AS answered_revision_number
		FROM lao_consultation c
		JOIN zone z ON z.id = c.zone_id
		JOIN zone_revision r ON r.id = z.current_revision_id
		LEFT JOIN LATERAL (
			SELECT * FROM lao_response x WHERE x.consultation_id = c.id ORDER BY x.id DESC LIMIT 1
		) a ON true
		LEFT JOIN zone_revision ar ON ar.id = a.revision_id
		WHERE c.dla_code = ${dlaCode}
		ORDER BY c.requested_at DESC, z.id
	`.execute(db);
	return rows;
}

/**
 * Submitted zones waiting for a decision in these provinces (or all), oldest submission first,
 * with their answer counts.
 */
export async function listReviewQueue(db: Kysely<DB>, provinces: 'all' | readonly string[]) {
	if (provinces !== 'all' && provinces.length === 0) return [];
	const { rows } = await sql<{
		zone_id: number;
		province_code: string;
		province_name_th: string;
		province_name_en: string;
		name: string;
		revision_number: number;
		area_km2: number;
		score: number | null;
		submitted_at: Date;
		waited_seconds: number;
		approved_revision_id: number | null;
		consulted: number;
		agree: number;
		agree_with_conditions: number;
		object: number;
	}>`
		SELECT z.id AS zone_id, z.province_code, p.name_th AS province_name_th,
			p.name_en AS province_name_en, r.name, r.revision_number, r.area_km2, r.score,
			z.submitted_at, extract(epoch from now() - z.submitted_at)::float8 AS waited_seconds,
			z.approved_revision_id,
			(SELECT count(*)::int FROM lao_consultation c WHERE c.zone_id = z.id) AS consulted,
			count(*) FILTER (WHERE a.answer = 'agree')::int AS agree,
			count(*) FILTER (WHERE a.answer = 'agree_with_conditions')::int AS agree_with_conditions,
			count(*) FILTER (WHERE a.answer = 'object')::int AS object
		FROM zone z
		JOIN zone_revision r ON r.id = z.current_revision_id
		JOIN province p ON p.code = z.province_code
		LEFT JOIN lao_consultation c ON c.zone_id = z.id
		LEFT JOIN LATERAL (
			SELECT answer FROM lao_response x WHERE x.consultation_id = c.id ORDER BY x.id DESC LIMIT 1
		) a ON true
		WHERE z.status = 'submitted'
			${provinces === 'all' ? sql`` : sql`AND z.province_code IN (${sql.join([...provinces])})`}
		GROUP BY z.id, p.name_th, p.name_en, r.name, r.revision_number, r.area_km2, r.score
		ORDER BY z.submitted_at, z.id
	`.execute(db);
	return rows;
}

/** The data versions as they are now: the latest boundary/registry import and the model. */
export async function currentDataVersions(db: Kysely<DB>) {
	const { rows } = await sql<{
		import_run_id: number | null;
		import_finished_at: Date | null;
		population_reference_date: string | null;
		official_model_id: number | null;
		official_model_version: number | null;
		latest_indicator_import_id: number | null;
	}>`
		SELECT ir.id AS import_run_id, ir.finished_at AS import_finished_at,
			(SELECT reference_date::text FROM lao_population_estimate LIMIT 1) AS population_reference_date,
			m.id AS official_model_id, m.version AS official_model_version,
			(SELECT max(id) FROM indicator_import WHERE status = 'succeeded') AS latest_indicator_import_id
		FROM (SELECT 1) one
		LEFT JOIN LATERAL (
			SELECT id, finished_at FROM import_run WHERE status = 'succeeded' ORDER BY id DESC LIMIT 1
		) ir ON true
		LEFT JOIN LATERAL (
			SELECT id, version FROM scoring_model WHERE is_official ORDER BY id DESC LIMIT 1
		) m ON true
	`.execute(db);
	const row = rows[0]!;
	return {
		importRunId: row.import_run_id,
		importFinishedAt: row.import_finished_at
			? new Date(row.import_finished_at).toISOString()
			: null,
		populationReferenceDate: row.population_reference_date,
		officialModelId: row.official_model_id,
		officialModelVersion: row.official_model_version,
		latestIndicatorImportId: row.latest_indicator_import_id
	};
}

/** The name and version of a scoring model, for the data versions a decision keeps. */
export function findScoringModelRef(db: Kysely<DB>, modelId: number) {
	return db
		.selectFrom('scoring_model')
		.select(['id', 'name', 'version'])
		.where('id', '=', modelId)
		.executeTakeFirst();
}

/**
 * A copy of a revision as the zone's revision `revisionNumber`, based on it (`revise` without an
 * edit: the next draft starts as the current revision). Returns the new revision's id.
 */
export async function copyRevision(
	db: Kysely<DB>,
	args: { revisionId: number; revisionNumber: number; createdBy: number }
): Promise<number> {
	const { rows } = await sql<{ id: number }>`
		INSERT INTO zone_revision (zone_id, revision_number, name, description, objectives,
			objective_tags, partners, swot, geometry_source, geom, area_km2, vertex_count, covered_laos,
			population_covered, score, scoring_model_id, metrics, based_on_revision_id, created_by)
		SELECT zone_id, ${args.revisionNumber}, name, description, objectives, objective_tags, partners, swot,
			geometry_source, geom, area_km2, vertex_count, covered_laos, population_covered, score,
			scoring_model_id, metrics, id, ${args.createdBy}
		FROM zone_revision WHERE id = ${args.revisionId}
		RETURNING id
	`.execute(db);
	return rows[0]!.id;
}
