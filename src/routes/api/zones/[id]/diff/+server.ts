import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { diffRevisions } from '$lib/server/zones/zone.service';
import { parseZoneInput, revisionNumberParam, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const diffParams = z.object({ from: revisionNumberParam, to: revisionNumberParam });

/** `?from=1&to=2`: geometry added and removed (GeoJSON MultiPolygons or null), areas in km². */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const { from, to } = parseZoneInput(diffParams, Object.fromEntries(url.searchParams));
		const diff = await diffRevisions(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			fromRevision: from,
			toRevision: to
		});
		return json(diff, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
