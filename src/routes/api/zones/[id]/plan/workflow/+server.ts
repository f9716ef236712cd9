import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { runPlanEvent } from '$lib/server/plans/plan.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/**
 * One plan event: `{event: 'submit' | 'approve', revisionId}` or `{event: 'return', revisionId,
 * reasonText}` → 200 the plan; 403 for who may not send it, 409 when it does not apply now or
 * the working copy moved on.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const plan = await runPlanEvent(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			input: await readJsonBody(request)
		});
		return json(plan);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
