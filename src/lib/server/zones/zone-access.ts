import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { availableEvents } from '../../zones/workflow';
import { canEditZonesIn } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { DomainError, forbidden, notFound } from '../domain-errors';
import { consultedDlaCodesOf, zoneSight } from './zone-visibility';
import * as zones from './zone.repository';
import type { ZoneRow } from './zone.repository';

/**
 * Who may read and who may change a zone, for the zone services. Reading follows the one rule
 * of `zone-visibility.ts`; a zone the actor may not even know of answers `not_found`, one they
 * may see but not change answers `forbidden`; the public is always `forbidden` for changes.
 */

export type ZoneAccess = 'working_copy' | 'approved_only';

/**
 * What the actor may read of a zone (the rule of `zone-visibility.ts`); `not_found` when
 * nothing (its existence must not leak).
 */
export async function accessTo(
	db: Kysely<DB>,
	actor: Actor | null,
	zone: ZoneRow
): Promise<ZoneAccess> {
	const consulted = await consultedDlaCodesOf(db, actor, [zone.id]);
	const sight = zoneSight(actor, {
		provinceCode: zone.province_code,
		status: zone.status,
		currentRevisionId: zone.current_revision_id,
		approvedRevisionId: zone.approved_revision_id,
		consultedDlaCodes: consulted.get(zone.id) ?? []
	});
	if (sight.sees === 'working_copy') return 'working_copy';
	if (sight.sees === 'in_force') return 'approved_only';
	throw notFound(`No zone ${zone.id}`);
}

/**
 * The working copy takes a new revision while it is a draft, or when the workflow lets the
 * planner start the next draft (returned, withdrawn, approved, or an amendment rejected while an
 * earlier revision stays in force): saving then is the `revise` event.
 */
export function canSaveOnState(zone: Pick<ZoneRow, 'status' | 'approved_revision_id'>): boolean {
	return (
		zone.status === 'draft' ||
		availableEvents({
			status: zone.status,
			approvedRevisionId: zone.approved_revision_id
		}).includes('revise')
	);
}

/** Refuses unless the actor may read the zone, plan in its province, and its state takes a save. */
export async function assertCanEdit(
	db: Kysely<DB>,
	actor: Actor | null,
	zone: ZoneRow
): Promise<void> {
	if (!actor) throw forbidden('Sign in to change zones');
	await accessTo(db, actor, zone);
	if (!canEditZonesIn(actor, zone.province_code))
		throw forbidden(`You may not change zones in ${zone.province_code}`);
	if (!canSaveOnState(zone))
		throw new DomainError(
			'conflict',
			zone.status === 'submitted'
				? 'The zone is waiting for the governor’s decision: withdraw it to change it'
				: `A ${zone.status} zone cannot be changed`,
			[
				{
					rule: `workflow.${zone.status === 'submitted' ? 'withdraw_first' : 'closed'}`,
					field: 'status',
					message: `The zone is ${zone.status}`
				}
			]
		);
}

/** Refuses unless the actor may plan zones in the province. */
export function assertCanEditIn(actor: Actor | null, provinceCode: string): asserts actor is Actor {
	if (!actor) throw forbidden('Sign in to plan zones');
	if (!canEditZonesIn(actor, provinceCode))
		throw forbidden(`You may not plan zones in ${provinceCode}`);
}

/** The zone row locked for a workflow step; a zone the actor may not see answers `not_found`. */
export async function lockVisibleZone(trx: Kysely<DB>, actor: Actor | null, zoneId: number) {
	const zone = await zones.lockZone(trx, zoneId);
	if (!zone) throw notFound(`No zone ${zoneId}`);
	// A zone the actor may not see answers not_found, whatever they try to do with it.
	await accessTo(trx, actor, zone);
	return zone;
}

/** Refuses an event about a revision that is no longer the working copy (`conflict`). */
export function assertSameRevision(zone: ZoneRow, revisionId: number) {
	if (zone.current_revision_id !== revisionId) {
		throw new DomainError(
			'conflict',
			`The zone's working copy is now revision id ${zone.current_revision_id}, not ${revisionId}: reload it before you act`,
			[
				{
					rule: 'workflow.stale_revision',
					field: 'revisionId',
					message: 'The zone changed since you opened it',
					details: { currentRevisionId: zone.current_revision_id, revisionId }
				}
			]
		);
	}
}
