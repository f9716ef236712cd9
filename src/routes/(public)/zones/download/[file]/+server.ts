import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import {
	approvedZonesDownload,
	parsePublicProvince,
	publicDownloadFiles
} from '$lib/server/zones/public-downloads';
import { parseZoneInput } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const downloadParams = z.object({ file: z.enum(publicDownloadFiles) });

/**
 * The approved zones as open data: `zones.geojson`, `zones.kml` or `zones.csv` (UTF-8 with BOM),
 * of every province or `?province=TH40`. Public: no session is consulted.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	try {
		const { db } = getDatabase();
		const { file } = parseZoneInput(downloadParams, params);
		const provinceCode = await parsePublicProvince(db, url.searchParams);
		const download = await approvedZonesDownload(db, { file, provinceCode });
		return new Response(download.body, {
			headers: {
				'content-type': download.contentType,
				'content-disposition': `attachment; filename="${download.fileName}"`,
				'cache-control': 'public, max-age=60'
			}
		});
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
