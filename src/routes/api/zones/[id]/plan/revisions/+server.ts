import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { listPlanHistory } from '$lib/server/plans/plan.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** The plan's revisions and workflow events, for those who read its working copy. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const history = await listPlanHistory(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id
		});
		return json(history, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
