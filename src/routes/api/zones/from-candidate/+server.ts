import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { createZoneFromCandidate } from '$lib/server/zones/zone-workspace.service';
import { currentZoneRules, parseZoneInput, readJsonBody } from '$lib/server/zones/zone.params';
import { zoneFromCandidateBodySchema } from '$lib/zones/zone-input';
import type { RequestHandler } from './$types';

/** A candidate of the scoring becomes a draft zone: 201 `{ zone, revision }`. */
export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = parseZoneInput(zoneFromCandidateBodySchema, await readJsonBody(request));
		const saved = await createZoneFromCandidate(getDatabase().db, {
			actor: locals.user ?? null,
			rules: currentZoneRules(),
			provinceCode: body.provinceCode,
			memberDlaCodes: body.memberDlaCodes,
			name: body.name
		});
		return json(saved, { status: 201 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
