import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { previewZone } from '$lib/server/zones/zone-workspace.service';
import { currentZoneRules, parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import { zonePreviewBodySchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

/** `zoneId` (optional): the zone being edited, left out of its own overlap check. */
const previewBody = zonePreviewBodySchema.extend({
	zoneId: z.number().int().positive().optional(),
	/** `false`: the rules only, no LAO coverage (the workspace's automatic check). */
	metrics: z.boolean().default(true)
});

/** The server's verdict on a geometry, nothing saved: `{ problems, metrics }` (200 either way). */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = parseZoneInput(previewBody, await readJsonBody(request));
		const result = await previewZone(getDatabase().db, {
			actor: locals.user ?? null,
			rules: currentZoneRules(),
			provinceCode: body.provinceCode,
			geometry: body.geometry,
			zoneId: body.zoneId,
			withMetrics: body.metrics
		});
		return json(result);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
