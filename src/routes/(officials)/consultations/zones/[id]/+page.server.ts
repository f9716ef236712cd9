import { getDatabase } from '$lib/server/app-state';
import { forbidden } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import { answerConsultation, getConsultation } from '$lib/server/zones/consultation.service';
import { getZone } from '$lib/server/zones/zone.service';
import { consultationAnswerBodySchema } from '$lib/zones/workflow-api';
import { findPlanProvince, mapAttribution, zoneIdOf } from '$lib/server/http/page-context';
import {
	formFailure,
	laoScoresOf,
	workflowProblemsOf,
	refusedForm,
	textField
} from '$lib/server/http/workflow-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * An LAO officer reads a zone their LAO was asked about (map, figures, the LAOs it covers with
 * their own highlighted) and answers: agree, agree with conditions, or object, with a comment.
 * The services decide: a zone the LAO was not asked about is a 404.
 */

export const load: PageServerLoad = async (event) => {
	const zoneId = zoneIdOf(event.params);
	const actor = event.locals.user ?? null;
	try {
		if (actor?.role !== 'lao_officer' || !actor.dlaCode)
			throw forbidden('Consultations are answered by LAO officers');
		const db = getDatabase().db;
		const { zone, revision } = await getZone(db, { actor, zoneId });
		const consultation = await getConsultation(db, { actor, zoneId });
		return {
			zone,
			revision,
			dlaCode: actor.dlaCode,
			own: consultation.entries.find((e) => e.dlaCode === actor.dlaCode) ?? null,
			laoScores: await laoScoresOf(revision, zone.provinceCode),
			province: await findPlanProvince(zone.provinceCode),
			attribution: mapAttribution()
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	answer: async (event) => {
		const zoneId = zoneIdOf(event.params);
		const form = await event.request.formData();
		const values = {
			revisionId: textField(form, 'revisionId'),
			answer: textField(form, 'answer'),
			comment: textField(form, 'comment')
		};
		const parsed = consultationAnswerBodySchema.safeParse(values);
		if (!parsed.success)
			return formFailure(400, 'answer', 'Invalid answer', workflowProblemsOf(parsed.error), values);
		try {
			await answerConsultation(getDatabase().db, {
				actor: event.locals.user ?? null,
				zoneId,
				revisionId: parsed.data.revisionId,
				input: { answer: parsed.data.answer, comment: parsed.data.comment }
			});
			return { action: 'answer', answered: parsed.data.answer };
		} catch (caught) {
			return refusedForm(caught, event, 'answer', values);
		}
	}
};
