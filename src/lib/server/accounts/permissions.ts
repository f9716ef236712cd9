import type { Actor } from '$lib/accounts/roles';
import type { Party, RecipientsRule, RecordKind } from '$lib/coordination/terms';
import type { ZoneStatus } from '$lib/geo/zones/zone-terms';

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

/** Set the national readiness rules and a province's own (issue 17): DLA staff only. */
export function canManageReadinessRules(actor: Actor | null): boolean {
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
			return (
				actor.provinceCode === zone.provinceCode || actsForGovernorOf(actor, zone.provinceCode)
			);
		case 'lao_officer':
			return actor.dlaCode !== null && zone.responseRequestedFrom.includes(actor.dlaCode);
		case 'district_office':
			// Decided for issue 17: a district office neither edits nor decides zones, so it reads
			// what a non-editing official of another office reads, the revision in force (public),
			// never a working copy; its page lists the zones that cover its district's LAOs. To
			// widen (e.g. to zones consulting its LAOs) change this line and `seesWorkingCopySql`.
			return false;
	}
}

export function canViewApprovedZone(): boolean {
	return true;
}

function actsForGovernorOf(actor: Actor, provinceCode: string): boolean {
	return (actor.actingFor ?? []).some((a) => a.provinceCode === provinceCode);
}

/** In what capacity the actor decides a province's zones: as its governor, or acting for them. */
export type DecidingCapacity =
	| { as: 'governor' }
	| { as: 'acting'; governorUserId: number; governorName: string; designationId: number };

/**
 * Approve, return or reject zones of this province: only its governor, or a user designated to
 * act for them today (`actor.actingFor`). Null when the actor may not decide.
 */
export function decidingCapacity(
	actor: Actor | null,
	provinceCode: string
): DecidingCapacity | null {
	if (!actor) return null;
	if (actor.role === 'governor' && actor.provinceCode === provinceCode) return { as: 'governor' };
	const acting = (actor.actingFor ?? []).find((a) => a.provinceCode === provinceCode);
	return acting
		? {
				as: 'acting',
				governorUserId: acting.governorUserId,
				governorName: acting.governorName,
				designationId: acting.designationId
			}
		: null;
}

/** Open the governor's review queue: governors, acting governors, and DLA staff (read-only). */
export function canOpenReviewQueue(actor: Actor | null): boolean {
	if (!actor) return false;
	return (
		actor.role === 'governor' || actor.role === 'dla_staff' || (actor.actingFor ?? []).length > 0
	);
}

/**
 * Put a zone to its LAOs, submit it, withdraw it or start its next draft: whoever may edit the
 * province's zones (its planners, and DLA staff).
 */
export function canProposeZonesIn(actor: Actor | null, provinceCode: string): boolean {
	return canEditZonesIn(actor, provinceCode);
}

/** Answer a consultation for an LAO: that LAO's own officers. */
export function canAnswerForLao(actor: Actor | null, dlaCode: string): boolean {
	return actor?.role === 'lao_officer' && actor.dlaCode === dlaCode;
}

/**
 * Designate someone to act for a province's governor, or revoke it: DLA staff, or the
 * governor of that province (who signs the order). Not an acting governor.
 */
export function canDesignateActingFor(actor: Actor | null, provinceCode: string): boolean {
	if (actor?.role === 'dla_staff') return true;
	return actor?.role === 'governor' && actor.provinceCode === provinceCode;
}

/**
 * Who may be designated: an enabled governor (another governor of the province, or a governor of
 * another province) or DLA staff. Never an LAO officer, and never a planner, of this province or
 * any other: planners propose zones, they do not decide them (the form offered another
 * province's planner, issue 15). Checked by the acting service.
 */
export function canBeDesignatedActingFor(
	candidate: { role: Actor['role']; provinceCode: string | null; disabled: boolean },
	// Kept for the callers: the rule does not depend on the province today.
	_provinceCode: string
): boolean {
	if (candidate.disabled) return false;
	return candidate.role === 'governor' || candidate.role === 'dla_staff';
}

/**
 * Enter and print a decision's memo (บันทึกข้อความ): the province's governor or acting
 * governor, its planners (the provincial office drafts the memo), and DLA staff.
 */
export function canWriteDecisionMemo(actor: Actor | null, provinceCode: string): boolean {
	return decidingCapacity(actor, provinceCode) !== null || canEditZonesIn(actor, provinceCode);
}

/** Upload an office's emblem: DLA staff any; a governor (or acting) their province's office. */
export function canManageOfficeEmblem(actor: Actor | null, officeKey: string): boolean {
	if (actor?.role === 'dla_staff') return true;
	const match = /^governor:(TH[0-9]{2})$/.exec(officeKey);
	return match !== null && decidingCapacity(actor, match[1]!) !== null;
}

/** Import indicator CSVs (`/admin/indicators`, which feeds the official scores). */
export function canImportIndicators(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}

/** See the plan workspace (`/plan`): everyone who plans or decides zones in a province. */
export function canOpenPlanWorkspace(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff' || actor?.role === 'planner' || actor?.role === 'governor';
}

/**
 * Browse and export the whole audit trail (`/admin/audit`). A zone's own history is shown to
 * whoever may see the zone's working copy (`canViewZoneWorkingCopy`).
 */
export function canBrowseAudit(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}

/** See a page only DLA staff need (the memo's print preview). */
export function canPreviewMemos(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff';
}

// ---- The network-sector partner directory

/**
 * Keep a province's partner directory (add, rename, re-sector): its planners and DLA staff;
 * the national list (`null`) DLA staff only.
 */
export function canManagePartnerDirectory(
	actor: Actor | null,
	provinceCode: string | null
): boolean {
	if (actor?.role === 'dla_staff') return true;
	return provinceCode !== null && actor?.role === 'planner' && actor.provinceCode === provinceCode;
}

/** The directory's page (`/partners`): those who keep a province's directory. */
export function canOpenPartnerDirectory(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff' || actor?.role === 'planner';
}

/** Read a province's directory: anyone signed in (organisations' names, no personal data). */
export function canReadPartnerDirectory(
	actor: Actor | null,
	_provinceCode: string | null
): boolean {
	return actor !== null;
}

// ---- Coordination register

/**
 * The organisation a signed-in user acts for in the coordination register: DLA staff for DLA,
 * a planner for their province's local administration office, a governor for the governor of
 * their province, an LAO officer for their LAO. Null for the public.
 */
export function coordinationPartyOf(actor: Actor | null): Party | null {
	if (!actor) return null;
	switch (actor.role) {
		case 'dla_staff':
			return { kind: 'dla', code: null };
		case 'planner':
			return actor.provinceCode ? { kind: 'provincial_office', code: actor.provinceCode } : null;
		case 'governor':
			return actor.provinceCode ? { kind: 'governor', code: actor.provinceCode } : null;
		case 'lao_officer':
			return actor.dlaCode ? { kind: 'lao', code: actor.dlaCode } : null;
		case 'district_office':
			return actor.districtCode ? { kind: 'district_office', code: actor.districtCode } : null;
	}
}

export interface CoordinationRecordFacts {
	isPublic: boolean;
	/** The sender and every recipient. */
	parties: readonly Party[];
	/** Provinces the record concerns: linked provinces, and those of linked or addressed LAOs, linked zones and addressed province parties. */
	provinceCodes: readonly string[];
	/** LAOs the record concerns: linked LAOs. */
	dlaCodes: readonly string[];
}

/**
 * Who sees a record: DLA staff all; a planner or governor what their province's office or
 * governor sent or received and whatever concerns their province; an LAO officer what their
 * LAO sent or received or what is about it; the public only records marked public. The list
 * queries apply the same rule in SQL (`coordination.repository.ts`, `visibleTo`).
 */
export function canViewCoordinationRecord(
	actor: Actor | null,
	record: CoordinationRecordFacts
): boolean {
	if (record.isPublic) return true;
	const own = coordinationPartyOf(actor);
	if (!actor || !own) return false;
	if (actor.role === 'dla_staff') return true;
	if (record.parties.some((p) => p.kind === own.kind && p.code === own.code)) return true;
	if (actor.role === 'lao_officer') return record.dlaCodes.includes(own.code!);
	// A district office sees what it sent or received (and public records), not its province's.
	if (actor.role === 'district_office') return false;
	return actor.provinceCode !== null && record.provinceCodes.includes(actor.provinceCode);
}

/**
 * Who may send a record of a kind. Everyone signed in writes letters, memos, meeting records,
 * reports and acknowledgements for their organisation; directives come from DLA or a governor;
 * standards and guidelines for LAOs are DLA's alone.
 */
export function canSendCoordinationRecord(actor: Actor | null, kind: RecordKind): boolean {
	if (!coordinationPartyOf(actor)) return false;
	if (kind === 'standard') return actor!.role === 'dla_staff';
	if (kind === 'directive') return actor!.role === 'dla_staff' || actor!.role === 'governor';
	return true;
}

/**
 * Whom an organisation may address. DLA anyone; a province's office or governor DLA, any
 * province's office or governor, the LAOs and district offices of its province and partners;
 * an LAO DLA, its own province's office, governor and district offices, and partners; a district
 * office DLA, its province's office, governor, LAOs and district offices, and partners. `partyProvinceCode` is the province of an LAO
 * party (from the registry), else ignored.
 */
export function canAddressParty(
	actor: Actor | null,
	party: Party,
	partyProvinceCode: string | null
): boolean {
	const own = coordinationPartyOf(actor);
	if (!actor || !own) return false;
	if (actor.role === 'dla_staff' || party.kind === 'dla' || party.kind === 'partner') return true;
	// District offices are addressed by their own province's offices, governor and LAOs.
	if (party.kind === 'district_office') return party.code!.slice(0, 4) === actor.provinceCode;
	if (actor.role === 'lao_officer' || actor.role === 'district_office') {
		if (party.kind === 'lao')
			return actor.role === 'district_office' && partyProvinceCode === actor.provinceCode;
		return (
			(party.kind === 'governor' || party.kind === 'provincial_office') &&
			party.code === actor.provinceCode
		);
	}
	if (party.kind === 'lao') return partyProvinceCode === actor.provinceCode;
	return true;
}

/** Who may answer for a recipient (acknowledge, mark done): the organisation's own people. */
export function canActForParty(actor: Actor | null, party: Party): boolean {
	const own = coordinationPartyOf(actor);
	return own !== null && own.kind === party.kind && own.code === party.code;
}

/**
 * Recurring report schedules: DLA staff any; a planner (the provincial office) those asking
 * the LAOs of their own province.
 */
export function canManageReportSchedule(
	actor: Actor | null,
	schedule: { recipientsRule: RecipientsRule; ruleProvinceCode: string | null }
): boolean {
	if (actor?.role === 'dla_staff') return true;
	return (
		actor?.role === 'planner' &&
		schedule.recipientsRule === 'every_lao_of_province' &&
		schedule.ruleProvinceCode === actor.provinceCode
	);
}

/** The overdue dashboard: DLA (every province) and a province's office and governor (theirs). */
export function canOpenOverdueDashboard(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff' || actor?.role === 'planner' || actor?.role === 'governor';
}

/**
 * Publish or hide the public's comments on a province's zones, and read their names and
 * contacts (PDPA: for the moderators only): the province's office staff (its planners) and DLA
 * staff (issue 17).
 */
export function canModerateCommentsIn(actor: Actor | null, provinceCode: string): boolean {
	if (!actor) return false;
	return (
		actor.role === 'dla_staff' || (actor.role === 'planner' && actor.provinceCode === provinceCode)
	);
}

/** Open the moderation queue at all (which provinces it lists is `canModerateCommentsIn`). */
export function canOpenCommentModeration(actor: Actor | null): boolean {
	return actor?.role === 'dla_staff' || (actor?.role === 'planner' && actor.provinceCode !== null);
}
