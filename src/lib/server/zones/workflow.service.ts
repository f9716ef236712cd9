import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import {
	availableEvents,
	isDecisionEvent,
	validateDecision,
	type WorkflowEvent
} from '../../zones/workflow';
import type { TransitionView, WorkflowResult } from '../../zones/workflow-api';
import { canProposeZonesIn, decidingCapacity } from '../accounts/permissions';
import { lockDesignationInForce } from '../accounts/acting.repository';
import type { DB } from '../db/schema';
import { forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { accessTo, assertSameRevision, lockVisibleZone } from './zone-access';
import { getZone } from './zone.service';
import { isoTimestamp, toTransitionView } from './zone-views';
import * as zones from './zone.repository';
import type { ZoneRow } from './zone.repository';
import { writeTransition } from './workflow-transitions';
import { zoneReadiness } from '../readiness/readiness.service';
import { unmetInWords, type ReadinessOverride } from '../../zones/readiness';
import * as workflowRepo from './workflow.repository';

/**
 * The governors' review workflow (issue 6): submit, withdraw, decide (approve, return,
 * reject) and start the next draft. Each mutation locks the zone row, checks the permission
 * table (`accounts/permissions.ts`), runs the pure state machine and writes the state, its
 * append-only transition row and the audit entry in one transaction (`workflow-transitions.ts`).
 * The LAO consultation is in `consultation.service.ts`, the governor's queue and review page in
 * `review.service.ts`.
 *
 * Every event names the revision the caller saw: if the working copy moved on since, the event
 * is refused with `conflict` rather than applied to a revision nobody looked at.
 */

/**
 * What the approved revision was judged against: the versions its figures were measured with
 * (stored in the revision's metrics at save time) and the data current at the decision. Both
 * stay in the transition row; later imports never change them.
 */
async function decisionDataVersions(trx: Kysely<DB>, revisionId: number) {
	const revision = await zones.findRevisionById(trx, revisionId);
	const metrics = (revision?.metrics ?? {}) as Record<string, Record<string, unknown> | undefined>;
	const model =
		revision?.scoring_model_id == null
			? undefined
			: await workflowRepo.findScoringModelRef(trx, revision.scoring_model_id);
	return {
		measuredWith: {
			boundaryAndRegistryImportRunId: metrics.coveredLaos?.importRunId ?? null,
			populationReferenceDate: metrics.population?.referenceDate ?? null,
			scoringModel: model ? { id: model.id, name: model.name, version: model.version } : null,
			revisionSavedAt: revision ? isoTimestamp(revision.created_at) : null
		},
		atDecision: await workflowRepo.currentDataVersions(trx)
	};
}

export interface WorkflowRequest {
	actor: Actor | null;
	zoneId: number;
	/** The working copy's revision the caller saw (`zone.currentRevisionId`). */
	revisionId: number;
	event: WorkflowEvent;
	reasonCodes?: readonly string[];
	reasonText?: string;
	/** For `approve` although readiness rules are unmet: why (issue 17). */
	overrideReason?: string;
}

/**
 * Runs one workflow event. Who may send it: `submit`, `withdraw` and `revise` whoever may edit
 * the province's zones; `approve`, `return` and `reject` only the province's governor or the
 * user acting for them today (the transition and the audit entry then name the governor).
 * Returns and rejections need a structured reason (`validateDecision`).
 */
export async function runWorkflowEvent(
	db: Kysely<DB>,
	request: WorkflowRequest
): Promise<WorkflowResult> {
	const { actor, event } = request;
	if (!actor) throw forbidden('Sign in to act on zones');
	const checked = validateDecision({
		event,
		reasonCodes: request.reasonCodes ?? [],
		reasonText: request.reasonText ?? ''
	});
	const transitionId = await db.transaction().execute(async (trx) => {
		const zone = await lockVisibleZone(trx, actor, request.zoneId);
		let actingForUserId: number | null = null;
		if (isDecisionEvent(event)) {
			const capacity = decidingCapacity(actor, zone.province_code);
			if (!capacity)
				throw forbidden(
					`Only the governor of ${zone.province_code}, or who acts for them, decides its zones`
				);
			if (capacity.as === 'acting') {
				// The session said so; the designation must still be in force as we write.
				await assertDesignationInForce(trx, capacity.designationId, actor.userId);
				actingForUserId = capacity.governorUserId;
			}
		} else if (!canProposeZonesIn(actor, zone.province_code)) {
			throw forbidden(`You may not ${event} zones in ${zone.province_code}`);
		}
		if (!checked.valid) throw invalid(checked.problems, 'The decision needs its reasons');
		assertSameRevision(zone, request.revisionId);
		const readinessOverride = await enforceReadiness(trx, zone, event, request.overrideReason);
		const newRevisionId =
			event === 'revise' ? await copyRevisionAsNextDraft(trx, zone, actor.userId) : undefined;
		const { transitionId } = await writeTransition(trx, {
			actor,
			zone,
			event,
			newRevisionId,
			actingForUserId,
			reasonCodes: checked.decision.reasonCodes,
			reasonText: checked.decision.reasonText,
			dataVersions:
				event === 'approve' ? await decisionDataVersions(trx, zone.current_revision_id!) : null,
			readinessOverride
		});
		return transitionId;
	});
	const zone = (await getZone(db, { actor, zoneId: request.zoneId })).zone;
	const transitions = await workflowRepo.listTransitions(db, request.zoneId);
	return {
		zone,
		transition: toTransitionView(transitions.find((t) => t.id === transitionId)!)
	};
}

/**
 * The readiness rules of issue 17, checked with the same pure checklist the pages show. A submit
 * with unmet rules is refused naming each in words; an approval too, unless the governor wrote
 * why they approve anyway — then that reason and what was unmet are returned for the transition
 * row, the audit entry and the memo. Events the state machine refuses anyway are left to it, so
 * "cannot approve a draft" is not hidden behind a list of rules.
 */
async function enforceReadiness(
	trx: Kysely<DB>,
	zone: ZoneRow,
	event: WorkflowEvent,
	overrideReason: string | undefined
): Promise<ReadinessOverride | null> {
	if (event !== 'submit' && event !== 'approve') return null;
	const possible = availableEvents({
		status: zone.status,
		approvedRevisionId: zone.approved_revision_id
	});
	if (!possible.includes(event)) return null;
	const readiness = await zoneReadiness(trx, zone);
	const checklist = event === 'submit' ? readiness.submit : readiness.approve;
	if (checklist.ready) return null;
	const unmet = checklist.items.filter((item) => !item.met);
	const reason = (overrideReason ?? '').trim();
	if (event === 'approve' && reason !== '')
		return {
			reason,
			ruleSet: {
				scope: readiness.ruleSet.scope,
				provinceCode: readiness.ruleSet.provinceCode,
				version: readiness.ruleSet.version
			},
			unmet: unmet.map((item) => ({
				rule: item.rule,
				label: item.label,
				missing: item.missing!
			}))
		};
	const problems: Problem[] = unmet.map((item) => ({
		rule: `readiness.${item.rule}`,
		field: 'readiness',
		message: `${item.label.en}: ${item.missing!.en}`,
		details: { label: item.label, missing: item.missing }
	}));
	if (event === 'approve')
		problems.push({
			rule: 'readiness.override_reason_required',
			field: 'overrideReason',
			message: 'Write why the zone is approved although not every rule is met',
			details: {
				label: {
					th: 'ต้องระบุเหตุผลที่อนุมัติแม้ความพร้อมยังไม่ครบ',
					en: 'Write why the zone is approved although not every rule is met'
				}
			}
		});
	throw invalid(
		problems,
		event === 'submit'
			? `This zone cannot be submitted yet: ${unmetInWords(checklist, 'en')}`
			: `This zone cannot be approved yet unless the governor writes why: ${unmetInWords(checklist, 'en')}`
	);
}

async function assertDesignationInForce(trx: Kysely<DB>, designationId: number, userId: number) {
	if (!(await lockDesignationInForce(trx, { designationId, actingUserId: userId })))
		throw forbidden('Your designation to act for the governor is no longer in force');
}

/** `revise` without an edit: the next draft starts as a copy of the current revision. */
async function copyRevisionAsNextDraft(
	trx: Kysely<DB>,
	zone: ZoneRow,
	userId: number
): Promise<number> {
	return workflowRepo.copyRevision(trx, {
		revisionId: zone.current_revision_id!,
		revisionNumber: await zones.nextRevisionNumber(trx, zone.id),
		createdBy: userId
	});
}

/** A zone's workflow events, oldest first, for whoever may read its working copy. */
export async function listZoneTransitions(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<TransitionView[]> {
	const zone = await zones.findZone(db, args.zoneId);
	if (!zone) throw notFound(`No zone ${args.zoneId}`);
	if ((await accessTo(db, args.actor, zone)) !== 'working_copy')
		throw notFound(`No workflow history of zone ${zone.id} you may read`);
	return (await workflowRepo.listTransitions(db, zone.id)).map(toTransitionView);
}
