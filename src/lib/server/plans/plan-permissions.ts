import type { Actor } from '../../accounts/roles';
import { canEditZonesIn, decidingCapacity } from '../accounts/permissions';

/**
 * Who may do what with a zone's plan and its monthly reports (issue 16), as pure functions of
 * the actor and the zone. The plan and report services call these inside their transactions;
 * pages use them only to decide what to show. `null` is the public.
 *
 * "The zone's LAOs" are those its revision in force covers: plans and reports exist only for
 * approved zones.
 */
export interface PlanZoneFacts {
	provinceCode: string;
	/** DLA codes of the LAOs the zone's revision in force covers. */
	dlaCodes: readonly string[];
}

function ofProvince(actor: Actor, provinceCode: string): boolean {
	return (
		actor.provinceCode === provinceCode ||
		(actor.actingFor ?? []).some((a) => a.provinceCode === provinceCode)
	);
}

/**
 * Read the plan's working copy (drafts, amendments under review) and every report whatever its
 * state, with names: DLA staff; the province's planners (its provincial office) and governor
 * (or who acts for them); the officers of the zone's LAOs. Everyone else, the public included,
 * reads the plan in force and accepted reports, without personal names.
 */
export function canReadPlanWorkingCopy(actor: Actor | null, zone: PlanZoneFacts): boolean {
	if (!actor) return false;
	switch (actor.role) {
		case 'dla_staff':
			return true;
		case 'planner':
		case 'governor':
			return ofProvince(actor, zone.provinceCode);
		case 'lao_officer':
			return actor.dlaCode !== null && zone.dlaCodes.includes(actor.dlaCode);
		case 'district_office':
			return false;
	}
}

/** Draft or amend the plan, and submit it: whoever plans the province's zones. */
export function canDraftPlan(actor: Actor | null, zone: PlanZoneFacts): boolean {
	return canEditZonesIn(actor, zone.provinceCode);
}

/** Approve or return the plan: the province's governor, or who acts for them today. */
export { decidingCapacity as planDecidingCapacity };

/** File a month's report (save, submit): the zone's LAOs' officers and the province's planners. */
export function canFileReport(actor: Actor | null, zone: PlanZoneFacts): boolean {
	if (!actor) return false;
	if (actor.role === 'lao_officer')
		return actor.dlaCode !== null && zone.dlaCodes.includes(actor.dlaCode);
	return actor.role === 'planner' && actor.provinceCode === zone.provinceCode;
}

/** Accept or return a filed report: the provincial office (the province's planners). */
export function canReviewReport(actor: Actor | null, zone: PlanZoneFacts): boolean {
	return actor?.role === 'planner' && actor.provinceCode === zone.provinceCode;
}

/** Change the national due day of monthly reports: DLA staff. */
export function canSetReportDueDay(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}
