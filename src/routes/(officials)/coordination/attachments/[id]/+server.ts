import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { getAttachment } from '$lib/server/coordination/coordination-register.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { RequestHandler } from './$types';

// An attachment's bytes, to whoever may see its record (404 otherwise, so its existence does
// not leak). Always a download with the detected type, never sniffed or run in the page.
export const GET: RequestHandler = async (event) => {
	const id = z.coerce.number().int().positive().max(2_147_483_647).safeParse(event.params.id);
	if (!id.success) error(404, 'No such attachment');
	try {
		const file = await getAttachment(getDatabase().db, {
			actor: event.locals.user,
			attachmentId: id.data
		});
		const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
		return new Response(Buffer.from(file.content), {
			headers: {
				'content-type': file.mediaType,
				'content-length': String(file.byteSize),
				'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
				'x-content-type-options': 'nosniff',
				'content-security-policy': "default-src 'none'; sandbox",
				'cache-control': 'private, no-store',
				etag: `"${file.sha256}"`
			}
		});
	} catch (caught) {
		throwPageError(caught, event);
	}
};
