import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { availableEvents, isDecisionEvent } from '../../zones/workflow';
import type {
	AttributeChange,
	RevisionComparison,
	ReviewQueueItem,
	ReviewView
} from '../../zones/workflow-api';
import type { ZoneRevisionSummary, ZoneRevisionView } from '../../zones/zone-api';
import { canOpenReviewQueue, canProposeZonesIn, decidingCapacity } from '../accounts/permissions';
import type { AuditEntry } from '../audit/audit.repository';
import { zoneHistory } from '../audit/audit.service';
import type { DB } from '../db/schema';
import { forbidden, notFound } from '../domain-errors';
import type { ZoneReadiness } from '../../zones/readiness';
import { zoneReadiness } from '../readiness/readiness.service';
import { consultationOf } from './consultation.service';
import { accessTo } from './zone-access';
import { diffRevisions, getZone } from './zone.service';
import { isoTimestamp, toTransitionView } from './zone-views';
import * as zones from './zone.repository';
import * as workflowRepo from './workflow.repository';

/**
 * What the deciders read (issue 6): the governor's queue of zones waiting for a decision, the
 * review page (the revision, what changed, the LAOs' answers, the history), and a zone's
 * readiness checklists and audit trail for whoever reads its working copy.
 */

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
		submittedAt: isoTimestamp(r.submitted_at),
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
