import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/route-errors';
import { parsePublicProvince } from '$lib/server/zones/public-downloads';
import { publicZonesMap, publicZonesVersion } from '$lib/server/zones/public-zone.service';
import type { RequestHandler } from './$types';

/**
 * The approved zones for the public map: `?province=TH40` or all, as a GeoJSON
 * FeatureCollection with simplified outlines and the popup's figures (not the OGC items: those
 * are paged, have no province filter and carry full-detail outlines and long texts, more than a
 * map needs). Public and the same for everyone, so shared caches may keep it; the ETag changes
 * when a zone of the selection is approved, so a revalidation costs one small query.
 */
export const GET: RequestHandler = async ({ url, request }) => {
	try {
		const { db } = getDatabase();
		const provinceCode = await parsePublicProvince(db, url.searchParams);
		const etag = `"${await publicZonesVersion(db, { provinceCode })}"`;
		const headers = {
			etag,
			'cache-control': 'public, max-age=0, must-revalidate',
			vary: 'accept-encoding'
		};
		const asked = request.headers.get('if-none-match');
		if (asked && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
			return new Response(null, { status: 304, headers });
		}
		const zones = await publicZonesMap(db, { provinceCode });
		return json(zones, {
			headers: { ...headers, 'content-type': 'application/geo+json; charset=utf-8' }
		});
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
