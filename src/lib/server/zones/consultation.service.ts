import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { ConsultationEntry, ConsultationSummary } from '../../zones/workflow-api';
import { laoAnswers, type CoveredLao, type LaoAnswer } from '../../geo/zones/zone-terms';
import { canAnswerForLao, canProposeZonesIn } from '../accounts/permissions';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { accessTo, assertSameRevision, lockVisibleZone } from './zone-access';
import { isoTimestamp } from './zone-views';
import * as zones from './zone.repository';
import type { ZoneRow } from './zone.repository';
import * as workflowRepo from './workflow.repository';
import { tellOfZoneEvent } from './zone-notice.service';

/**
 * The LAO consultation of a zone (issue 6): the planner asks the LAOs a zone covers, each LAO's
 * officer answers for their own LAO, and whoever reads the working copy sees every latest answer
 * and who has not answered. Mutations lock the zone row and write their audit entry in the same
 * transaction.
 */

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
		await tellOfZoneEvent(trx, {
			actor,
			zone,
			event: 'response_requested',
			dlaCodes: codes
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

export async function consultationOf(db: Kysely<DB>, zone: ZoneRow): Promise<ConsultationSummary> {
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
		nameEn: r.name_en,
		laoType: r.lao_type,
		requestedAt: isoTimestamp(r.requested_at),
		requestedRevisionNumber: r.requested_revision_number,
		requestedByName: r.requested_by_name,
		answer:
			r.answer === null
				? null
				: {
						answer: r.answer,
						comment: r.comment ?? '',
						answeredAt: isoTimestamp(r.answered_at!),
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
			.map((c) => ({ dlaCode: c.dlaCode, nameTh: c.nameTh, nameEn: c.nameEn ?? null }))
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
		requestedAt: isoTimestamp(r.requested_at),
		answer: r.answer,
		answeredAt: r.answered_at ? isoTimestamp(r.answered_at) : null,
		answeredRevisionNumber: r.answered_revision_number
	}));
}
