import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { commentSummary, summaryPinLimit } from '$lib/server/comments/comment.service';
import { canWriteDecisionMemo } from '$lib/server/accounts/permissions';
import { forbidden } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import { runWorkflowEvent } from '$lib/server/zones/workflow.service';
import { getReview } from '$lib/server/zones/review.service';
import { isDecisionEvent } from '$lib/zones/workflow';
import { workflowEventBodySchema } from '$lib/zones/workflow-api';
import { mapAttribution, zoneIdOf } from '$lib/server/http/page-context';
import {
	formFailure,
	laoScoresOf,
	workflowProblemsOf,
	refusedForm,
	textField
} from '$lib/server/http/workflow-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * The governor's review page: the revision under review on a map with its figures, what changed
 * since the previous revision and the one in force, the LAOs' answers, earlier returns, the
 * history, and the decision (approve, return, reject) for the governor or whoever acts for them.
 */

export const load: PageServerLoad = async (event) => {
	const zoneId = zoneIdOf(event.params);
	try {
		// The public is sent to the log-in page; the service answers 404 for a zone one may not read.
		if (!event.locals.user) throw forbidden('Sign in to review zones');
		const actor = event.locals.user;
		const review = await getReview(getDatabase().db, { actor, zoneId });
		const [laoScores, comments] = await Promise.all([
			laoScoresOf(review.revision, review.zone.provinceCode),
			// The public's published comments (issue 17), `?comments=2` for their second page.
			commentSummary(getDatabase().db, {
				actor,
				zoneId,
				page: Number(event.url.searchParams.get('comments')) || 1
			})
		]);
		return {
			review,
			// The memo of each decision opens for who may write it (the decider, the planners).
			canOpenMemos: canWriteDecisionMemo(actor, review.zone.provinceCode),
			laoScores,
			attribution: mapAttribution(),
			comments,
			commentPinLimit: summaryPinLimit
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	decide: async (event) => {
		const zoneId = zoneIdOf(event.params);
		const form = await event.request.formData();
		// What was chosen comes back on a refusal, so nothing has to be entered again.
		const values = {
			event: textField(form, 'event'),
			revisionId: textField(form, 'revisionId'),
			reasonCodes: form.getAll('reasonCodes').filter((v): v is string => typeof v === 'string'),
			reasonText: textField(form, 'reasonText'),
			overrideReason: textField(form, 'overrideReason')
		};
		const parsed = workflowEventBodySchema.safeParse(values);
		if (!parsed.success)
			return formFailure(
				400,
				'decide',
				'Invalid decision',
				workflowProblemsOf(parsed.error),
				values
			);
		if (!isDecisionEvent(parsed.data.event)) error(400, 'Only approve, return and reject here');
		try {
			const { transition } = await runWorkflowEvent(getDatabase().db, {
				actor: event.locals.user ?? null,
				zoneId,
				...parsed.data
			});
			return {
				action: 'decide',
				decided: { transitionId: transition.id, event: transition.event }
			};
		} catch (caught) {
			return refusedForm(caught, event, 'decide', values);
		}
	}
};
