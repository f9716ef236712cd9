import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../accounts/roles';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import * as actingRepo from './acting.repository';
import { canBeDesignatedActingFor, canDesignateActingFor } from './permissions';
import * as places from '../places/place.repository';

/**
 * Acting governors (ปฏิบัติราชการแทน): DLA staff or a province's governor designate a user to
 * decide that province's zones for the governor from one date to another (both inclusive,
 * Asia/Bangkok). A designation is revoked, never deleted or edited. Whether one is in force is
 * computed from today's date in Bangkok each time it is read (the session does the same in
 * `acting.repository.ts`), never stored. Its SQL is in `acting.repository.ts`; the length is the
 * designation's checks, each naming its field.
 */

/** What a designation is today: revoked outranks the dates. */
export const designationStates = ['in_force', 'upcoming', 'ended', 'revoked'] as const;
export type DesignationState = (typeof designationStates)[number];

export interface DesignationView {
	id: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string | null;
	governorUserId: number;
	governorName: string;
	/** A disabled governor's designations are not in force whatever their dates. */
	governorDisabled: boolean;
	actingUserId: number;
	actingName: string;
	actingPosition: string | null;
	actingRole: Role;
	/** ISO dates, inclusive. */
	startsOn: string;
	endsOn: string;
	createdAt: string;
	createdByName: string;
	revokedAt: string | null;
	revokedByName: string | null;
	state: DesignationState;
}

export interface DesignationCandidate {
	id: number;
	displayName: string;
	position: string | null;
	role: Role;
	provinceCode: string | null;
}

export interface DesignationCandidates {
	/** The province's enabled governors (whom an acting governor acts for). */
	governors: DesignationCandidate[];
	/** Enabled users who may be designated for this province. */
	candidates: DesignationCandidate[];
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

function isRealIsoDate(value: string): boolean {
	if (!isoDatePattern.test(value)) return false;
	const [year, month, day] = value.split('-').map(Number) as [number, number, number];
	const check = new Date(Date.UTC(year, month - 1, day));
	return (
		check.getUTCFullYear() === year &&
		check.getUTCMonth() === month - 1 &&
		check.getUTCDate() === day
	);
}

function toView(row: actingRepo.DesignationRow): DesignationView {
	return {
		id: row.id,
		provinceCode: row.province_code,
		provinceNameTh: row.province_name_th,
		provinceNameEn: row.province_name_en,
		governorUserId: row.governor_user_id,
		governorName: row.governor_name,
		governorDisabled: row.governor_disabled,
		actingUserId: row.acting_user_id,
		actingName: row.acting_name,
		actingPosition: row.acting_position,
		actingRole: row.acting_role,
		startsOn: row.starts_on,
		endsOn: row.ends_on,
		createdAt: new Date(row.created_at).toISOString(),
		createdByName: row.created_by_name,
		revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
		revokedByName: row.revoked_by_name,
		state: row.state
	};
}

function assertCanDesignate(actor: Actor | null, provinceCode: string): asserts actor is Actor {
	if (!actor) throw forbidden('Sign in to designate acting governors');
	if (!canDesignateActingFor(actor, provinceCode))
		throw forbidden(`You may not designate acting governors for ${provinceCode}`);
}

export interface DesignateActingInput {
	actor: Actor | null;
	provinceCode: string;
	actingUserId: number;
	/** ISO dates, inclusive, Asia/Bangkok. */
	startsOn: string;
	endsOn: string;
	/** Whom the acting user acts for; may be left out when the province has one governor. */
	governorUserId?: number;
}

/**
 * Designates `actingUserId` to act for the province's governor from `startsOn` to `endsOn`.
 * Refused: `forbidden` unless DLA staff or the province's governor; `invalid` (naming the
 * field) for a governor, user or dates that do not qualify; `conflict` when the same user
 * already has a designation for this province that is not revoked and overlaps the period.
 */
export async function designateActing(
	db: Kysely<DB>,
	input: DesignateActingInput
): Promise<DesignationView> {
	const { actor, provinceCode } = input;
	assertCanDesignate(actor, provinceCode);
	return db.transaction().execute(async (trx) => {
		if (!(await places.provinceExists(trx, provinceCode))) {
			throw invalid([
				{
					rule: 'acting.no_province',
					field: 'provinceCode',
					message: `There is no province ${provinceCode}`
				}
			]);
		}
		const problems: Problem[] = [];

		// Whom they act for: the province's enabled governor.
		const governors = await actingRepo.enabledGovernorsOf(trx, provinceCode);
		let governorUserId: number | null = null;
		if (input.governorUserId !== undefined) {
			if (governors.some((g) => g.id === input.governorUserId))
				governorUserId = input.governorUserId;
			else
				problems.push({
					rule: 'acting.not_governor',
					field: 'governorUserId',
					message: `User ${input.governorUserId} is not an enabled governor of ${provinceCode}`
				});
		} else if (governors.length === 1) {
			governorUserId = governors[0]!.id;
		} else {
			problems.push({
				rule: governors.length === 0 ? 'acting.no_governor' : 'acting.choose_governor',
				field: 'governorUserId',
				message:
					governors.length === 0
						? `${provinceCode} has no enabled governor to act for`
						: `${provinceCode} has ${governors.length} governors: choose the one acted for`
			});
		}

		// Who acts: an enabled governor or DLA staff (never a planner or an LAO officer).
		const acting = await actingRepo.findDesignationUser(trx, input.actingUserId);
		if (!acting) {
			problems.push({
				rule: 'acting.no_user',
				field: 'actingUserId',
				message: `There is no user ${input.actingUserId}`
			});
		} else if (
			!canBeDesignatedActingFor(
				{ role: acting.role, provinceCode: acting.province_code, disabled: acting.disabled },
				provinceCode
			)
		) {
			problems.push({
				rule: 'acting.not_eligible',
				field: 'actingUserId',
				message: acting.disabled
					? 'A disabled user cannot be designated'
					: acting.role === 'lao_officer'
						? 'An LAO officer cannot act for a governor'
						: 'A planner proposes zones and cannot decide them'
			});
		} else if (governorUserId !== null && acting.id === governorUserId) {
			problems.push({
				rule: 'acting.self',
				field: 'actingUserId',
				message: 'A governor cannot act for themselves'
			});
		}

		// The period: real dates, in order, not starting in the past.
		const today = await actingRepo.bangkokToday(trx);
		const startsOk = isRealIsoDate(input.startsOn);
		const endsOk = isRealIsoDate(input.endsOn);
		if (!startsOk)
			problems.push({
				rule: 'acting.date_invalid',
				field: 'startsOn',
				message: `Not a date: ${input.startsOn}`
			});
		else if (input.startsOn < today)
			problems.push({
				rule: 'acting.starts_in_past',
				field: 'startsOn',
				message: `The first day may not be before today (${today})`,
				details: { today }
			});
		if (!endsOk)
			problems.push({
				rule: 'acting.date_invalid',
				field: 'endsOn',
				message: `Not a date: ${input.endsOn}`
			});
		else if (startsOk && input.endsOn < input.startsOn)
			problems.push({
				rule: 'acting.ends_before_start',
				field: 'endsOn',
				message: 'The last day may not be before the first'
			});
		if (problems.length > 0) throw invalid(problems, 'The designation cannot be made');

		// One designation at a time per user and province: two requests for the same user wait
		// for each other here, so both cannot pass the overlap check.
		await actingRepo.lockActingUserInProvince(trx, {
			provinceCode,
			actingUserId: input.actingUserId
		});
		const overlapping = await actingRepo.findOverlappingDesignation(trx, {
			provinceCode,
			actingUserId: input.actingUserId,
			startsOn: input.startsOn,
			endsOn: input.endsOn
		});
		if (overlapping) {
			throw new DomainError(
				'conflict',
				`This user already acts for ${provinceCode} from ${overlapping.starts_on} to ${overlapping.ends_on} (designation ${overlapping.id})`,
				[
					{
						rule: 'acting.overlap',
						field: 'startsOn',
						message: 'The period overlaps a designation of the same user for this province',
						details: {
							designationId: overlapping.id,
							startsOn: overlapping.starts_on,
							endsOn: overlapping.ends_on
						}
					}
				],
				undefined,
				{ designationId: overlapping.id }
			);
		}

		const designationId = await actingRepo.insertDesignation(trx, {
			provinceCode,
			governorUserId: governorUserId!,
			actingUserId: input.actingUserId,
			startsOn: input.startsOn,
			endsOn: input.endsOn,
			createdBy: actor.userId
		});
		await appendAudit(trx, {
			actor,
			action: 'user.acting_designated',
			entityType: 'user',
			entityId: input.actingUserId,
			provinceCode,
			after: {
				designationId,
				governorUserId,
				startsOn: input.startsOn,
				endsOn: input.endsOn
			}
		});
		return toView(
			await actingRepo
				.designationQuery(trx)
				.where('d.id', '=', designationId)
				.executeTakeFirstOrThrow()
		);
	});
}

/**
 * Ends a designation now: it is kept, with who revoked it and when. Only one that is in force
 * or upcoming can be revoked (`conflict` otherwise).
 */
export async function revokeActing(
	db: Kysely<DB>,
	args: { actor: Actor | null; designationId: number }
): Promise<DesignationView> {
	const { actor, designationId } = args;
	if (!actor) throw forbidden('Sign in to revoke acting designations');
	return db.transaction().execute(async (trx) => {
		const row = await actingRepo
			.designationQuery(trx)
			.where('d.id', '=', designationId)
			.forUpdate('d')
			.executeTakeFirst();
		if (!row) throw notFound(`No acting designation ${designationId}`);
		assertCanDesignate(actor, row.province_code);
		if (row.state === 'revoked' || row.state === 'ended') {
			throw new DomainError(
				'conflict',
				`Designation ${designationId} has ${row.state === 'revoked' ? 'already been revoked' : 'already ended'}`,
				[
					{
						rule: `acting.already_${row.state}`,
						field: 'designationId',
						message: 'Nothing to revoke'
					}
				]
			);
		}
		await actingRepo.markRevoked(trx, { designationId, revokedBy: actor.userId });
		const revoked = toView(
			await actingRepo
				.designationQuery(trx)
				.where('d.id', '=', designationId)
				.executeTakeFirstOrThrow()
		);
		await appendAudit(trx, {
			actor,
			action: 'user.acting_revoked',
			entityType: 'user',
			entityId: row.acting_user_id,
			provinceCode: row.province_code,
			before: {
				designationId,
				governorUserId: row.governor_user_id,
				startsOn: row.starts_on,
				endsOn: row.ends_on,
				state: row.state
			},
			after: { designationId, revokedAt: revoked.revokedAt }
		});
		return revoked;
	});
}

/**
 * Designations DLA staff (every province, or `provinceCode`) and a governor (their own
 * province) may see, newest period first; everyone else is refused.
 */
export async function listDesignations(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode?: string }
): Promise<DesignationView[]> {
	const { actor } = args;
	if (!actor) throw forbidden('Sign in to see acting designations');
	let provinceCode = args.provinceCode;
	if (actor.role === 'governor') {
		if (provinceCode !== undefined && provinceCode !== actor.provinceCode)
			throw forbidden(`You may not see the designations of ${provinceCode}`);
		provinceCode = actor.provinceCode ?? undefined;
		if (provinceCode === undefined) throw forbidden('A governor without a province');
	} else if (actor.role !== 'dla_staff') {
		throw forbidden('Only DLA staff and governors manage acting designations');
	}
	let query = actingRepo.designationQuery(db);
	if (provinceCode !== undefined) query = query.where('d.province_code', '=', provinceCode);
	const rows = await query
		.orderBy('d.province_code')
		.orderBy('d.starts_on', 'desc')
		.orderBy('d.id', 'desc')
		.execute();
	return rows.map(toView);
}

/** The choices of the designation form: the province's governors, and who may act for them. */
export async function listDesignationCandidates(
	db: Kysely<DB>,
	args: { actor: Actor | null; provinceCode: string }
): Promise<DesignationCandidates> {
	const { actor, provinceCode } = args;
	assertCanDesignate(actor, provinceCode);
	const toCandidate = (r: {
		id: number;
		display_name: string;
		position: string | null;
		role: Role;
		province_code: string | null;
	}): DesignationCandidate => ({
		id: r.id,
		displayName: r.display_name,
		position: r.position,
		role: r.role,
		provinceCode: r.province_code
	});
	const governors = await actingRepo.enabledGovernorsOf(db, provinceCode);
	const users = await actingRepo.listDesignatableUsers(db);
	return {
		governors: governors.map(toCandidate),
		candidates: users
			// A province's only governor cannot act for themselves.
			.filter((u) => !(governors.length === 1 && u.id === governors[0]!.id))
			.filter((u) =>
				canBeDesignatedActingFor(
					{ role: u.role, provinceCode: u.province_code, disabled: u.disabled },
					provinceCode
				)
			)
			.map(toCandidate)
	};
}
