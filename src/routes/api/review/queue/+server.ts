import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { reviewQueue } from '$lib/server/zones/review.service';
import type { RequestHandler } from './$types';

/** Zones waiting for the caller's decision, oldest submission first. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		const queue = await reviewQueue(getDatabase().db, { actor: locals.user ?? null });
		return json(queue, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
