import { getDatabase } from '$lib/server/app-state';
import { cachedJson } from '$lib/server/cached-answer';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parsePublicProvince } from '$lib/server/zones/public-downloads';
import { approvedZonesVersionChecked, publicZonesMap } from '$lib/server/zones/public-zone.service';
import type { RequestHandler } from './$types';

/**
 * The approved zones for the public map: `?province=TH40` or all, as a GeoJSON
 * FeatureCollection with simplified outlines and the popup's figures (not the OGC items: those
 * are paged, have no province filter and carry full-detail outlines and long texts, more than a
 * map needs). Public and the same for everyone, so it is kept encoded per province and data
 * version (`cached-answer.ts`; the version is asked of the database at most once a second), and
 * shared caches may keep it: the ETag changes when a zone is approved.
 */
export const GET: RequestHandler = async ({ url, request }) => {
	try {
		const { db } = getDatabase();
		// The raw value keys the cache: a bad one fails its build (400 naming the field), and a
		// failed build is never kept.
		const asked = url.searchParams.get('province') ?? '';
		return await cachedJson(
			request,
			{
				key: `public-zones-map?province=${asked}`,
				version: await approvedZonesVersionChecked(db),
				currentVersion: () => approvedZonesVersionChecked(getDatabase().db)
			},
			async () =>
				publicZonesMap(db, { provinceCode: await parsePublicProvince(db, url.searchParams) }),
			{
				'content-type': 'application/geo+json; charset=utf-8',
				'cache-control': 'public, max-age=0, must-revalidate'
			}
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
