import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { getZone, saveZoneRevision } from '$lib/server/zones/zone.service';
import {
	currentZoneRules,
	parseZoneInput,
	readJsonBody,
	zoneIdParams
} from '$lib/server/zones/zone.params';
import { zoneSaveBodySchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

/** The zone as the caller may read it (working copy, or the approved revision), and canEdit. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const zone = await getZone(getDatabase().db, { actor: locals.user ?? null, zoneId: id });
		return json(zone, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * A new revision on top of `baseRevisionId`: 200 with it, 409 `conflict` with both sides when
 * someone saved in between, 400 with every problem.
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const body = parseZoneInput(zoneSaveBodySchema, await readJsonBody(request));
		const saved = await saveZoneRevision(getDatabase().db, {
			actor: locals.user ?? null,
			rules: currentZoneRules(),
			zoneId: id,
			baseRevisionId: body.baseRevisionId,
			input: {
				attributes: body.attributes,
				geometry: body.geometry,
				geometrySource: body.geometrySource
			}
		});
		return json(saved);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
