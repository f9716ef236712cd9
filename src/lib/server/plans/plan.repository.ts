import { sql, type Kysely } from 'kysely';
import type { PlanEvent, PlanStatus } from '../../plans/plan-terms';
import type { NetworkSector } from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';

/**
 * Queries on zone plans (issue 16): `zone_plan`, its immutable `plan_revision`s with their
 * `plan_target` and `plan_activity` rows, and `plan_transition`. The service decides
 * permissions and owns the transaction.
 */

/** What the plan services need of the zone: its province, whether approved, its LAOs in force. */
export async function findZoneFacts(db: Kysely<DB>, zoneId: number) {
	const row = await db
		.selectFrom('zone')
		.leftJoin('zone_revision', 'zone_revision.id', 'zone.approved_revision_id')
		.select([
			'zone.id',
			'zone.province_code as provinceCode',
			'zone.approved_revision_id as approvedRevisionId',
			'zone_revision.name as nameInForce',
			'zone_revision.covered_laos as coveredLaos'
		])
		.where('zone.id', '=', zoneId)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		id: row.id,
		provinceCode: row.provinceCode,
		approvedRevisionId: row.approvedRevisionId,
		nameInForce: row.nameInForce,
		dlaCodes: (row.coveredLaos ?? []).map((c) => c.dlaCode)
	};
}
export type ZoneFacts = NonNullable<Awaited<ReturnType<typeof findZoneFacts>>>;

const planColumns = [
	'id',
	'zone_id as zoneId',
	'status',
	'current_revision_id as currentRevisionId',
	'approved_revision_id as approvedRevisionId',
	'updated_at as updatedAt'
] as const;

export function findPlanOfZone(db: Kysely<DB>, zoneId: number) {
	return db
		.selectFrom('zone_plan')
		.select(planColumns)
		.where('zone_id', '=', zoneId)
		.executeTakeFirst();
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlanOfZone>>>;

/** The plan row locked for a change (workflow steps and saves are serialised per plan). */
export function lockPlanOfZone(db: Kysely<DB>, zoneId: number) {
	return db
		.selectFrom('zone_plan')
		.select(planColumns)
		.where('zone_id', '=', zoneId)
		.forUpdate()
		.executeTakeFirst();
}

/**
 * The zone's plan row, inserted once: of two first saves at the same moment, the second waits
 * for the first to commit and gets `created: false` (the service then refuses it as stale).
 */
export async function insertPlanOnce(
	db: Kysely<DB>,
	args: { zoneId: number; createdBy: number }
): Promise<{ created: boolean }> {
	const row = await db
		.insertInto('zone_plan')
		.values({ zone_id: args.zoneId, status: 'draft', created_by: args.createdBy })
		.onConflict((oc) => oc.column('zone_id').doNothing())
		.returning('id')
		.executeTakeFirst();
	return { created: row !== undefined };
}

export async function setPlanState(
	db: Kysely<DB>,
	planId: number,
	state: { status: PlanStatus; currentRevisionId: number; approvedRevisionId: number | null }
) {
	await db
		.updateTable('zone_plan')
		.set({
			status: state.status,
			current_revision_id: state.currentRevisionId,
			approved_revision_id: state.approvedRevisionId,
			updated_at: sql<Date>`now()`
		})
		.where('id', '=', planId)
		.execute();
}

export async function nextRevisionNumber(db: Kysely<DB>, planId: number): Promise<number> {
	const row = await db
		.selectFrom('plan_revision')
		.select(sql<number>`coalesce(max(revision_number), 0) + 1`.as('next'))
		.where('plan_id', '=', planId)
		.executeTakeFirstOrThrow();
	return Number(row.next);
}

/** The highest number used by any target and activity key of the plan (0 when none). */
export async function highestKeyNumbers(db: Kysely<DB>, planId: number) {
	const { rows } = await sql<{ target: number; activity: number }>`
		SELECT
			coalesce((SELECT max(substring(t.target_key FROM 2)::int) FROM plan_target t
				JOIN plan_revision r ON r.id = t.plan_revision_id WHERE r.plan_id = ${planId}), 0) AS target,
			coalesce((SELECT max(substring(a.activity_key FROM 2)::int) FROM plan_activity a
				JOIN plan_revision r ON r.id = a.plan_revision_id WHERE r.plan_id = ${planId}), 0) AS activity
	`.execute(db);
	return { target: Number(rows[0]!.target), activity: Number(rows[0]!.activity) };
}

export interface NewTarget {
	key: string;
	indicatorKey: string | null;
	indicatorNameTh: string | null;
	indicatorNameEn: string | null;
	unit: string;
	baselineValue: number;
	baselineDate: string;
	targetValue: number;
	targetDate: string;
	source: string;
}

export interface NewActivity {
	key: string;
	name: string;
	sectors: NetworkSector[];
	responsibleKind: 'lao' | 'provincial_office' | 'partner';
	responsibleDlaCode: string | null;
	responsiblePartnerId: number | null;
	budgetBaht: { lao: number; province: number; central: number; partner: number };
	startDate: string;
	endDate: string;
	status: 'planned' | 'in_progress' | 'done' | 'cancelled';
}

export async function insertRevision(
	db: Kysely<DB>,
	r: {
		planId: number;
		revisionNumber: number;
		note: string;
		createdBy: number;
		targets: NewTarget[];
		activities: NewActivity[];
	}
): Promise<number> {
	const { id } = await db
		.insertInto('plan_revision')
		.values({
			plan_id: r.planId,
			revision_number: r.revisionNumber,
			note: r.note,
			created_by: r.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (r.targets.length > 0)
		await db
			.insertInto('plan_target')
			.values(
				r.targets.map((t, position) => ({
					plan_revision_id: id,
					target_key: t.key,
					position,
					indicator_key: t.indicatorKey,
					indicator_name_th: t.indicatorNameTh,
					indicator_name_en: t.indicatorNameEn,
					unit: t.unit,
					baseline_value: t.baselineValue,
					baseline_date: t.baselineDate,
					target_value: t.targetValue,
					target_date: t.targetDate,
					source: t.source
				}))
			)
			.execute();
	if (r.activities.length > 0)
		await db
			.insertInto('plan_activity')
			.values(
				r.activities.map((a, position) => ({
					plan_revision_id: id,
					activity_key: a.key,
					position,
					name: a.name,
					sectors: a.sectors,
					responsible_kind: a.responsibleKind,
					responsible_dla_code: a.responsibleDlaCode,
					responsible_partner_id: a.responsiblePartnerId,
					budget_lao_baht: a.budgetBaht.lao,
					budget_province_baht: a.budgetBaht.province,
					budget_central_baht: a.budgetBaht.central,
					budget_partner_baht: a.budgetBaht.partner,
					start_date: a.startDate,
					end_date: a.endDate,
					status: a.status
				}))
			)
			.execute();
	return id;
}

export function findRevision(db: Kysely<DB>, revisionId: number) {
	return db
		.selectFrom('plan_revision')
		.innerJoin('app_user', 'app_user.id', 'plan_revision.created_by')
		.select([
			'plan_revision.id',
			'plan_revision.plan_id as planId',
			'plan_revision.revision_number as revisionNumber',
			'plan_revision.note',
			'plan_revision.created_at as createdAt',
			'app_user.display_name as createdByName'
		])
		.where('plan_revision.id', '=', revisionId)
		.executeTakeFirst();
}

export function listRevisionTargets(db: Kysely<DB>, revisionId: number) {
	return db
		.selectFrom('plan_target')
		.leftJoin('indicator', 'indicator.key', 'plan_target.indicator_key')
		.select([
			'plan_target.target_key as key',
			'plan_target.indicator_key as indicatorKey',
			sql<string>`coalesce(plan_target.indicator_name_th, indicator.name_th)`.as('nameTh'),
			sql<string | null>`coalesce(plan_target.indicator_name_en, indicator.name_en)`.as('nameEn'),
			'plan_target.unit',
			'plan_target.baseline_value as baselineValue',
			'plan_target.baseline_date as baselineDate',
			'plan_target.target_value as targetValue',
			'plan_target.target_date as targetDate',
			'plan_target.source'
		])
		.where('plan_target.plan_revision_id', '=', revisionId)
		.orderBy('plan_target.position')
		.execute();
}

export function listRevisionActivities(db: Kysely<DB>, revisionId: number) {
	return db
		.selectFrom('plan_activity')
		.leftJoin('lao', 'lao.dla_code', 'plan_activity.responsible_dla_code')
		.leftJoin('partner_organisation as p', 'p.id', 'plan_activity.responsible_partner_id')
		.select([
			'plan_activity.activity_key as key',
			'plan_activity.name',
			'plan_activity.sectors',
			'plan_activity.responsible_kind as responsibleKind',
			'plan_activity.responsible_dla_code as responsibleDlaCode',
			'lao.name_th as responsibleLaoNameTh',
			'plan_activity.responsible_partner_id as responsiblePartnerId',
			'p.name as responsiblePartnerName',
			'plan_activity.budget_lao_baht as budgetLaoBaht',
			'plan_activity.budget_province_baht as budgetProvinceBaht',
			'plan_activity.budget_central_baht as budgetCentralBaht',
			'plan_activity.budget_partner_baht as budgetPartnerBaht',
			'plan_activity.start_date as startDate',
			'plan_activity.end_date as endDate',
			'plan_activity.status'
		])
		.where('plan_activity.plan_revision_id', '=', revisionId)
		.orderBy('plan_activity.position')
		.execute();
}

export function listRevisions(db: Kysely<DB>, planId: number) {
	return db
		.selectFrom('plan_revision')
		.select(['id', 'revision_number as revisionNumber', 'note', 'created_at as createdAt'])
		.where('plan_id', '=', planId)
		.orderBy('revision_number')
		.execute();
}

export async function insertTransition(
	db: Kysely<DB>,
	t: {
		planId: number;
		revisionId: number;
		event: PlanEvent;
		fromStatus: PlanStatus;
		toStatus: PlanStatus;
		actorUserId: number;
		actingForUserId: number | null;
		reasonText: string;
	}
): Promise<number> {
	const row = await db
		.insertInto('plan_transition')
		.values({
			plan_id: t.planId,
			revision_id: t.revisionId,
			event: t.event,
			from_status: t.fromStatus,
			to_status: t.toStatus,
			actor_user_id: t.actorUserId,
			acting_for_user_id: t.actingForUserId,
			reason_text: t.reasonText
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export function listTransitions(db: Kysely<DB>, planId: number) {
	return db
		.selectFrom('plan_transition')
		.select([
			'id',
			'revision_id as revisionId',
			'event',
			'from_status as fromStatus',
			'to_status as toStatus',
			'reason_text as reasonText',
			'created_at as createdAt'
		])
		.where('plan_id', '=', planId)
		.orderBy('id')
		.execute();
}

/** Which of these indicator keys exist in the store, with their units. */
export function findIndicators(db: Kysely<DB>, keys: string[]) {
	if (keys.length === 0) return Promise.resolve([]);
	return db.selectFrom('indicator').select(['key', 'unit']).where('key', 'in', keys).execute();
}

/** Which of these LAOs exist, with their province. */
export function findLaos(db: Kysely<DB>, dlaCodes: string[]) {
	if (dlaCodes.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('lao')
		.select(['dla_code as dlaCode', 'province_code as provinceCode'])
		.where('dla_code', 'in', dlaCodes)
		.execute();
}

/** Which of these partners exist, with the province of their directory (null: national). */
export function findPartners(db: Kysely<DB>, ids: number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('partner_organisation')
		.select(['id', 'province_code as provinceCode'])
		.where('id', 'in', ids)
		.execute();
}
