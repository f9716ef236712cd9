import type { MultiPolygon } from 'geojson';
import { bangkokDay, isoDayOrAsTyped } from '../../thai-calendar';
import type { ReadinessOverride, ZoneSwot } from '../../zones/readiness';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../accounts/roles';
import { isDecisionEvent, type DecisionEvent, type DecisionReasonCode } from '../../zones/workflow';
import type { CoveredLao, LaoAnswer } from '../../geo/zones/zone-terms';
import { canWriteDecisionMemo, decidingCapacity } from '../accounts/permissions';
import { publishedCommentCount } from '../comments/comment.repository';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { findZone, type ZoneRow } from '../zones/zone.repository';
import { zoneSight } from '../zones/zone-visibility';
import * as memos from './decision-memo.repository';
import { decisionMemoSubject } from '../../memo/memo-subject';

/**
 * The memo (บันทึกข้อความ) an office prints for each decision of a governor (approve, return,
 * reject): everything the page needs to print it, and the fields the office enters. The fields
 * are kept append-only (`decision_memo`): each save is a new row and the latest prints; before
 * the first save the defaults below print.
 *
 * The document number (ที่) comes from the office's own register: the default is empty and the
 * app never makes one up.
 *
 * Who: `canWriteDecisionMemo` (the province's governor or acting governor, its planners, DLA
 * staff), both to read and to save. Someone who may not even know the zone exists (a draft of
 * another province, the public before any approval) gets `not_found`; someone who may see the
 * zone but not its memos gets `forbidden`.
 */

/** The fields the office enters; lengths as the migration's CHECK constraints allow. */
export interface DecisionMemoFields {
	/** ส่วนราชการ. */
	office: string;
	/** ที่: from the office's register, as typed; '' prints a blank, dotted line. */
	documentNumber: string;
	/** วันที่: ISO date. */
	memoDate: string;
	/** เรื่อง. */
	subject: string;
	/** เรียน. */
	addressee: string;
	/** The closing sentence (จึงเรียนมาเพื่อ…); '' prints none. */
	closingText: string;
	signerName: string;
	signerPosition: string;
}

export const defaultClosingText = 'จึงเรียนมาเพื่อโปรดทราบและดำเนินการต่อไป';

/** Longest closing text, characters (the column has no limit of its own). */
export const maxClosingTextLength = 1000;

const text = (max: number, min: number) =>
	z
		.string({ error: 'memo.invalid' })
		.trim()
		.min(min, { error: 'memo.required' })
		.max(max, { error: 'memo.too_long' });

/** The form's fields, trimmed; problems name the field. */
export const decisionMemoFieldsSchema = z.object({
	office: text(300, 1),
	documentNumber: text(100, 0),
	// Typed as officials write it (`22/11/2569`, Thai digits too) or ISO; stored ISO.
	memoDate: z.preprocess(isoDayOrAsTyped, z.iso.date({ error: 'memo.date_invalid' })),
	subject: text(500, 1),
	addressee: text(300, 1),
	closingText: text(maxClosingTextLength, 0),
	signerName: text(200, 1),
	signerPosition: text(300, 1)
});

const maxLengths: Record<string, number> = {
	office: 300,
	documentNumber: 100,
	subject: 500,
	addressee: 300,
	closingText: maxClosingTextLength,
	signerName: 200,
	signerPosition: 300
};

const englishByRule: Record<string, string> = {
	'memo.required': 'Required',
	'memo.too_long': 'Too long',
	'memo.date_invalid': 'Not a date (YYYY-MM-DD)',
	'memo.invalid': 'Not valid'
};

/** The memo form's fields checked: the values trimmed, or one problem per wrong field. */
export function parseDecisionMemoFields(
	input: unknown
): { ok: true; fields: DecisionMemoFields } | { ok: false; problems: Problem[] } {
	const parsed = decisionMemoFieldsSchema.safeParse(input);
	if (parsed.success) return { ok: true, fields: parsed.data };
	const problems: Problem[] = [];
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? '');
		if (problems.some((p) => p.field === field)) continue;
		const rule = issue.message in englishByRule ? issue.message : 'memo.invalid';
		problems.push({
			rule,
			field,
			message: `${field}: ${englishByRule[rule]}`,
			...(rule === 'memo.too_long' && { details: { max: maxLengths[field] } })
		});
	}
	return { ok: false, problems };
}

export interface DecisionMemoView {
	zoneId: number;
	provinceCode: string;
	provinceNameTh: string;
	provinceNameEn: string;
	transition: {
		id: number;
		event: DecisionEvent;
		revisionId: number;
		actorUserId: number;
		actorName: string;
		actorPosition: string | null;
		actingForUserId: number | null;
		actingForName: string | null;
		reasonCodes: DecisionReasonCode[];
		reasonText: string;
		/** An approval although readiness rules were unmet: the reason and what was unmet. */
		readinessOverride: ReadinessOverride | null;
		decidedAt: string;
		/** The day of the decision in Bangkok, ISO. */
		decidedOn: string;
	};
	/** The submission the decision answered; null if none is recorded. */
	submission: {
		submittedAt: string;
		/** Who put the zone forward: a province's planner (its office) or DLA staff. */
		by: 'provincial_office' | 'dla';
	} | null;
	revision: {
		id: number;
		revisionNumber: number;
		name: string;
		areaKm2: number;
		coveredLaos: CoveredLao[];
		swot: ZoneSwot;
		populationCovered: number | null;
		score: number | null;
		model: { id: number; name: string; version: number } | null;
		geometry: MultiPolygon;
	};
	/** The province's outline, simplified, for the small map. */
	provinceOutline: MultiPolygon | null;
	/** The consulted LAOs' answers when the decision was taken. */
	consultation: Record<LaoAnswer | 'not_answered', number>;
	/** Published comments of the public posted before the decision (issue 17). */
	publishedComments: number;
	/** What prints: the latest saved fields, else the defaults. */
	fields: DecisionMemoFields;
	defaults: DecisionMemoFields;
	saved: { memoId: number; savedAt: string; savedByName: string } | null;
	/** The office whose emblem heads the memo: its governor's (`governor:THxx`). */
	officeKey: string;
	emblem: { uploadedAt: string } | null;
	/** When an acting governor decided: the governor acted for and the acting line's position. */
	actingFor: { governorName: string; position: string } | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The office key of a province's governor, whose emblem heads its decisions' memos. */
export const governorOfficeKey = (provinceCode: string) => `governor:${provinceCode}`;

/**
 * The zone, the actor's right to its memos and the decision: `not_found` when the actor may not
 * know the zone or the decision is not one of it, `forbidden` when they may see the zone but not
 * write its memos.
 */
async function authorise(
	db: Kysely<DB>,
	actor: Actor | null,
	zoneId: number,
	transitionId: number
): Promise<{ zone: ZoneRow; transition: memos.MemoTransitionRow & { event: DecisionEvent } }> {
	const zone = await findZone(db, zoneId);
	if (!zone) throw notFound(`No zone ${zoneId}`);
	// The one visibility rule (`zone-visibility.ts`): a zone one may not see is not found.
	const sight = zoneSight(actor, {
		provinceCode: zone.province_code,
		status: zone.status,
		currentRevisionId: zone.current_revision_id,
		approvedRevisionId: zone.approved_revision_id,
		consultedDlaCodes: await memos.listConsultedDlaCodes(db, zoneId)
	});
	if (sight.sees === 'nothing') throw notFound(`No zone ${zoneId}`);
	if (!canWriteDecisionMemo(actor, zone.province_code))
		throw forbidden(`You may not write the memos of zones in ${zone.province_code}`);
	const transition = await memos.findTransition(db, transitionId);
	if (!transition || transition.zone_id !== zoneId || !isDecisionEvent(transition.event))
		throw notFound(`Zone ${zoneId} has no decision ${transitionId}`);
	return { zone, transition: transition as typeof transition & { event: DecisionEvent } };
}

function fieldsOf(row: NonNullable<Awaited<ReturnType<typeof memos.findLatestMemo>>>) {
	return {
		office: row.office,
		documentNumber: row.document_number,
		memoDate: row.memo_date,
		subject: row.subject,
		addressee: row.addressee,
		closingText: row.closing_text,
		signerName: row.signer_name,
		signerPosition: row.signer_position
	};
}

/** Everything the memo page needs for one decision of a zone. */
export async function getDecisionMemo(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; transitionId: number }
): Promise<DecisionMemoView> {
	const { zone, transition } = await authorise(db, args.actor, args.zoneId, args.transitionId);
	const officeKey = governorOfficeKey(zone.province_code);
	const [revision, province, consultation, latest, emblem, submission] = await Promise.all([
		memos.findRevisionFigures(db, transition.revision_id),
		memos.findProvinceOutline(db, zone.province_code),
		memos.countAnswersAt(db, zone.id, transition.id),
		memos.findLatestMemo(db, transition.id),
		memos.findEmblemInfo(db, officeKey),
		memos.findSubmissionBefore(db, zone.id, transition.id)
	]);
	if (!revision) throw notFound(`No revision ${transition.revision_id}`);
	const provinceNameTh = province?.name_th ?? zone.province_code;
	const governorPosition = `ผู้ว่าราชการจังหวัด${provinceNameTh}`;
	const decidedAt = new Date(transition.created_at);
	const acting = transition.acting_for_user_id !== null;
	const defaults: DecisionMemoFields = {
		office: `จังหวัด${provinceNameTh}`,
		documentNumber: '',
		memoDate: bangkokDay(decidedAt),
		subject: decisionMemoSubject(revision.name),
		addressee: `ท้องถิ่นจังหวัด${provinceNameTh}`,
		closingText: defaultClosingText,
		signerName: transition.actor_name,
		// An acting governor signs with their own position, and the acting line says for whom:
		// without a recorded position they must type it (the governor's would be untrue).
		signerPosition: transition.actor_position ?? (acting ? '' : governorPosition)
	};
	return {
		zoneId: zone.id,
		provinceCode: zone.province_code,
		provinceNameTh,
		provinceNameEn: province?.name_en ?? zone.province_code,
		transition: {
			id: transition.id,
			event: transition.event,
			revisionId: transition.revision_id,
			actorUserId: transition.actor_user_id,
			actorName: transition.actor_name,
			actorPosition: transition.actor_position,
			actingForUserId: transition.acting_for_user_id,
			actingForName: transition.acting_for_name,
			reasonCodes: transition.reason_codes as DecisionReasonCode[],
			reasonText: transition.reason_text,
			readinessOverride: transition.readiness_override,
			decidedAt: iso(decidedAt),
			decidedOn: defaults.memoDate
		},
		submission: submission
			? {
					submittedAt: iso(submission.created_at),
					by: submission.actor_role === 'dla_staff' ? 'dla' : 'provincial_office'
				}
			: null,
		revision: {
			id: revision.id,
			revisionNumber: revision.revision_number,
			name: revision.name,
			areaKm2: revision.area_km2,
			coveredLaos: revision.covered_laos,
			swot: revision.swot,
			populationCovered: revision.population_covered,
			score: revision.score,
			model:
				revision.scoring_model_id !== null && revision.model_name !== null
					? {
							id: revision.scoring_model_id,
							name: revision.model_name,
							version: revision.model_version!
						}
					: null,
			geometry: JSON.parse(revision.geometry) as MultiPolygon
		},
		provinceOutline: province ? (JSON.parse(province.geometry) as MultiPolygon) : null,
		consultation,
		publishedComments: await publishedCommentCount(db, zone.id, decidedAt),
		fields: latest ? fieldsOf(latest) : defaults,
		defaults,
		saved: latest
			? { memoId: latest.id, savedAt: iso(latest.created_at), savedByName: latest.created_by_name }
			: null,
		officeKey,
		emblem: emblem ? { uploadedAt: iso(emblem.uploaded_at) } : null,
		actingFor: acting
			? { governorName: transition.acting_for_name ?? '', position: governorPosition }
			: null
	};
}

/**
 * Saves the memo's fields for a decision: a new `decision_memo` row (the latest prints) and its
 * audit entry, in one transaction. `fields` is what the form sent, checked here.
 */
export async function saveDecisionMemo(
	db: Kysely<DB>,
	args: { actor: Actor | null; zoneId: number; transitionId: number; fields: unknown }
): Promise<{ memoId: number; fields: DecisionMemoFields }> {
	const { actor } = args;
	// Refusals before the fields are read: a form must not tell a stranger what it checks.
	const { zone } = await authorise(db, actor, args.zoneId, args.transitionId);
	const parsed = parseDecisionMemoFields(args.fields);
	if (!parsed.ok) throw invalid(parsed.problems, 'The memo has fields to correct');
	const fields = parsed.fields;
	return db.transaction().execute(async (trx) => {
		// Checked again inside the transaction, as every write is.
		const { transition } = await authorise(trx, actor, args.zoneId, args.transitionId);
		const previous = await memos.findLatestMemo(trx, transition.id);
		const memoId = await memos.insertMemo(trx, {
			transitionId: transition.id,
			...fields,
			createdBy: actor!.userId
		});
		const capacity = decidingCapacity(actor, zone.province_code);
		await appendAudit(trx, {
			actor,
			actingForUserId: capacity?.as === 'acting' ? capacity.governorUserId : null,
			action: 'memo.saved',
			entityType: 'zone',
			entityId: zone.id,
			provinceCode: zone.province_code,
			before: previous ? { memoId: previous.id, ...fieldsOf(previous) } : null,
			after: { memoId, transitionId: transition.id, event: transition.event, ...fields }
		});
		return { memoId, fields };
	});
}
