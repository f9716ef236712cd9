import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ActingFor } from '../../accounts/roles';
import type { DB } from '../db/schema';
import type { DesignationState } from './acting.service';

/**
 * The acting designations in force today (Asia/Bangkok, both ends inclusive) for the user whose
 * id is `userId`, as a JSON array of `ActingFor`: a sub-select the session and actor queries
 * add to their one row, so acting governors cost no extra round trip per request. A revoked
 * designation, or one for a governor whose account is disabled, is not in force.
 */
export function actingForOf(userId: RawBuilder<number> | ReturnType<typeof sql.ref>) {
	return sql<ActingFor[]>`(
		SELECT coalesce(jsonb_agg(jsonb_build_object(
				'designationId', d.id,
				'provinceCode', d.province_code,
				'governorUserId', d.governor_user_id,
				'governorName', g.display_name,
				'endsOn', d.ends_on::text
			) ORDER BY d.id), '[]'::jsonb)
		FROM acting_designation d
		JOIN app_user g ON g.id = d.governor_user_id
		WHERE d.acting_user_id = ${userId}
			AND d.revoked_at IS NULL
			AND NOT g.disabled
			AND (now() AT TIME ZONE 'Asia/Bangkok')::date BETWEEN d.starts_on AND d.ends_on
	)`;
}

/**
 * The designation, share-locked until the end of the transaction, if it is still in force today
 * (Asia/Bangkok) for `actingUserId` and its governor's account is enabled: a decision made under
 * it cannot race its revocation.
 */
export function lockDesignationInForce(
	db: Kysely<DB>,
	args: { designationId: number; actingUserId: number }
) {
	return db
		.selectFrom('acting_designation as d')
		.innerJoin('app_user as g', 'g.id', 'd.governor_user_id')
		.select('d.id')
		.where('d.id', '=', args.designationId)
		.where('d.acting_user_id', '=', args.actingUserId)
		.where('d.revoked_at', 'is', null)
		.where('g.disabled', '=', false)
		.where(
			sql<boolean>`(now() AT TIME ZONE 'Asia/Bangkok')::date BETWEEN d.starts_on AND d.ends_on`
		)
		.forShare()
		.executeTakeFirst();
}

/** Today's calendar date in Bangkok, by the database's clock (as the session reads it). */
export async function bangkokToday(db: Kysely<DB>): Promise<string> {
	const { rows } = await sql<{
		today: string;
	}>`SELECT (now() AT TIME ZONE 'Asia/Bangkok')::date::text AS today`.execute(db);
	return rows[0]!.today;
}

const stateExpression = sql<DesignationState>`CASE
	WHEN d.revoked_at IS NOT NULL THEN 'revoked'
	WHEN (now() AT TIME ZONE 'Asia/Bangkok')::date < d.starts_on THEN 'upcoming'
	WHEN (now() AT TIME ZONE 'Asia/Bangkok')::date > d.ends_on THEN 'ended'
	ELSE 'in_force' END`;

/** Designations with their province, governor, acting user, author, revoker and state today. */
export function designationQuery(db: Kysely<DB>) {
	return db
		.selectFrom('acting_designation as d')
		.innerJoin('province as p', 'p.code', 'd.province_code')
		.innerJoin('app_user as g', 'g.id', 'd.governor_user_id')
		.innerJoin('app_user as a', 'a.id', 'd.acting_user_id')
		.innerJoin('app_user as c', 'c.id', 'd.created_by')
		.leftJoin('app_user as r', 'r.id', 'd.revoked_by')
		.select([
			'd.id',
			'd.province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'd.governor_user_id',
			'g.display_name as governor_name',
			'g.disabled as governor_disabled',
			'd.acting_user_id',
			'a.display_name as acting_name',
			'a.position as acting_position',
			'a.role as acting_role',
			sql<string>`d.starts_on::text`.as('starts_on'),
			sql<string>`d.ends_on::text`.as('ends_on'),
			'd.created_at',
			'c.display_name as created_by_name',
			'd.revoked_at',
			'r.display_name as revoked_by_name',
			stateExpression.as('state')
		]);
}

export type DesignationRow = Awaited<
	ReturnType<ReturnType<typeof designationQuery>['execute']>
>[number];

/** The province's governors whose accounts are enabled, by name. */
export async function enabledGovernorsOf(db: Kysely<DB>, provinceCode: string) {
	return db
		.selectFrom('app_user')
		.select(['id', 'display_name', 'position', 'role', 'province_code'])
		.where('role', '=', 'governor')
		.where('province_code', '=', provinceCode)
		.where('disabled', '=', false)
		.orderBy('display_name')
		.orderBy('id')
		.execute();
}

/** What decides whether a user may be designated: role, province and whether disabled. */
export function findDesignationUser(db: Kysely<DB>, userId: number) {
	return db
		.selectFrom('app_user')
		.select(['id', 'role', 'province_code', 'disabled'])
		.where('id', '=', userId)
		.executeTakeFirst();
}

/**
 * A transaction-level advisory lock per (province, acting user): two designations of the same
 * user for the same province wait for each other, so both cannot pass the overlap check.
 */
export async function lockActingUserInProvince(
	db: Kysely<DB>,
	args: { provinceCode: string; actingUserId: number }
): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(hashtext(${`acting:${args.provinceCode}:${args.actingUserId}`}))`.execute(
		db
	);
}

/** The first designation of the user for the province, not revoked, that meets the period. */
export function findOverlappingDesignation(
	db: Kysely<DB>,
	args: { provinceCode: string; actingUserId: number; startsOn: string; endsOn: string }
) {
	return db
		.selectFrom('acting_designation')
		.select([
			'id',
			sql<string>`starts_on::text`.as('starts_on'),
			sql<string>`ends_on::text`.as('ends_on')
		])
		.where('acting_user_id', '=', args.actingUserId)
		.where('province_code', '=', args.provinceCode)
		.where('revoked_at', 'is', null)
		.where('starts_on', '<=', args.endsOn)
		.where('ends_on', '>=', args.startsOn)
		.orderBy('id')
		.executeTakeFirst();
}

export async function insertDesignation(
	db: Kysely<DB>,
	d: {
		provinceCode: string;
		governorUserId: number;
		actingUserId: number;
		startsOn: string;
		endsOn: string;
		createdBy: number;
	}
): Promise<number> {
	const row = await db
		.insertInto('acting_designation')
		.values({
			province_code: d.provinceCode,
			governor_user_id: d.governorUserId,
			acting_user_id: d.actingUserId,
			starts_on: d.startsOn,
			ends_on: d.endsOn,
			created_by: d.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function markRevoked(
	db: Kysely<DB>,
	args: { designationId: number; revokedBy: number }
): Promise<void> {
	await db
		.updateTable('acting_designation')
		.set({ revoked_at: sql<Date>`now()`, revoked_by: args.revokedBy })
		.where('id', '=', args.designationId)
		.execute();
}

/** Enabled users who are not LAO officers, by role and name: the designation form's choices. */
export function listDesignatableUsers(db: Kysely<DB>) {
	return db
		.selectFrom('app_user')
		.select(['id', 'display_name', 'position', 'role', 'province_code', 'disabled'])
		.where('disabled', '=', false)
		.where('role', '<>', 'lao_officer')
		.orderBy('role')
		.orderBy('display_name')
		.orderBy('id')
		.execute();
}
