import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { listZoneTransitions, runWorkflowEvent } from '$lib/server/zones/workflow.service';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import { workflowEventBodySchema } from '$lib/zones/workflow-api';
import type { RequestHandler } from './$types';

/** The zone's workflow events, oldest first, for whoever reads its working copy. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const transitions = await listZoneTransitions(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id
		});
		return json(transitions, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * One event: `{event, revisionId, reasonCodes?, reasonText?}` → 200 `{zone, transition}`;
 * 403 for who may not send it, 404 for a zone they may not see, 409 when it does not apply
 * now or the working copy moved on, 400 when a return or rejection lacks its reasons.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const body = parseZoneInput(workflowEventBodySchema, await readJsonBody(request));
		const result = await runWorkflowEvent(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			...body
		});
		return json(result);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
