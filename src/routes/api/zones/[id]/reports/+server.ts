import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { listZoneReports } from '$lib/server/plans/progress-report.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** The zone's monthly reports, newest first: every state for its officials, accepted ones for the rest. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const reports = await listZoneReports(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id
		});
		return json(reports, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
