import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { listRevisions } from '$lib/server/zones/zone.service';
import { parseZoneInput, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** The zone's revisions the caller may read, newest first (summaries, no geometry). */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const revisions = await listRevisions(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id
		});
		return json({ revisions }, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
