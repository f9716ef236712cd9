import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { moderateComment } from '$lib/server/comments/comment.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const commentParams = z.object({
	id: z.coerce.number().int().positive('must be a comment number')
});

/**
 * Publish or hide a comment: `{decision: 'publish'}` or `{decision: 'hide', reason}` → 200
 * `{id, state}`. The province's planners and DLA staff only (403 otherwise), 409 when it is
 * already in that state. Audit-logged.
 */
export const POST: RequestHandler = async ({ params, request, locals, getClientAddress }) => {
	try {
		const { id } = parseZoneInput(commentParams, params);
		const body = await readJsonBody(request);
		const result = await moderateComment(getDatabase().db, {
			actor: locals.user ?? null,
			commentId: id,
			body,
			ipAddress: getClientAddress()
		});
		return json(result, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
