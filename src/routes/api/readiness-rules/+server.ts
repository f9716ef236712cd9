import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { ruleSetsOverview, saveRuleSet } from '$lib/server/readiness/readiness.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** The readiness rule sets (issue 17): national, provinces' own, every version. DLA staff only. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		const overview = await ruleSetsOverview(getDatabase().db, { actor: locals.user ?? null });
		return json(overview, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

// The rules themselves stay `unknown` here: the service parses them, so its problems name each
// contradicting field whichever client sent them.
const saveBody = z.object({
	provinceCode: z.string().nullable(),
	rules: z.unknown(),
	note: z.string().max(1000).default('')
});

/**
 * A new version: `{provinceCode: null | 'TH40', rules: {...} | null, note?}` → 201 the version;
 * `rules: null` on a province: it follows the national rules again. 403 unless DLA staff; 400
 * naming each field of a set that contradicts itself.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = parseZoneInput(saveBody, await readJsonBody(request));
		const saved = await saveRuleSet(getDatabase().db, {
			actor: locals.user ?? null,
			provinceCode: body.provinceCode,
			rules: body.rules === undefined ? {} : body.rules,
			note: body.note
		});
		return json(saved, { status: 201 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
