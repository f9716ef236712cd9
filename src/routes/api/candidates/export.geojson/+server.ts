import { candidatesToGeoJSON } from '$lib/geo/candidates/candidates-geojson';
import { getDatabase } from '$lib/server/app-state';
import { proposeOfficialCandidates } from '$lib/server/scoring/scores-page.service';
import { parseScoresInput, requiredProvinceParams } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';

/** Candidate zones of one province as GeoJSON (RFC 7946), for GIS software. */
export const GET: RequestHandler = async ({ url }) => {
	const input = parseScoresInput(requiredProvinceParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return input.response;
	const { db } = getDatabase();
	const province = input.value.province;
	const { candidates } = await proposeOfficialCandidates(db, province);
	return new Response(JSON.stringify(candidatesToGeoJSON(candidates)), {
		headers: {
			'content-type': 'application/geo+json',
			'content-disposition': `attachment; filename="sedz-candidates-${province}.geojson"`
		}
	});
};
