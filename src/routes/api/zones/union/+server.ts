import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { unionOfLaos } from '$lib/server/zones/zone-workspace.service';
import { parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import { zoneUnionBodySchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

/** The union of LAOs of a province as `{ geometry }` (a MultiPolygon, clipped to the province). */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = parseZoneInput(zoneUnionBodySchema, await readJsonBody(request));
		const geometry = await unionOfLaos(getDatabase().db, {
			actor: locals.user ?? null,
			provinceCode: body.provinceCode,
			dlaCodes: body.dlaCodes
		});
		return json({ geometry });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
