import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { commentStates } from '$lib/comments/comment-terms';
import { getDatabase } from '$lib/server/app-state';
import { listCommentsForModeration } from '$lib/server/comments/comment.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const queueQuery = z.object({
	state: z.enum(commentStates).default('pending'),
	page: z.coerce.number().int().min(1).max(100_000).default(1)
});

/** The moderators' queue (with names and contacts): the province's planners and DLA staff. */
export const GET: RequestHandler = async ({ url, locals }) => {
	try {
		const query = parseZoneInput(queueQuery, Object.fromEntries(url.searchParams));
		const found = await listCommentsForModeration(getDatabase().db, {
			actor: locals.user ?? null,
			...query
		});
		return json(found, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
