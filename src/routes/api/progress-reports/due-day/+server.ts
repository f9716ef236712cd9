import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { reportDueDay, setReportDueDay } from '$lib/server/plans/progress-report.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { readJsonBody } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** The national day of the month monthly progress reports are due (for the previous month). */
export const GET: RequestHandler = async () => {
	return json(
		{ dueDayOfMonth: await reportDueDay(getDatabase().db) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};

/** DLA staff change it: `{dueDayOfMonth: 1..28}`. */
export const PUT: RequestHandler = async ({ request, locals }) => {
	try {
		const dueDayOfMonth = await setReportDueDay(getDatabase().db, {
			actor: locals.user ?? null,
			input: await readJsonBody(request)
		});
		return json({ dueDayOfMonth });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
