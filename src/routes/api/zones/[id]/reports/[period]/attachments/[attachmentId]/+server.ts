import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { attachmentResponse } from '$lib/server/plans/attachment-response';
import {
	changeReportAttachment,
	getReportAttachmentFile,
	removeReportAttachment
} from '$lib/server/plans/report-attachment.service';
import { parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const fileParams = z.object({
	id: z.coerce.number().int().positive('must be a zone number'),
	attachmentId: z.coerce.number().int().positive('must be a file number').max(2_147_483_647)
});
const copyParams = z.object({ copy: z.enum(['original', 'public']).optional() });

/**
 * One file: the original to who reads the zone's reports (`?copy=public` for the copy without
 * metadata), the public copy of a public photo of an accepted report to everyone else; 404
 * otherwise.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	try {
		const { id, attachmentId } = parseZoneInput(fileParams, params);
		const { copy } = parseZoneInput(copyParams, {
			copy: url.searchParams.get('copy') ?? undefined
		});
		const file = await getReportAttachmentFile(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			attachmentId,
			copy
		});
		return attachmentResponse(file);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * Changes the file's caption or public flag: `{caption?, public?}` → 200 the file as stored;
 * 400 naming the field (`public` on a document), 403, 409 once the report is accepted.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id, attachmentId } = parseZoneInput(fileParams, params);
		const attachment = await changeReportAttachment(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			attachmentId,
			input: await readJsonBody(request)
		});
		return json(attachment);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/** Removes a file from a report not yet accepted → 204; 403, 404, 409 once accepted. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	try {
		const { id, attachmentId } = parseZoneInput(fileParams, params);
		await removeReportAttachment(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			attachmentId
		});
		return new Response(null, { status: 204 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
