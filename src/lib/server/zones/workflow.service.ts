import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import {
	availableEvents,
	isDecisionEvent,
	validateDecision,
	type DecisionReasonCode,
	type WorkflowEvent
} from '../../zones/workflow';
import type {
	AttributeChange,
	ConsultationEntry,
	ConsultationSummary,
	RevisionComparison,
	ReviewQueueItem,
	ReviewView,
	TransitionView,
	WorkflowResult
} from '../../zones/workflow-api';
import type { ZoneRevisionSummary, ZoneRevisionView } from '../../zones/zone-api';
import { laoAnswers, type CoveredLao, type LaoAnswer } from '../../zones/zone-terms';
import {
	canAnswerForLao,
	canOpenReviewQueue,
	canProposeZonesIn,
	decidingCapacity
} from '../accounts/permissions';
import { appendAudit, type AuditEntry } from '../audit/audit.repository';
import { zoneHistory } from '../audit/audit.service';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { accessTo } from './zone-access';
import { diffRevisions, getZone } from './zone.service';
import * as zones from './zone.repository';
import type { ZoneRow } from './zone.repository';
import { writeTransition } from './workflow-transitions';
import { zoneReadiness } from '../readiness/readiness.service';
import { unmetInWords, type ReadinessOverride, type ZoneReadiness } from '../../zones/readiness';
import * as workflowRepo from './workflow.repository';

/**
 * The governors' review workflow (issue 6): submit, withdraw, decide (approve, return,
 * reject), start the next draft, consult the LAOs a zone covers, and the governor's queue and
 * review page. Each mutation locks the zone row, checks the permission table
 * (`accounts/permissions.ts`), runs the pure state machine and writes the state, its
 * append-only transition row and the audit entry in one transaction (`workflow-transitions.ts`).
 *
 * Every event names the revision the caller saw: if the working copy moved on since, the event
 * is refused with `conflict` rather than applied to a revision nobody looked at.
 */

const iso = (value: Date | string) =>
	(value instanceof Date ? value : new Date(value)).toISOString();

function toTransitionView(row: workflowRepo.TransitionRow): TransitionView {
	return {
		id: row.id,
		zoneId: row.zone_id,
		revisionId: row.revision_id,
		revisionNumber: row.revision_number,
		event: row.event,
		fromStatus: row.from_status,
		toStatus: row.to_status,
		actorUserId: row.actor_user_id,
		actorName: row.actor_name,
		actorPosition: row.actor_position,
		actingForUserId: row.acting_for_user_id,
		actingForName: row.acting_for_name,
		reasonCodes: row.reason_codes as DecisionReasonCode[],
		reasonText: row.reason_text,
		dataVersions: row.data_versions,
		readinessOverride: row.readiness_override,
		createdAt: iso(row.created_at)
	};
}

async function lockVisibleZone(trx: Kysely<DB>, actor: Actor | null, zoneId: number) {
	const zone = await zones.lockZone(trx, zoneId);
	if (!zone) throw notFound(`No zone ${zoneId}`);
	// A zone the actor may not see answers not_found, whatever they try to do with it.
	await accessTo(trx, actor, zone);
	return zone;
}

function assertSameRevision(zone: ZoneRow, revisionId: number) {
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
			: await trx
					.selectFrom('scoring_model')
					.select(['id', 'name', 'version'])
					.where('id', '=', revision.scoring_model_id)
					.executeTakeFirst();
	return {
		measuredWith: {
			boundaryAndRegistryImportRunId: metrics.coveredLaos?.importRunId ?? null,
			populationReferenceDate: metrics.population?.referenceDate ?? null,
			scoringModel: model ? { id: model.id, name: model.name, version: model.version } : null,
			revisionSavedAt: revision ? iso(revision.created_at) : null
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
	const row = await trx
		.selectFrom('acting_designation as d')
		.innerJoin('app_user as g', 'g.id', 'd.governor_user_id')
		.select('d.id')
		.where('d.id', '=', designationId)
		.where('d.acting_user_id', '=', userId)
		.where('d.revoked_at', 'is', null)
		.where('g.disabled', '=', false)
		.where(
			sql<boolean>`(now() AT TIME ZONE 'Asia/Bangkok')::date BETWEEN d.starts_on AND d.ends_on`
		)
		.forShare()
		.executeTakeFirst();
	if (!row) throw forbidden('Your designation to act for the governor is no longer in force');
}

/** `revise` without an edit: the next draft starts as a copy of the current revision. */
async function copyRevisionAsNextDraft(
	trx: Kysely<DB>,
	zone: ZoneRow,
	userId: number
): Promise<number> {
	const next = await zones.nextRevisionNumber(trx, zone.id);
	const { rows } = await sql<{ id: number }>`
		INSERT INTO zone_revision (zone_id, revision_number, name, description, objectives,
			objective_tags, partners, swot, geometry_source, geom, area_km2, vertex_count, covered_laos,
			population_covered, score, scoring_model_id, metrics, based_on_revision_id, created_by)
		SELECT zone_id, ${next}, name, description, objectives, objective_tags, partners, swot,
			geometry_source, geom, area_km2, vertex_count, covered_laos, population_covered, score,
			scoring_model_id, metrics, id, ${userId}
		FROM zone_revision WHERE id = ${zone.current_revision_id}
		RETURNING id
	`.execute(trx);
	return rows[0]!.id;
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

// ---------------------------------------------------------------------------------------------
// LAO consultation

/**
 * Asks LAOs to answer about the working copy; by default every LAO it covers. Allowed while the
 * working copy can still change (not while submitted). Asking again moves the request to the
 * current revision; earlier answers stay and are shown as about an earlier revision.
 */
export async function requestResponses(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; revisionId: number; dlaCodes?: readonly string[] }
): Promise<ConsultationSummary> {
	const { actor } = args;
	if (!actor) throw forbidden('Sign in to consult LAOs');
	await db.transaction().execute(async (trx) => {
		const zone = await lockVisibleZone(trx, actor, args.zoneId);
		if (!canProposeZonesIn(actor, zone.province_code))
			throw forbidden(`You may not consult LAOs about zones in ${zone.province_code}`);
		assertSameRevision(zone, args.revisionId);
		if (zone.status === 'submitted' || (zone.status === 'rejected' && !zone.approved_revision_id))
			throw new DomainError(
				'conflict',
				`LAOs are consulted before submitting, not on a ${zone.status} zone`,
				[{ rule: 'consultation.not_now', field: 'status', message: `The zone is ${zone.status}` }]
			);
		const revision = (await zones.findRevisionById(trx, zone.current_revision_id!))!;
		const covered = revision.covered_laos as CoveredLao[];
		const coveredCodes = new Set(covered.map((c) => c.dlaCode));
		const asked = args.dlaCodes ?? covered.map((c) => c.dlaCode);
		const problems: Problem[] = [];
		asked.forEach((code, index) => {
			if (!coveredCodes.has(code))
				problems.push({
					rule: 'consultation.not_covered',
					field: `dlaCodes[${index}]`,
					message: `LAO ${code} is not covered by revision ${revision.revision_number} of this zone`,
					details: { dlaCode: code }
				});
		});
		if (asked.length === 0)
			problems.push({
				rule: 'consultation.none',
				field: 'dlaCodes',
				message: 'The zone covers no LAO to consult'
			});
		if (problems.length > 0) throw invalid(problems, 'Some LAOs cannot be consulted');
		const codes = [...new Set(asked)].sort();
		await workflowRepo.upsertConsultations(trx, {
			zoneId: zone.id,
			dlaCodes: codes,
			revisionId: revision.id,
			requestedBy: actor.userId
		});
		await appendAudit(trx, {
			actor,
			action: 'zone.response_requested',
			entityType: 'zone',
			entityId: zone.id,
			provinceCode: zone.province_code,
			after: { dlaCodes: codes, revisionId: revision.id, revisionNumber: revision.revision_number }
		});
	});
	return getConsultation(db, { actor, zoneId: args.zoneId });
}

export interface LaoAnswerInput {
	answer: LaoAnswer;
	comment: string;
}

/** The longest comment of an LAO's answer, in characters. */
export const maxAnswerCommentLength = 4000;

/**
 * An LAO officer answers for their LAO: agree, agree with conditions, or object. Conditions and
 * objections must say what in the comment. Each answer is a new row about the working copy's
 * revision at that moment; the latest counts.
 */
export async function answerConsultation(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; revisionId: number; input: LaoAnswerInput }
): Promise<ConsultationSummary> {
	const { actor, input } = args;
	if (!actor) throw forbidden('Sign in to answer for an LAO');
	const problems: Problem[] = [];
	if (!(laoAnswers as readonly string[]).includes(input.answer))
		problems.push({
			rule: 'answer.unknown',
			field: 'answer',
			message: `The answer is one of ${laoAnswers.join(', ')}`
		});
	const comment = input.comment.trim();
	if (input.answer !== 'agree' && comment === '')
		problems.push({
			rule: 'answer.comment_required',
			field: 'comment',
			message: 'Say what the conditions or the objection are'
		});
	if (comment.length > maxAnswerCommentLength)
		problems.push({
			rule: 'answer.comment_too_long',
			field: 'comment',
			message: `At most ${maxAnswerCommentLength} characters`
		});
	await db.transaction().execute(async (trx) => {
		const zone = await lockVisibleZone(trx, actor, args.zoneId);
		const dlaCode = actor.dlaCode;
		if (!dlaCode || !canAnswerForLao(actor, dlaCode))
			throw forbidden('Only the officers of a consulted LAO answer for it');
		const consultation = await workflowRepo.findConsultation(trx, zone.id, dlaCode);
		if (!consultation) throw forbidden(`LAO ${dlaCode} was not asked about zone ${zone.id}`);
		if (problems.length > 0) throw invalid(problems, 'The answer is not complete');
		assertSameRevision(zone, args.revisionId);
		const responseId = await workflowRepo.insertResponse(trx, {
			consultationId: consultation.id,
			revisionId: zone.current_revision_id!,
			answer: input.answer,
			comment,
			respondedBy: actor.userId
		});
		await appendAudit(trx, {
			actor,
			action: 'zone.response_answered',
			entityType: 'zone',
			entityId: zone.id,
			provinceCode: zone.province_code,
			after: {
				dlaCode,
				answer: input.answer,
				comment,
				responseId,
				revisionId: zone.current_revision_id
			}
		});
	});
	return getConsultation(db, { actor, zoneId: args.zoneId });
}

/** Every consulted LAO's latest answer, and who has not answered, for whoever reads the zone. */
export async function getConsultation(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<ConsultationSummary> {
	const zone = await zones.findZone(db, args.zoneId);
	if (!zone) throw notFound(`No zone ${args.zoneId}`);
	if ((await accessTo(db, args.actor, zone)) !== 'working_copy')
		throw notFound(`No consultation of zone ${zone.id} you may read`);
	return consultationOf(db, zone);
}

async function consultationOf(db: Kysely<DB>, zone: ZoneRow): Promise<ConsultationSummary> {
	const [rows, current] = await Promise.all([
		workflowRepo.listConsultationsWithLatestAnswer(db, zone.id),
		zone.current_revision_id === null
			? undefined
			: zones.findRevisionById(db, zone.current_revision_id)
	]);
	const currentNumber = current?.revision_number ?? 0;
	const entries: ConsultationEntry[] = rows.map((r) => ({
		dlaCode: r.dla_code,
		nameTh: r.name_th,
		laoType: r.lao_type,
		requestedAt: iso(r.requested_at),
		requestedRevisionNumber: r.requested_revision_number,
		requestedByName: r.requested_by_name,
		answer:
			r.answer === null
				? null
				: {
						answer: r.answer,
						comment: r.comment ?? '',
						answeredAt: iso(r.answered_at!),
						revisionNumber: r.answered_revision_number!,
						respondedByName: r.responded_by_name!,
						respondedByPosition: r.responded_by_position,
						aboutEarlierRevision: r.answered_revision_number! < currentNumber
					}
	}));
	const counts = { agree: 0, agree_with_conditions: 0, object: 0, not_answered: 0 };
	for (const e of entries) counts[e.answer?.answer ?? 'not_answered'] += 1;
	const consulted = new Set(entries.map((e) => e.dlaCode));
	const covered = (current?.covered_laos ?? []) as CoveredLao[];
	return {
		entries,
		counts,
		notConsulted: covered
			.filter((c) => !consulted.has(c.dlaCode))
			.map((c) => ({ dlaCode: c.dlaCode, nameTh: c.nameTh }))
	};
}

/** The zones an LAO officer's LAO has been asked about, for their consultation inbox. */
export async function listConsultationsForMyLao(db: Kysely<DB>, args: { actor: Actor | null }) {
	const { actor } = args;
	if (actor?.role !== 'lao_officer' || !actor.dlaCode)
		throw forbidden('Consultations are answered by LAO officers');
	const rows = await workflowRepo.listConsultationsOfLao(db, actor.dlaCode);
	return rows.map((r) => ({
		zoneId: r.zone_id,
		provinceCode: r.province_code,
		status: r.status,
		name: r.name,
		revisionNumber: r.revision_number,
		requestedAt: iso(r.requested_at),
		answer: r.answer,
		answeredAt: r.answered_at ? iso(r.answered_at) : null,
		answeredRevisionNumber: r.answered_revision_number
	}));
}

// ---------------------------------------------------------------------------------------------
// The governor's queue and review page

/**
 * Zones waiting for a decision, oldest submission first: in the governor's own province and
 * those they act for; every province for DLA staff (who read but do not decide).
 */
export async function reviewQueue(
	db: Kysely<DB>,
	args: { actor: Actor | null }
): Promise<ReviewQueueItem[]> {
	const { actor } = args;
	if (!canOpenReviewQueue(actor)) throw forbidden('The review queue is for governors');
	const provinces =
		actor!.role === 'dla_staff'
			? ('all' as const)
			: [
					...new Set([
						...(actor!.role === 'governor' && actor!.provinceCode ? [actor!.provinceCode] : []),
						...(actor!.actingFor ?? []).map((a) => a.provinceCode)
					])
				];
	const rows = await workflowRepo.listReviewQueue(db, provinces);
	return rows.map((r) => ({
		zoneId: r.zone_id,
		provinceCode: r.province_code,
		provinceNameTh: r.province_name_th,
		provinceNameEn: r.province_name_en,
		name: r.name,
		revisionNumber: r.revision_number,
		areaKm2: r.area_km2,
		score: r.score,
		submittedAt: iso(r.submitted_at),
		waitedSeconds: r.waited_seconds,
		isAmendment: r.approved_revision_id !== null,
		answers: {
			agree: r.agree,
			agree_with_conditions: r.agree_with_conditions,
			object: r.object,
			not_answered: r.consulted - r.agree - r.agree_with_conditions - r.object
		}
	}));
}

const comparedFields = [
	'name',
	'description',
	'objectives',
	'objectiveTags',
	'partners',
	'swot'
] as const;

async function compare(
	db: Kysely<DB>,
	actor: Actor | null,
	zoneId: number,
	from: ZoneRevisionView,
	to: ZoneRevisionView
): Promise<RevisionComparison> {
	const diff = await diffRevisions(db, {
		actor,
		zoneId,
		fromRevision: from.revisionNumber,
		toRevision: to.revisionNumber
	});
	const attributeChanges: AttributeChange[] = [];
	for (const field of comparedFields) {
		if (JSON.stringify(from[field]) !== JSON.stringify(to[field]))
			attributeChanges.push({ field, before: from[field], after: to[field] });
	}
	const fromCodes = new Set(from.coveredLaos.map((c) => c.dlaCode));
	const toCodes = new Set(to.coveredLaos.map((c) => c.dlaCode));
	const summary = (revision: ZoneRevisionView): ZoneRevisionSummary => ({
		id: revision.id,
		zoneId: revision.zoneId,
		revisionNumber: revision.revisionNumber,
		name: revision.name,
		areaKm2: revision.areaKm2,
		vertexCount: revision.vertexCount,
		geometrySource: revision.geometrySource,
		basedOnRevisionId: revision.basedOnRevisionId,
		createdAt: revision.createdAt,
		createdById: revision.createdById,
		createdByName: revision.createdByName
	});
	return {
		from: summary(from),
		to: summary(to),
		diff,
		attributeChanges,
		laosAdded: [...toCodes].filter((c) => !fromCodes.has(c)),
		laosRemoved: [...fromCodes].filter((c) => !toCodes.has(c))
	};
}

/**
 * Everything the review page shows: the revision under review with its figures, what changed
 * since the previous revision and since the one in force, every LAO's answer and who has not
 * answered, the workflow history, and — on a second look — the earlier returns with what
 * changed since each.
 */
export async function getReview(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<ReviewView> {
	const { actor, zoneId } = args;
	const zone = await zones.findZone(db, zoneId);
	if (!zone) throw notFound(`No zone ${zoneId}`);
	if ((await accessTo(db, actor, zone)) !== 'working_copy')
		throw notFound(`No zone ${zoneId} to review`);
	const { zone: zoneView, revision } = await getZone(db, { actor, zoneId });
	const province = (await zones.findProvince(db, zone.province_code))!;
	const readRevision = async (id: number) => {
		const row = await zones.findRevisionById(db, id);
		return row
			? (await getZone(db, { actor, zoneId, revisionNumber: row.revision_number })).revision
			: null;
	};
	const previous =
		revision.basedOnRevisionId === null ? null : await readRevision(revision.basedOnRevisionId);
	const approved =
		zone.approved_revision_id === null || zone.approved_revision_id === revision.id
			? null
			: await readRevision(zone.approved_revision_id);
	const transitions = (await workflowRepo.listTransitions(db, zoneId)).map(toTransitionView);
	const earlierReturns = [];
	for (const t of transitions.filter((t) => t.event === 'return').reverse()) {
		const returned = t.revisionId === revision.id ? revision : await readRevision(t.revisionId);
		earlierReturns.push({
			transition: t,
			changedSince:
				returned && returned.id !== revision.id
					? await compare(db, actor, zoneId, returned, revision)
					: null
		});
	}
	const capacity = decidingCapacity(actor, zone.province_code);
	const events = availableEvents({
		status: zone.status,
		approvedRevisionId: zone.approved_revision_id
	});
	return {
		zone: zoneView,
		provinceNameTh: province.name_th,
		provinceNameEn: province.name_en,
		revision,
		sincePrevious: previous ? await compare(db, actor, zoneId, previous, revision) : null,
		sinceApproved: approved ? await compare(db, actor, zoneId, approved, revision) : null,
		consultation: await consultationOf(db, zone),
		readiness: await zoneReadiness(db, zone),
		transitions,
		earlierReturns,
		decide: {
			allowed: capacity !== null && zone.status === 'submitted',
			actingForName: capacity?.as === 'acting' ? capacity.governorName : null
		},
		availableEvents: events.filter((event) =>
			isDecisionEvent(event)
				? capacity !== null
				: actor !== null && canProposeZonesIn(actor, zone.province_code)
		)
	};
}

/**
 * The zone's readiness checklists (issue 17) for whoever reads its working copy; `not_found`
 * for anyone else. The same checklists `runWorkflowEvent` enforces.
 */
export async function getZoneReadiness(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<ZoneReadiness> {
	const zone = await zones.findZone(db, args.zoneId);
	if (!zone) throw notFound(`No zone ${args.zoneId}`);
	if ((await accessTo(db, args.actor, zone)) !== 'working_copy')
		throw notFound(`No zone ${zone.id} you may read`);
	return zoneReadiness(db, zone);
}

/**
 * The zone's own audit trail, oldest first (saves, transitions, consultation requests and
 * answers), for whoever reads its working copy; `not_found` for anyone else.
 */
export async function zoneAuditTrail(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number }
): Promise<AuditEntry[]> {
	const zone = await zones.findZone(db, args.zoneId);
	if (!zone) throw notFound(`No zone ${args.zoneId}`);
	if ((await accessTo(db, args.actor, zone)) !== 'working_copy')
		throw notFound(`No history of zone ${zone.id} you may read`);
	return zoneHistory(db, { zoneId: zone.id });
}
