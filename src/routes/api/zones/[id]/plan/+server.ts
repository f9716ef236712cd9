import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { getPlan, savePlan } from '$lib/server/plans/plan.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/**
 * The zone's plan (issue 16): the working copy and the plan in force for those who read the
 * working copy, the plan in force without names for everyone else; 404 when there is none.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const plan = await getPlan(getDatabase().db, { actor: locals.user ?? null, zoneId: id });
		return json(plan, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * Saves the whole working copy as a new revision: `{basedOnRevisionId?, note, targets,
 * activities}` → 200 the plan; 400 naming each field, 403, 409 when the working copy moved on
 * or waits for the governor.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const plan = await savePlan(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			input: await readJsonBody(request)
		});
		return json(plan);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
