import { getDatabase } from '$lib/server/app-state';
import { readOfficeEmblem } from '$lib/server/memo/office-emblem.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import type { RequestHandler } from './$types';

/**
 * An office's emblem, to signed-in users who write that office's memos or manage its emblem
 * (403 otherwise, 404 when none is uploaded). Served with the type detected at upload, never
 * sniffed; private, and revalidated so a replaced emblem shows at once.
 */
export const GET: RequestHandler = async (event) => {
	try {
		const emblem = await readOfficeEmblem(getDatabase().db, {
			actor: event.locals.user,
			officeKey: event.params.officeKey
		});
		const etag = `"${Date.parse(emblem.uploadedAt).toString(36)}-${emblem.byteSize.toString(36)}"`;
		const headers = {
			'cache-control': 'private, no-cache',
			etag,
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox"
		};
		if (event.request.headers.get('if-none-match') === etag)
			return new Response(null, { status: 304, headers });
		return new Response(Buffer.from(emblem.bytes), {
			headers: {
				...headers,
				'content-type': emblem.mediaType,
				'content-length': String(emblem.byteSize)
			}
		});
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
