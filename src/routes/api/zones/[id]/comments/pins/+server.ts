import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { commentPins } from '$lib/server/comments/comment.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/**
 * The places (points and small areas) of a zone's published comments, newest 5,000, as a
 * GeoJSON FeatureCollection of id and category: the review page's map. 404 for a zone the
 * viewer may not see. Never names or contacts.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const pins = await commentPins(getDatabase().db, { actor: locals.user ?? null, zoneId: id });
		return json(pins, { headers: { 'cache-control': 'private, no-cache' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
