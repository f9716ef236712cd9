import { z } from 'zod';
import { commentStates } from '$lib/comments/comment-terms';
import { getDatabase } from '$lib/server/app-state';
import { listCommentsForModeration, moderateComment } from '$lib/server/comments/comment.service';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

/**
 * The moderators' page (issue 17): the province office's planners (their province) and DLA
 * staff (every province) publish or hide the public's comments. The service decides who may;
 * the public is sent to the log-in page, other roles get 403.
 */
const queueQuery = z.object({
	state: z.enum(commentStates).catch('pending'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export const load: PageServerLoad = async (event) => {
	const query = queueQuery.parse({
		state: event.url.searchParams.get('state') ?? undefined,
		page: event.url.searchParams.get('page') ?? undefined
	});
	try {
		const queue = await listCommentsForModeration(getDatabase().db, {
			actor: event.locals.user ?? null,
			...query
		});
		return { queue, state: query.state };
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	moderate: async (event) => {
		const form = await event.request.formData();
		const text = (name: string) => {
			const value = form.get(name);
			return typeof value === 'string' ? value : '';
		};
		const commentId = Number(text('commentId'));
		const decision = text('decision');
		try {
			const result = await moderateComment(getDatabase().db, {
				actor: event.locals.user ?? null,
				commentId: Number.isInteger(commentId) ? commentId : 0,
				body: decision === 'hide' ? { decision, reason: text('reason') } : { decision },
				ipAddress: event.getClientAddress()
			});
			return { moderated: result };
		} catch (caught) {
			return refusalAsFormFailure(caught, event, {
				shown: ['invalid', 'conflict'],
				extra: { commentId }
			});
		}
	}
};
