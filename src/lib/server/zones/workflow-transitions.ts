import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import type { ReadinessOverride } from '../../zones/readiness';
import { applyWorkflowEvent, type WorkflowEvent } from '../../zones/workflow';
import { appendAudit } from '../audit/audit.repository';
import type { DB, ReportNoticeEvent, ZoneNoticeEvent } from '../db/schema';
import { DomainError } from '../domain-errors';
import type { ZoneRow } from './zone.repository';
import * as workflowRepo from './workflow.repository';
import { tellOfZoneEvent } from './zone-notice.service';

/**
 * One workflow event written inside the caller's transaction, on a zone row the caller has
 * locked: the pure state machine decides (`$lib/zones/workflow.ts`), then the zone's state, the
 * append-only transition row and the audit entry are written together. Permissions are the
 * caller's business, checked before this is called.
 */

const auditActionOf = {
	submit: 'zone.submitted',
	approve: 'zone.approved',
	return: 'zone.returned',
	reject: 'zone.rejected',
	withdraw: 'zone.withdrawn',
	revise: 'zone.revision_started'
} as const satisfies Record<WorkflowEvent, string>;

/** The events someone else is told of (`zone-notice.service.ts`), by workflow event. */
const noticeEventOf: Record<WorkflowEvent, Exclude<ZoneNoticeEvent, ReportNoticeEvent> | null> = {
	submit: 'submitted',
	approve: 'approved',
	return: 'returned',
	reject: 'rejected',
	withdraw: null,
	revise: null
};

export async function writeTransition(
	trx: Kysely<DB>,
	args: {
		actor: Actor;
		zone: ZoneRow;
		event: WorkflowEvent;
		/** For `revise`: the new draft revision, already inserted in this transaction. */
		newRevisionId?: number;
		actingForUserId?: number | null;
		reasonCodes?: readonly string[];
		reasonText?: string;
		dataVersions?: Record<string, unknown> | null;
		/** An approval although readiness rules were unmet (issue 17). */
		readinessOverride?: ReadinessOverride | null;
	}
): Promise<{ transitionId: number; state: ReturnType<typeof stateOf> }> {
	const { zone, event } = args;
	if (zone.current_revision_id === null) throw new Error(`Zone ${zone.id} has no revision`);
	const before = stateOf(zone);
	const next = applyWorkflowEvent(before, event, args.newRevisionId);
	if (!next.ok) {
		throw new DomainError('conflict', `Cannot ${event} a ${zone.status} zone (${next.reason})`, [
			{
				rule: `workflow.${next.reason}`,
				field: 'event',
				message: `Cannot ${event} a ${zone.status} zone`,
				details: { status: zone.status, event }
			}
		]);
	}
	await workflowRepo.setWorkflowState(trx, zone.id, {
		...next.state,
		submitted: event === 'submit'
	});
	const revisionId = event === 'revise' ? args.newRevisionId! : zone.current_revision_id;
	const transitionId = await workflowRepo.insertTransition(trx, {
		zoneId: zone.id,
		revisionId,
		event,
		fromStatus: zone.status,
		toStatus: next.state.status,
		actorUserId: args.actor.userId,
		actingForUserId: args.actingForUserId ?? null,
		reasonCodes: args.reasonCodes ?? [],
		reasonText: args.reasonText ?? '',
		dataVersions: args.dataVersions ?? null,
		readinessOverride: args.readinessOverride ?? null
	});
	await appendAudit(trx, {
		actor: args.actor,
		actingForUserId: args.actingForUserId ?? null,
		action: auditActionOf[event],
		entityType: 'zone',
		entityId: zone.id,
		provinceCode: zone.province_code,
		before: {
			status: before.status,
			currentRevisionId: before.currentRevisionId,
			approvedRevisionId: before.approvedRevisionId
		},
		after: {
			status: next.state.status,
			currentRevisionId: next.state.currentRevisionId,
			approvedRevisionId: next.state.approvedRevisionId,
			transitionId,
			revisionId,
			...(args.reasonCodes && args.reasonCodes.length > 0 ? { reasonCodes: args.reasonCodes } : {}),
			...(args.reasonText ? { reasonText: args.reasonText } : {}),
			...(args.readinessOverride ? { readinessOverride: args.readinessOverride } : {})
		}
	});
	const told = noticeEventOf[event];
	// The people concerned are told in the same transaction (issue 15, item 8).
	if (told) await tellOfZoneEvent(trx, { actor: args.actor, zone, event: told });
	return { transitionId, state: next.state };
}

function stateOf(zone: ZoneRow) {
	return {
		status: zone.status,
		currentRevisionId: zone.current_revision_id!,
		approvedRevisionId: zone.approved_revision_id
	};
}

/** The `revise` event for a save on a returned, withdrawn or approved zone. */
export async function startNextDraft(
	trx: Kysely<DB>,
	args: { actor: Actor; zone: ZoneRow; newRevisionId: number }
) {
	return writeTransition(trx, {
		actor: args.actor,
		zone: args.zone,
		event: 'revise',
		newRevisionId: args.newRevisionId
	});
}
