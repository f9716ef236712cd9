import { error } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Actor } from '$lib/accounts/roles';
import { getDatabase } from '$lib/server/app-state';
import { canProposeZonesIn, decidingCapacity } from '$lib/server/accounts/permissions';
import type { DB } from '$lib/server/db/schema';
import { DomainError } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import { listZoneTransitions, runWorkflowEvent } from '$lib/server/zones/workflow.service';
import { getConsultation, requestResponses } from '$lib/server/zones/consultation.service';
import { getZoneReadiness } from '$lib/server/zones/review.service';
import { getZone } from '$lib/server/zones/zone.service';
import { availableEvents } from '$lib/zones/workflow';
import { consultationRequestBodySchema, workflowEventBodySchema } from '$lib/zones/workflow-api';
import type { ZoneView } from '$lib/zones/zone-api';
import type { Actions, PageServerLoad } from './$types';
import {
	findPlanProvince,
	mapAttribution,
	requireUser,
	zoneIdOf
} from '$lib/server/http/page-context';
import {
	formFailure,
	workflowProblemsOf,
	refusedForm,
	textField
} from '$lib/server/http/workflow-form';

/** The planner's events in the workflow panel; the governor decides on the review page. */
const plannerEvents = ['submit', 'withdraw'] as const;

/**
 * The review workflow as the workspace's panel shows it: the history, the LAOs' answers, and
 * what the reader may do. Null for who reads only the revision in force.
 */
async function loadWorkflow(db: Kysely<DB>, actor: Actor, zone: ZoneView) {
	try {
		const [transitions, consultation, readiness] = await Promise.all([
			listZoneTransitions(db, { actor, zoneId: zone.id }),
			getConsultation(db, { actor, zoneId: zone.id }),
			getZoneReadiness(db, { actor, zoneId: zone.id })
		]);
		const canPropose = canProposeZonesIn(actor, zone.provinceCode);
		const events = availableEvents(zone);
		const approval = transitions.findLast(
			(t) => t.event === 'approve' && t.revisionId === zone.approvedRevisionId
		);
		return {
			transitions,
			consultation,
			readiness,
			canPropose,
			canDecide: decidingCapacity(actor, zone.provinceCode) !== null,
			events: canPropose ? plannerEvents.filter((e) => events.includes(e)) : [],
			// LAOs are consulted while the working copy can still change (not while submitted).
			canRequestResponses:
				canPropose &&
				zone.status !== 'submitted' &&
				!(zone.status === 'rejected' && zone.approvedRevisionId === null),
			approvedRevisionNumber: approval?.revisionNumber ?? null
		};
	} catch (caught) {
		if (caught instanceof DomainError && caught.kind === 'not_found') return null;
		throw caught;
	}
}

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const zoneId = zoneIdOf(event.params);
	try {
		const db = getDatabase().db;
		// The service decides who may see the zone: another province's planner gets its 404.
		const detail = await getZone(db, { actor, zoneId });
		return {
			...detail,
			workflow: await loadWorkflow(db, actor, detail.zone),
			province: await findPlanProvince(detail.zone.provinceCode),
			attribution: mapAttribution()
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	/** Submit or withdraw the working copy's revision the planner saw. */
	workflow: async (event) => {
		const actor = requireUser(event);
		const zoneId = zoneIdOf(event.params);
		const form = await event.request.formData();
		const values = { event: textField(form, 'event'), revisionId: textField(form, 'revisionId') };
		const parsed = workflowEventBodySchema.safeParse(values);
		if (!parsed.success)
			return formFailure(
				400,
				'workflow',
				'Invalid event',
				workflowProblemsOf(parsed.error),
				values
			);
		if (!(plannerEvents as readonly string[]).includes(parsed.data.event))
			error(400, 'The workspace submits and withdraws; the governor decides on the review page');
		try {
			const { transition } = await runWorkflowEvent(getDatabase().db, {
				actor,
				zoneId,
				event: parsed.data.event,
				revisionId: parsed.data.revisionId
			});
			return { action: 'workflow', done: transition.event };
		} catch (caught) {
			return refusedForm(caught, event, 'workflow', values);
		}
	},
	/** Ask every LAO the working copy covers for its answer. */
	consult: async (event) => {
		const actor = requireUser(event);
		const zoneId = zoneIdOf(event.params);
		const form = await event.request.formData();
		const values = { revisionId: textField(form, 'revisionId') };
		const parsed = consultationRequestBodySchema.safeParse(values);
		if (!parsed.success)
			return formFailure(
				400,
				'consult',
				'Invalid request',
				workflowProblemsOf(parsed.error),
				values
			);
		try {
			const summary = await requestResponses(getDatabase().db, {
				actor,
				zoneId,
				revisionId: parsed.data.revisionId
			});
			return { action: 'consult', requested: summary.entries.length };
		} catch (caught) {
			return refusedForm(caught, event, 'consult', values);
		}
	}
};
