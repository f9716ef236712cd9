/**
 * The words of zone plans and monthly progress reports (issue 16), as plain identifiers shared
 * by the browser and the server. Thai and English labels are in `$lib/i18n/messages/{th,en}/plans.ts`.
 */

/** The state of a plan's working copy (the zone workflow's words: ร่าง, เสนอพิจารณา, อนุมัติ, ส่งกลับแก้ไข). */
export const planStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type PlanStatus = (typeof planStatuses)[number];

/**
 * A plan's workflow events: the planner submits; the governor (or who acts for them) approves
 * or returns; saving on an approved or returned plan starts the next draft (`revise`).
 */
export const planEvents = ['submit', 'approve', 'return', 'revise'] as const;
export type PlanEvent = (typeof planEvents)[number];

/**
 * An activity's status: ยังไม่เริ่ม planned · กำลังดำเนินการ in progress · แล้วเสร็จ done ·
 * ยกเลิก cancelled.
 */
export const activityStatuses = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

/** Who answers for an activity: an LAO (by DLA code), the provincial office, or a partner. */
export const responsibleKinds = ['lao', 'provincial_office', 'partner'] as const;
export type ResponsibleKind = (typeof responsibleKinds)[number];

/** The four sources of an activity's money, each whole baht ≥ 0. */
export const budgetSources = ['lao', 'province', 'central', 'partner'] as const;
export type BudgetSource = (typeof budgetSources)[number];
export type BudgetBaht = Record<BudgetSource, number>;

/** A monthly report's state: ร่าง · ส่งแล้ว · รับรองแล้ว · ส่งกลับแก้ไข. */
export const reportStatuses = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

export const reportEvents = ['submit', 'accept', 'return'] as const;
export type ReportEvent = (typeof reportEvents)[number];

/** One target's figure in a monthly report; `value` null is "no new figure this month". */
export interface ReportTargetEntry {
	targetKey: string;
	value: number | null;
}

/** One activity's line in a monthly report. */
export interface ReportActivityEntry {
	activityKey: string;
	status: ActivityStatus;
	/** Whole baht paid out in the report's month. */
	disbursedBaht: number;
	peopleReached: number;
	/** Required when the disbursement goes above the activity's remaining budget. */
	note: string;
}

/** The day of the month a report is due when DLA has set none (the memo names the 3rd). */
export const defaultReportDueDay = 3;

export type PlanTransitionResult = { ok: true; status: PlanStatus } | { ok: false; reason: string };

/**
 * The plan's state machine: draft → submitted → approved | returned; approved or returned →
 * draft by `revise` (a new revision). Pure, so pages can show only the buttons that work.
 */
export function nextPlanStatus(status: PlanStatus, event: PlanEvent): PlanTransitionResult {
	switch (event) {
		case 'submit':
			return status === 'draft'
				? { ok: true, status: 'submitted' }
				: { ok: false, reason: status === 'submitted' ? 'already_submitted' : 'revise_first' };
		case 'approve':
		case 'return':
			return status === 'submitted'
				? { ok: true, status: event === 'approve' ? 'approved' : 'returned' }
				: { ok: false, reason: 'not_submitted' };
		case 'revise':
			return status === 'approved' || status === 'returned'
				? { ok: true, status: 'draft' }
				: { ok: false, reason: status === 'draft' ? 'already_draft' : 'withdraw_first' };
	}
}

/**
 * The report's state machine: draft → submitted → accepted | returned; a returned report is
 * corrected and submitted again. An accepted report is closed.
 */
export function nextReportStatus(
	status: ReportStatus,
	event: ReportEvent
): { ok: true; status: ReportStatus } | { ok: false; reason: string } {
	switch (event) {
		case 'submit':
			return status === 'draft' || status === 'returned'
				? { ok: true, status: 'submitted' }
				: { ok: false, reason: status === 'submitted' ? 'already_submitted' : 'closed' };
		case 'accept':
		case 'return':
			return status === 'submitted'
				? { ok: true, status: event === 'accept' ? 'accepted' : 'returned' }
				: { ok: false, reason: 'not_submitted' };
	}
}

/** Whether a report in this state takes a save (its figures may still change). */
export function reportIsEditable(status: ReportStatus): boolean {
	return status === 'draft' || status === 'returned';
}

/** The month before the one `period` names: `2026-01` → `2025-12`. */
export function previousPeriod(period: string): string {
	const [year, month] = period.split('-').map(Number) as [number, number];
	return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}
