import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { csvResponse, overviewCharts, overviewCsv } from '$lib/server/plans/progress-dashboard.csv';
import { getNationalDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { RequestHandler } from './$types';

const query = z.object({ chart: z.enum(overviewCharts) });

/** One chart of the national dashboard as CSV (BOM, headers in the reader's language). */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success)
		return new Response(`chart: ${parsed.error.issues[0]!.message}`, { status: 400 });
	try {
		const dashboard = await getNationalDashboard(getDatabase().db, { actor: locals.user });
		return csvResponse(
			overviewCsv(dashboard, parsed.data.chart, locals.locale),
			`sedz-progress-${parsed.data.chart}-${dashboard.today}.csv`
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
