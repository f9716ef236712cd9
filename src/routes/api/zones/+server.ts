import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { cachedJson } from '$lib/server/cached-answer';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { approvedZonesVersionChecked } from '$lib/server/zones/public-zone.service';
import { createZone, listZones } from '$lib/server/zones/zone.service';
import { currentZoneRules, parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import { provinceCodeSchema, zoneCreateBodySchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

const listParams = z.object({ province: provinceCodeSchema.optional() });

/** The zones the caller may see (`?province=TH40` for one province), with their current revision. */
export const GET: RequestHandler = async ({ request, url, locals }) => {
	try {
		const { province } = parseZoneInput(listParams, Object.fromEntries(url.searchParams));
		const { db } = getDatabase();
		const list = async () => ({
			zones: await listZones(db, { actor: locals.user ?? null, provinceCode: province })
		});
		if (locals.user) return json(await list(), { headers: { 'cache-control': 'no-store' } });
		// The public's list is the same for everyone until the next approval.
		return await cachedJson(
			request,
			{
				key: `api-zones?province=${province ?? ''}`,
				version: await approvedZonesVersionChecked(db),
				currentVersion: () => approvedZonesVersionChecked(getDatabase().db)
			},
			list,
			{ 'cache-control': 'no-cache' }
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/** A new draft zone: 201 with the zone and its first revision, or 400 with every problem. */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = parseZoneInput(zoneCreateBodySchema, await readJsonBody(request));
		const saved = await createZone(getDatabase().db, {
			actor: locals.user ?? null,
			rules: currentZoneRules(),
			input: {
				provinceCode: body.provinceCode,
				attributes: body.attributes,
				geometry: body.geometry,
				geometrySource: body.geometrySource
			}
		});
		return json(saved, { status: 201 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
