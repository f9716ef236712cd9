import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import {
	addReportAttachments,
	listReportAttachments
} from '$lib/server/plans/report-attachment.service';
import { readApiFiles } from '$lib/server/plans/report-files.form';
import { parseZoneInput, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/**
 * A month's report files: officials who read the zone's reports see every file with where and
 * when each photo was taken; everyone else the public photos of an accepted report (404
 * otherwise).
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const list = await listReportAttachments(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period
		});
		return json(list, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * Adds files (multipart/form-data: `file`, one or more; `caption`; `public` true/false) →
 * 201 `{attachments: [...]}`, each as stored (its id, detected media type, size, GPS point and
 * time read from EXIF). 400 naming `attachments.N` and the file for a file refused (type by
 * signature, over 10 MiB, too many), nothing saved; 403; 409 once the report is accepted.
 * The files do not change the report's version.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const files = await readApiFiles(request);
		const attachments = await addReportAttachments(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			files
		});
		return json({ attachments }, { status: 201 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
