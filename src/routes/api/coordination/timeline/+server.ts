import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { timelineParams } from '$lib/server/coordination/coordination.schemas';
import { getTimeline } from '$lib/server/coordination/coordination-register.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/coordination/timeline?zone=ID or ?lao=DLA_CODE: the coordination records about a
 * zone or an LAO that the asker may see (the public: those marked public), newest first.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = timelineParams.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) {
		return json(
			{
				error: 'invalid',
				message: 'Give exactly one of zone (a zone number) or lao (a 7-digit DLA code)',
				problems: parsed.error.issues.map((issue) => ({
					rule: `coordination.${issue.code}`,
					field: issue.path.join('.') || 'zone',
					message: issue.message
				}))
			},
			{ status: 400 }
		);
	}
	try {
		const entries = await getTimeline(getDatabase().db, {
			actor: locals.user,
			...('zone' in parsed.data && parsed.data.zone !== undefined
				? { zoneId: parsed.data.zone }
				: { dlaCode: parsed.data.lao })
		});
		return json({ entries }, { headers: { 'cache-control': 'private, no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
