import { z } from 'zod';
import { allMessages } from '$lib/i18n';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { exportZone, zoneExportFormats } from '$lib/server/zones/zone-export.service';
import { parseZoneInput, revisionNumberParam } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const exportParams = z.object({
	id: z.coerce.number().int().positive('must be a zone number'),
	format: z.enum(zoneExportFormats),
	revision: revisionNumberParam.optional()
});

/**
 * A zone as a file: `zone.geojson`, `zone.kml`, `zone-shapefile.zip` (WGS 84, UTF-8) or
 * `covered-laos.csv` (UTF-8 with BOM); `?revision=N` for an earlier revision, default current.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	try {
		const input = parseZoneInput(exportParams, {
			...params,
			revision: url.searchParams.get('revision') ?? undefined
		});
		const file = await exportZone(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: input.id,
			revisionNumber: input.revision,
			format: input.format,
			laoTypeNames: allMessages().th
		});
		return new Response(file.body as BodyInit, {
			headers: {
				'content-type': file.contentType,
				'content-disposition': `attachment; filename="${file.fileName}"`,
				'cache-control': 'private, no-store'
			}
		});
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
