import { zoneStatuses, type ZoneStatus } from '../geo/zones/zone-terms';

/**
 * The governors' review workflow as plain domain rules: no database, no permissions, no
 * SvelteKit, so it runs in the browser (to show only the buttons that can work) and in the
 * services (which check the permission, then run these rules, then write the change and its
 * audit entry in one transaction).
 *
 * ## Two facts, not one
 *
 * A zone carries two separate facts:
 *
 * - `status`, the state of its **working copy**, the line of revisions the planner works on:
 *   `draft → submitted → approved | returned | rejected`, and `submitted → withdrawn`;
 * - `approvedRevisionId`, the revision **in force**: null until the governor first approves,
 *   then the id of the last approved revision. It is public and it is what the public map shows.
 *
 * An approved zone is amended only through a new draft revision (`revise`), which goes through
 * the same review. While it does, `status` follows the amendment (draft, submitted, returned, …)
 * and `approvedRevisionId` keeps pointing at the revision still in force: for the public the
 * zone stays approved (`publicStatus`), for the planner and the governor the working copy is a
 * draft. Approving the amendment moves `approvedRevisionId` to it; returning, rejecting or
 * withdrawing it leaves the earlier approval in force. No event ever clears
 * `approvedRevisionId` (the property test walks random event sequences to show it): revoking
 * an SEDZ would be a decision of its own, not part of this workflow.
 *
 * In the database this is `zone.status` plus an `approved_revision_id` column the workflow
 * migration adds beside `current_revision_id` (the latest revision of the working copy).
 *
 * ## The events
 *
 * | from \ event | submit    | approve  | return   | reject   | withdraw  | revise |
 * | ------------ | --------- | -------- | -------- | -------- | --------- | ------ |
 * | draft        | submitted |          |          |          |           |        |
 * | submitted    |           | approved | returned | rejected | withdrawn |        |
 * | approved     |           |          |          |          |           | draft  |
 * | returned     |           |          |          |          |           | draft  |
 * | rejected     |           |          |          |          |           | draft¹ |
 * | withdrawn    | submitted |          |          |          |           | draft  |
 *
 * ¹ Only when an earlier revision is in force (a rejected amendment): the planner may try
 *   another amendment. A zone rejected before any approval is closed; a new plan is a new zone.
 *
 * A returned zone must be revised before it is submitted again (the governor asked for
 * changes); a withdrawn one may be submitted again as it is. Who may send which event is the
 * permission table's business (`$lib/server/accounts/permissions.ts`): the planner submits,
 * withdraws and revises; the governor of the zone's province, or whoever acts for them,
 * approves, returns and rejects.
 */

export const workflowEvents = [
	'submit',
	'approve',
	'return',
	'reject',
	'withdraw',
	'revise'
] as const;
export type WorkflowEvent = (typeof workflowEvents)[number];

/** The events a governor decides with; the others are the planner's. */
export const decisionEvents = ['approve', 'return', 'reject'] as const;
export type DecisionEvent = (typeof decisionEvents)[number];

export function isDecisionEvent(event: WorkflowEvent): event is DecisionEvent {
	return (decisionEvents as readonly string[]).includes(event);
}

/** Why an event cannot apply, stable identifiers the UI translates. */
export type WorkflowRefusal =
	/** approve, return, reject or withdraw a zone that is not waiting for a decision. */
	| 'not_submitted'
	/** submit a zone already waiting for a decision. */
	| 'already_submitted'
	/** revise a working copy that is already a draft: just save it. */
	| 'already_draft'
	/** submit a returned or approved zone (or a rejected amendment): start a new draft first. */
	| 'revise_first'
	/** revise a submitted zone: withdraw it first. */
	| 'withdraw_first'
	/** a zone rejected before any approval takes no further event. */
	| 'closed';

export type NextStatus = { ok: true; status: ZoneStatus } | { ok: false; reason: WorkflowRefusal };

const fromSubmitted = {
	approve: 'approved',
	return: 'returned',
	reject: 'rejected',
	withdraw: 'withdrawn'
} as const satisfies Record<Exclude<WorkflowEvent, 'submit' | 'revise'>, ZoneStatus>;

const refuse = (reason: WorkflowRefusal): NextStatus => ({ ok: false, reason });
const to = (status: ZoneStatus): NextStatus => ({ ok: true, status });

/**
 * The working copy's next status after `event`, or why the event does not apply.
 * `hasApprovedRevision`: an earlier revision is in force (only `rejected` depends on it).
 */
export function nextStatus(
	status: ZoneStatus,
	event: WorkflowEvent,
	context: { hasApprovedRevision: boolean } = { hasApprovedRevision: false }
): NextStatus {
	switch (status) {
		case 'draft':
			if (event === 'submit') return to('submitted');
			return refuse(event === 'revise' ? 'already_draft' : 'not_submitted');
		case 'submitted':
			if (event === 'submit') return refuse('already_submitted');
			if (event === 'revise') return refuse('withdraw_first');
			return to(fromSubmitted[event]);
		case 'approved':
		case 'returned':
			if (event === 'revise') return to('draft');
			return refuse(event === 'submit' ? 'revise_first' : 'not_submitted');
		case 'rejected':
			if (!context.hasApprovedRevision) return refuse('closed');
			if (event === 'revise') return to('draft');
			return refuse(event === 'submit' ? 'revise_first' : 'not_submitted');
		case 'withdrawn':
			if (event === 'submit') return to('submitted');
			if (event === 'revise') return to('draft');
			return refuse('not_submitted');
	}
}

/** The workflow's facts about one zone. */
export interface WorkflowState {
	/** The working copy's status. */
	status: ZoneStatus;
	/** The latest revision of the working copy (the one a submission puts forward). */
	currentRevisionId: number;
	/** The revision in force; null until the first approval. */
	approvedRevisionId: number | null;
}

export type Transition =
	{ ok: true; state: WorkflowState } | { ok: false; reason: WorkflowRefusal };

/**
 * The whole state after `event`. `approve` puts the submitted revision in force; `revise`
 * starts the working copy's next revision, `newRevisionId` (saved by the caller in the same
 * transaction); nothing clears `approvedRevisionId`.
 */
export function applyWorkflowEvent(
	state: WorkflowState,
	event: WorkflowEvent,
	newRevisionId?: number
): Transition {
	const next = nextStatus(state.status, event, {
		hasApprovedRevision: state.approvedRevisionId !== null
	});
	if (!next.ok) return next;
	if (event === 'revise' && newRevisionId === undefined)
		throw new TypeError('revise needs the id of the new draft revision');
	return {
		ok: true,
		state: {
			status: next.status,
			currentRevisionId: event === 'revise' ? newRevisionId! : state.currentRevisionId,
			approvedRevisionId: event === 'approve' ? state.currentRevisionId : state.approvedRevisionId
		}
	};
}

/** The events that apply now, for the buttons a page may show (permissions filter further). */
export function availableEvents(state: Pick<WorkflowState, 'status' | 'approvedRevisionId'>) {
	return workflowEvents.filter(
		(event) =>
			nextStatus(state.status, event, { hasApprovedRevision: state.approvedRevisionId !== null }).ok
	);
}

/**
 * What the public sees: an approved zone while any revision is in force, whatever happens to
 * the working copy; nothing (null) for a zone never approved, whose existence is not public.
 */
export function publicStatus(state: Pick<WorkflowState, 'approvedRevisionId'>): 'approved' | null {
	return state.approvedRevisionId === null ? null : 'approved';
}

/** Every status, re-exported for the exhaustive tests and the UI. */
export { zoneStatuses };

// ---- Decisions: the reasons of a return or a rejection

/**
 * Structured reasons a governor gives when returning or rejecting, so DLA can count them across
 * provinces; labels in `$lib/i18n/messages/{th,en}/workflow.ts` (`workflowReason_<code>`).
 */
export const decisionReasonCodes = [
	'boundary_unclear',
	'overlaps_other_plan',
	'insufficient_lao_agreement',
	'data_outdated',
	'objectives_unclear',
	'outside_policy',
	'other'
] as const;
export type DecisionReasonCode = (typeof decisionReasonCodes)[number];

/** The longest free text of a decision, in characters. */
export const maxDecisionTextLength = 4000;

export interface DecisionInput {
	event: WorkflowEvent;
	/** As received from the form: checked here against `decisionReasonCodes`. */
	reasonCodes: readonly string[];
	reasonText: string;
}

export interface Decision {
	event: WorkflowEvent;
	reasonCodes: DecisionReasonCode[];
	/** Trimmed; empty when none was given. */
	reasonText: string;
}

/** One problem with a decision; the shape of the services' `Problem`. */
export interface DecisionProblem {
	rule:
		| 'decision.reason_required'
		| 'decision.unknown_reason'
		| 'decision.duplicate_reason'
		| 'decision.text_required_for_other'
		| 'decision.text_too_long'
		| 'decision.reasons_not_allowed';
	field: 'reasonCodes' | 'reasonText';
	message: string;
}

export type DecisionValidation =
	{ valid: true; decision: Decision } | { valid: false; problems: DecisionProblem[] };

/**
 * Checks the reasons given with an event: a return or a rejection needs at least one reason
 * and, when one of them is `other`, a text saying what; approving takes no reason codes (a note
 * is allowed); the planner's events take none.
 */
export function validateDecision(input: DecisionInput): DecisionValidation {
	const problems: DecisionProblem[] = [];
	const reasonText = input.reasonText.trim();
	const needsReasons = input.event === 'return' || input.event === 'reject';
	const known = input.reasonCodes.filter((code): code is DecisionReasonCode =>
		(decisionReasonCodes as readonly string[]).includes(code)
	);
	for (const code of input.reasonCodes) {
		if (!known.includes(code as DecisionReasonCode))
			problems.push({
				rule: 'decision.unknown_reason',
				field: 'reasonCodes',
				message: `Unknown reason ${JSON.stringify(code)}`
			});
	}
	if (new Set(input.reasonCodes).size !== input.reasonCodes.length)
		problems.push({
			rule: 'decision.duplicate_reason',
			field: 'reasonCodes',
			message: 'A reason is given twice'
		});
	if (needsReasons) {
		if (input.reasonCodes.length === 0)
			problems.push({
				rule: 'decision.reason_required',
				field: 'reasonCodes',
				message: `To ${input.event} a zone, choose at least one reason`
			});
		if (known.includes('other') && reasonText === '')
			problems.push({
				rule: 'decision.text_required_for_other',
				field: 'reasonText',
				message: 'Say what the other reason is'
			});
	} else if (input.reasonCodes.length > 0) {
		problems.push({
			rule: 'decision.reasons_not_allowed',
			field: 'reasonCodes',
			message: `Reasons are given only to return or reject, not to ${input.event}`
		});
	}
	if (reasonText.length > maxDecisionTextLength)
		problems.push({
			rule: 'decision.text_too_long',
			field: 'reasonText',
			message: `At most ${maxDecisionTextLength} characters`
		});
	if (problems.length > 0) return { valid: false, problems };
	return { valid: true, decision: { event: input.event, reasonCodes: known, reasonText } };
}
