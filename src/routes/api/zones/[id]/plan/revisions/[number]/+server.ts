import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { getPlanRevision } from '$lib/server/plans/plan.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, revisionNumberParam, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

const revisionParams = zoneIdParams.extend({ number: revisionNumberParam });

/** One plan revision: any for working-copy readers, approved ones for everyone. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id, number } = parseZoneInput(revisionParams, params);
		const revision = await getPlanRevision(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			revisionNumber: number
		});
		return json(revision, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
