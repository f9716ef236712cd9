import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { csvResponse, overviewCharts, overviewCsv } from '$lib/server/plans/progress-dashboard.csv';
import { getProvinceDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { RequestHandler } from './$types';

const input = z.object({
	code: z.string().regex(/^TH[0-9]{2}$/, 'not a province'),
	chart: z.enum(overviewCharts)
});

/** One chart of a province's dashboard as CSV (BOM, headers in the reader's language). */
export const GET: RequestHandler = async ({ url, params, locals }) => {
	const parsed = input.safeParse({ ...Object.fromEntries(url.searchParams), code: params.code });
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return new Response(`${issue.path.join('.')}: ${issue.message}`, { status: 400 });
	}
	try {
		const dashboard = await getProvinceDashboard(getDatabase().db, {
			actor: locals.user,
			provinceCode: parsed.data.code
		});
		return csvResponse(
			overviewCsv(dashboard, parsed.data.chart, locals.locale),
			`sedz-progress-${parsed.data.code}-${parsed.data.chart}-${dashboard.today}.csv`
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
