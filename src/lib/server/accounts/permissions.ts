import type { Actor } from '$lib/accounts/roles';
import type { ZoneStatus } from '$lib/zones/zone-terms';

/**
 * Who may do what: the table of issue 5, as pure functions of the actor and the record. Domain
 * services call these inside their transactions and throw `forbidden`/`notFound` on `false`;
 * pages use them only to decide what to show. `null` is the public.
 */

export function canManageUsers(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}

export function canManageScoringModels(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}

/** Create, edit or import a zone in this province. */
export function canEditZonesIn(actor: Actor | null, provinceCode: string): boolean {
	if (!actor) return false;
	if (actor.role === 'dla_staff') return true;
	return actor.role === 'planner' && actor.provinceCode === provinceCode;
}

export interface ZoneAccessFacts {
	provinceCode: string;
	status: ZoneStatus;
	/** LAOs whose response has been requested (the consultation of the review workflow). */
	responseRequestedFrom: readonly string[];
}

/**
 * Read the zone as it is now (draft, submitted, returned, …). Everyone may read an approved
 * zone's approved revision; that is `canViewApprovedZone`.
 */
export function canViewZoneWorkingCopy(actor: Actor | null, zone: ZoneAccessFacts): boolean {
	if (!actor) return false;
	switch (actor.role) {
		case 'dla_staff':
			return true;
		case 'planner':
		case 'governor':
			return actor.provinceCode === zone.provinceCode;
		case 'lao_officer':
			return actor.dlaCode !== null && zone.responseRequestedFrom.includes(actor.dlaCode);
	}
}

export function canViewApprovedZone(): boolean {
	return true;
}
