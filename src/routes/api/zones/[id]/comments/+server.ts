import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { listPublishedComments, postComment } from '$lib/server/comments/comment.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) });

/**
 * A zone's published comments, newest first, a page at a time (`?page=2`): category, text,
 * place and date, never a name or contact. 404 for a zone without a revision in force.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const { page } = parseZoneInput(pageQuery, Object.fromEntries(url.searchParams));
		const found = await listPublishedComments(getDatabase().db, { zoneId: id, page });
		return json(found, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * Anyone posts a comment: `{category, text, geometry?, name?, contact?, website?}` → 201
 * `{id, state: 'pending', postedAt}`. 400 naming the field (HTML, over 2,000 characters, a place
 * off the zone, the honeypot), 404 for a zone that takes no comments, 429 with `Retry-After` for
 * the 11th post of one address within the hour. The address is the client's as SvelteKit sees it
 * (adapter-node's ADDRESS_HEADER and XFF_DEPTH behind a proxy; see the README).
 */
export const POST: RequestHandler = async ({ params, request, getClientAddress }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const body = await readJsonBody(request);
		const posted = await postComment(getDatabase().db, {
			zoneId: id,
			body,
			clientAddress: getClientAddress()
		});
		return json(posted, { status: 201, headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
