import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { nextPlanStatus, type PlanStatus } from '../../plans/plan-terms';
import {
	planEventSchema,
	planSaveSchema,
	type PlanEventInput,
	type PlanSaveInput
} from '../../plans/plan-schemas';
import { lockDesignationInForce } from '../accounts/acting.repository';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, notFound } from '../domain-errors';
import { parseInput } from './parse-input';
import { canDraftPlan, canReadPlanWorkingCopy, planDecidingCapacity } from './plan-permissions';
import { checkActivities, checkTargets } from './plan-checks';
import * as plans from './plan.repository';
import type { ZoneFacts } from './plan.repository';

/**
 * Zone plans (issue 16 item 1): targets and activities attached to an approved zone, versioned
 * like the zone's revisions. Every save is a new immutable revision; the plan in force is the
 * latest one the governor approved. Saving on an approved or returned plan starts the next
 * draft (`revise`), which goes through the same submit → approve | return as the first.
 *
 * Each mutation runs in one transaction: lock the plan row, check the permission, run the pure
 * state machine (`$lib/plans/plan-terms.ts`), write the rows, the transition and the audit
 * entry. A save or event naming a revision other than the working copy is refused with
 * `conflict` (someone saved in between), never applied on top.
 *
 * Over 400 lines: reading, saving and the workflow's events of one plan share its lock, its
 * permission rules and its audit; the checks of its entries are in plan-checks.ts.
 */

export interface PlanTargetView {
	key: string;
	indicatorKey: string | null;
	nameTh: string;
	nameEn: string | null;
	unit: string;
	baselineValue: number;
	baselineDate: string;
	targetValue: number;
	targetDate: string;
	source: string;
}

export interface PlanActivityView {
	key: string;
	name: string;
	sectors: string[];
	responsible:
		| { kind: 'lao'; dlaCode: string; nameTh: string | null }
		| { kind: 'provincial_office' }
		| { kind: 'partner'; partnerId: number; name: string | null };
	budgetBaht: { lao: number; province: number; central: number; partner: number };
	startDate: string;
	endDate: string;
	status: string;
}

export interface PlanRevisionView {
	id: number;
	revisionNumber: number;
	note: string;
	createdAt: string;
	/** Only for those who read the working copy; the public sees no personal names. */
	createdByName?: string;
	targets: PlanTargetView[];
	activities: PlanActivityView[];
}

export interface PlanView {
	zoneId: number;
	/** Whether the actor reads the working copy (then `status` and `workingCopy` are set). */
	readsWorkingCopy: boolean;
	status: PlanStatus | null;
	workingCopy: PlanRevisionView | null;
	/** The latest approved revision; null before the first approval. */
	inForce: PlanRevisionView | null;
	/** What the actor may do now, for the page's buttons (the services check again). */
	may: { save: boolean; submit: boolean; decide: boolean };
}

async function zoneFactsOrNotFound(db: Kysely<DB>, zoneId: number): Promise<ZoneFacts> {
	const zone = await plans.findZoneFacts(db, zoneId);
	// Plans exist only for approved zones, which are public; a zone not yet approved has none.
	if (!zone || zone.approvedRevisionId === null) throw notFound(`Zone ${zoneId} has no plan`);
	return zone;
}

export async function revisionView(
	db: Kysely<DB>,
	revisionId: number,
	withNames: boolean
): Promise<PlanRevisionView> {
	const revision = (await plans.findRevision(db, revisionId))!;
	const targets = await plans.listRevisionTargets(db, revisionId);
	const activities = await plans.listRevisionActivities(db, revisionId);
	return {
		id: revision.id,
		revisionNumber: revision.revisionNumber,
		note: revision.note,
		createdAt: new Date(revision.createdAt).toISOString(),
		...(withNames && { createdByName: revision.createdByName }),
		targets: targets.map((t) => ({ ...t, nameTh: t.nameTh, source: t.source })),
		activities: activities.map((a) => ({
			key: a.key,
			name: a.name,
			sectors: a.sectors,
			responsible:
				a.responsibleKind === 'lao'
					? { kind: 'lao', dlaCode: a.responsibleDlaCode!, nameTh: a.responsibleLaoNameTh }
					: a.responsibleKind === 'partner'
						? {
								kind: 'partner',
								partnerId: a.responsiblePartnerId!,
								name: a.responsiblePartnerName
							}
						: { kind: 'provincial_office' },
			budgetBaht: {
				lao: Number(a.budgetLaoBaht),
				province: Number(a.budgetProvinceBaht),
				central: Number(a.budgetCentralBaht),
				partner: Number(a.budgetPartnerBaht)
			},
			startDate: a.startDate,
			endDate: a.endDate,
			status: a.status
		}))
	};
}

/**
 * The zone's plan as the actor may see it: the working copy and the plan in force for those who
 * read the working copy; the plan in force, without names, for everyone else (`not_found` when
 * no plan is in force yet).
 */
export async function getPlan(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number }
): Promise<PlanView> {
	const { actor } = request;
	const zone = await zoneFactsOrNotFound(db, request.zoneId);
	const plan = await plans.findPlanOfZone(db, zone.id);
	const reads = canReadPlanWorkingCopy(actor, zone);
	if (!reads && !plan?.approvedRevisionId) throw notFound(`Zone ${zone.id} has no plan in force`);
	const status = plan?.status ?? null;
	return {
		zoneId: zone.id,
		readsWorkingCopy: reads,
		status: reads ? status : null,
		workingCopy:
			reads && plan?.currentRevisionId
				? await revisionView(db, plan.currentRevisionId, true)
				: null,
		inForce: plan?.approvedRevisionId
			? await revisionView(db, plan.approvedRevisionId, reads)
			: null,
		may: {
			save: canDraftPlan(actor, zone) && status !== 'submitted',
			submit: canDraftPlan(actor, zone) && status === 'draft',
			decide: planDecidingCapacity(actor, zone.provinceCode) !== null && status === 'submitted'
		}
	};
}

/** The plan's revisions and workflow history, for those who read its working copy. */
export async function listPlanHistory(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number }
) {
	const zone = await zoneFactsOrNotFound(db, request.zoneId);
	const plan = await plans.findPlanOfZone(db, zone.id);
	if (!plan || !canReadPlanWorkingCopy(request.actor, zone))
		throw notFound(`No plan history of zone ${zone.id} you may read`);
	const revisions = await plans.listRevisions(db, plan.id);
	const transitions = await plans.listTransitions(db, plan.id);
	return {
		revisions: revisions.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() })),
		transitions: transitions.map((t) => ({ ...t, createdAt: new Date(t.createdAt).toISOString() }))
	};
}

/** One revision by number: any for working-copy readers, approved ones for everyone. */
export async function getPlanRevision(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; revisionNumber: number }
): Promise<PlanRevisionView> {
	const zone = await zoneFactsOrNotFound(db, request.zoneId);
	const plan = await plans.findPlanOfZone(db, zone.id);
	const reads = canReadPlanWorkingCopy(request.actor, zone);
	const revision = plan
		? (await plans.listRevisions(db, plan.id)).find(
				(r) => r.revisionNumber === request.revisionNumber
			)
		: undefined;
	if (!plan || !revision) throw notFound(`No plan revision ${request.revisionNumber}`);
	if (!reads) {
		const approved = new Set(
			(await plans.listTransitions(db, plan.id))
				.filter((t) => t.event === 'approve')
				.map((t) => t.revisionId)
		);
		if (!approved.has(revision.id)) throw notFound(`No plan revision ${request.revisionNumber}`);
	}
	return revisionView(db, revision.id, reads);
}

function staleRevision(currentRevisionId: number | null, basedOn: number | undefined) {
	return new DomainError(
		'conflict',
		`The plan's working copy is now revision id ${currentRevisionId}, not ${basedOn ?? 'none'}: reload it before you save`,
		[
			{
				rule: 'plan.stale_revision',
				field: 'basedOnRevisionId',
				message: 'The plan changed since you opened it',
				details: { currentRevisionId, basedOnRevisionId: basedOn ?? null }
			}
		]
	);
}

/**
 * Saves the whole working copy as a new revision. The first save creates the plan (draft);
 * a save on an approved or returned plan starts the next draft; a submitted plan waits for the
 * governor. Checks each reference against the database and names the field of each refusal.
 */
export async function savePlan(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; input: unknown }
): Promise<PlanView> {
	const { actor } = request;
	const input: PlanSaveInput = parseInput(planSaveSchema, request.input);
	if (!actor) throw forbidden('Sign in to plan zones');
	await db.transaction().execute(async (trx) => {
		const zone = await plans.findZoneFacts(trx, request.zoneId);
		if (!zone) throw notFound(`No zone ${request.zoneId}`);
		if (!canDraftPlan(actor, zone))
			throw forbidden(`You may not plan zones in ${zone.provinceCode}`);
		if (zone.approvedRevisionId === null)
			throw new DomainError('conflict', 'A plan is made for an approved zone', [
				{
					rule: 'plan.zone_not_approved',
					field: 'zoneId',
					message: 'The zone is not approved yet'
				}
			]);
		let plan = await plans.lockPlanOfZone(trx, zone.id);
		if (!plan) {
			if (input.basedOnRevisionId !== undefined) throw staleRevision(null, input.basedOnRevisionId);
			const { created } = await plans.insertPlanOnce(trx, {
				zoneId: zone.id,
				createdBy: actor.userId
			});
			plan = (await plans.lockPlanOfZone(trx, zone.id))!;
			// Another first save committed while this one waited on the zone's unique key.
			if (!created) throw staleRevision(plan.currentRevisionId, undefined);
		} else if (plan.currentRevisionId !== (input.basedOnRevisionId ?? null)) {
			throw staleRevision(plan.currentRevisionId, input.basedOnRevisionId);
		}
		if (plan.status === 'submitted')
			throw new DomainError('conflict', 'The plan is waiting for the governor’s decision', [
				{ rule: 'plan.awaiting_decision', field: 'status', message: 'The plan is submitted' }
			]);
		const previousKeys = plan.currentRevisionId
			? {
					targets: new Set(
						(await plans.listRevisionTargets(trx, plan.currentRevisionId)).map((t) => t.key)
					),
					activities: new Set(
						(await plans.listRevisionActivities(trx, plan.currentRevisionId)).map((a) => a.key)
					)
				}
			: { targets: new Set<string>(), activities: new Set<string>() };
		const highest = await plans.highestKeyNumbers(trx, plan.id);
		const targets = await checkTargets(trx, input.targets, previousKeys.targets, highest.target);
		const activities = await checkActivities(
			trx,
			zone,
			input.activities,
			previousKeys.activities,
			highest.activity
		);
		const revisionId = await plans.insertRevision(trx, {
			planId: plan.id,
			revisionNumber: await plans.nextRevisionNumber(trx, plan.id),
			note: input.note,
			createdBy: actor.userId,
			targets,
			activities
		});
		const revising = plan.status === 'approved' || plan.status === 'returned';
		const toStatus: PlanStatus = 'draft';
		await plans.setPlanState(trx, plan.id, {
			status: toStatus,
			currentRevisionId: revisionId,
			approvedRevisionId: plan.approvedRevisionId
		});
		if (revising)
			await plans.insertTransition(trx, {
				planId: plan.id,
				revisionId,
				event: 'revise',
				fromStatus: plan.status,
				toStatus,
				actorUserId: actor.userId,
				actingForUserId: null,
				reasonText: ''
			});
		await appendAudit(trx, {
			actor,
			action: revising ? 'plan.revision_started' : 'plan.saved',
			entityType: 'plan',
			entityId: zone.id,
			provinceCode: zone.provinceCode,
			before: { status: plan.status, currentRevisionId: plan.currentRevisionId },
			after: {
				status: toStatus,
				currentRevisionId: revisionId,
				targets: targets.length,
				activities: activities.length
			}
		});
	});
	return getPlan(db, { actor, zoneId: request.zoneId });
}

const auditActionOf = {
	submit: 'plan.submitted',
	approve: 'plan.approved',
	return: 'plan.returned'
} as const;

/**
 * Submit (the province's planners, DLA staff), approve or return (the governor or who acts for
 * them; a return needs its reason). The event names the revision the caller saw.
 */
export async function runPlanEvent(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; input: unknown }
): Promise<PlanView> {
	const { actor } = request;
	const input: PlanEventInput = parseInput(planEventSchema, request.input);
	if (!actor) throw forbidden('Sign in to act on plans');
	await db.transaction().execute(async (trx) => {
		const zone = await zoneFactsOrNotFound(trx, request.zoneId);
		const plan = await plans.lockPlanOfZone(trx, zone.id);
		if (!plan || plan.currentRevisionId === null) throw notFound(`Zone ${zone.id} has no plan`);
		let actingForUserId: number | null = null;
		if (input.event === 'submit') {
			if (!canDraftPlan(actor, zone))
				throw forbidden(`You may not submit plans in ${zone.provinceCode}`);
		} else {
			const capacity = planDecidingCapacity(actor, zone.provinceCode);
			if (!capacity)
				throw forbidden(
					`Only the governor of ${zone.provinceCode}, or who acts for them, decides its plans`
				);
			if (capacity.as === 'acting') {
				if (
					!(await lockDesignationInForce(trx, {
						designationId: capacity.designationId,
						actingUserId: actor.userId
					}))
				)
					throw forbidden('Your designation to act for the governor is no longer in force');
				actingForUserId = capacity.governorUserId;
			}
		}
		if (plan.currentRevisionId !== input.revisionId)
			throw staleRevision(plan.currentRevisionId, input.revisionId);
		const next = nextPlanStatus(plan.status, input.event);
		if (!next.ok)
			throw new DomainError('conflict', `Cannot ${input.event} a ${plan.status} plan`, [
				{
					rule: `plan.${next.reason}`,
					field: 'event',
					message: `Cannot ${input.event} a ${plan.status} plan`,
					details: { status: plan.status, event: input.event }
				}
			]);
		const approvedRevisionId =
			input.event === 'approve' ? plan.currentRevisionId : plan.approvedRevisionId;
		await plans.setPlanState(trx, plan.id, {
			status: next.status,
			currentRevisionId: plan.currentRevisionId,
			approvedRevisionId
		});
		const reasonText = input.event === 'return' ? input.reasonText : '';
		const transitionId = await plans.insertTransition(trx, {
			planId: plan.id,
			revisionId: plan.currentRevisionId,
			event: input.event,
			fromStatus: plan.status,
			toStatus: next.status,
			actorUserId: actor.userId,
			actingForUserId,
			reasonText
		});
		await appendAudit(trx, {
			actor,
			actingForUserId,
			action: auditActionOf[input.event],
			entityType: 'plan',
			entityId: zone.id,
			provinceCode: zone.provinceCode,
			before: { status: plan.status, approvedRevisionId: plan.approvedRevisionId },
			after: {
				status: next.status,
				approvedRevisionId,
				revisionId: plan.currentRevisionId,
				transitionId,
				...(reasonText && { reasonText })
			}
		});
	});
	return getPlan(db, { actor, zoneId: request.zoneId });
}
