import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { answerConsultation } from '$lib/server/zones/consultation.service';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import { consultationAnswerBodySchema } from '$lib/zones/workflow-api';
import type { RequestHandler } from './$types';

/** An LAO officer's answer for their LAO: `{revisionId, answer, comment}`. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const body = parseZoneInput(consultationAnswerBodySchema, await readJsonBody(request));
		const summary = await answerConsultation(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			revisionId: body.revisionId,
			input: { answer: body.answer, comment: body.comment }
		});
		return json(summary);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
