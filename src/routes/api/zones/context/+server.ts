import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { getZoneContext } from '$lib/server/zones/zone-workspace.service';
import { currentZoneRules, parseZoneInput } from '$lib/server/zones/zone.params';
import { provinceCodeSchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

const contextParams = z.object({ province: provinceCodeSchema });

/**
 * What the workspace draws and previews with, for one province: the province, its LAOs with
 * official figures (geometries simplified, see `simplifiedDegrees`), the model, the rules and the
 * active zones the caller may see.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	try {
		const { province } = parseZoneInput(contextParams, Object.fromEntries(url.searchParams));
		const context = await getZoneContext(getDatabase().db, {
			actor: locals.user ?? null,
			rules: currentZoneRules(),
			provinceCode: province
		});
		return json(context, { headers: { 'cache-control': 'private, no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
