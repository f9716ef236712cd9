import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { DomainError } from '$lib/server/domain-errors';
import { attachmentResponse } from '$lib/server/plans/attachment-response';
import { getPublicZonePhoto } from '$lib/server/plans/report-attachment.service';
import type { RequestHandler } from './$types';

const photoParams = z.object({
	id: z.coerce.number().int().positive().max(2_147_483_647),
	attachmentId: z.coerce.number().int().positive().max(2_147_483_647)
});

/**
 * A photo of the zone's public page: the copy without metadata (no EXIF GPS point, time, XMP
 * or IPTC), of a photo the filer marked public on an accepted report; the same bytes for
 * everyone, signed in or not. 404 for anything else.
 */
export const GET: RequestHandler = async ({ params }) => {
	const parsed = photoParams.safeParse(params);
	if (!parsed.success) error(404, 'No such photo');
	try {
		return attachmentResponse(
			await getPublicZonePhoto(getDatabase().db, {
				zoneId: parsed.data.id,
				attachmentId: parsed.data.attachmentId
			})
		);
	} catch (caught) {
		if (caught instanceof DomainError && caught.kind === 'not_found') error(404, 'No such photo');
		throw caught;
	}
};
