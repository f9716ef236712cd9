import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { getConsultation, requestResponses } from '$lib/server/zones/consultation.service';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import { consultationRequestBodySchema } from '$lib/zones/workflow-api';
import type { RequestHandler } from './$types';

/** Every consulted LAO's latest answer and who has not answered. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const summary = await getConsultation(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id
		});
		return json(summary, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/** Asks the covered LAOs (or those named) to answer about the working copy `revisionId`. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const body = parseZoneInput(consultationRequestBodySchema, await readJsonBody(request));
		const summary = await requestResponses(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			revisionId: body.revisionId,
			dlaCodes: body.dlaCodes
		});
		return json(summary);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
