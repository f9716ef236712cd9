import { getDatabase } from '$lib/server/app-state';
import { candidatesExport } from '$lib/server/candidates/candidates-export';
import { loadOfficialCandidates } from '$lib/server/candidates/official-candidates.service';
import { requiredProvinceParams } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

/** Candidate zones of one province as GeoJSON (RFC 7946), for GIS software and the map. */
export const GET: RequestHandler = async ({ url }) => {
	const input = parseParams(requiredProvinceParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return invalidInputResponse(input.problems);
	const province = input.value.province;
	const { zones, ...answer } = await loadOfficialCandidates(getDatabase().db, province, {
		outlines: true
	});
	return new Response(JSON.stringify(candidatesExport(answer, zones)), {
		headers: {
			'content-type': 'application/geo+json',
			'content-disposition': `attachment; filename="sedz-candidates-${province}.geojson"`
		}
	});
};
