import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { csvResponse, zoneCharts, zoneCsv } from '$lib/server/plans/progress-dashboard.csv';
import { getZoneDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { RequestHandler } from './$types';

const input = z.object({
	id: z.coerce.number().int().positive('must be a zone number'),
	chart: z.enum(zoneCharts)
});

/** One chart of a zone's progress as CSV; the public gets the accepted figures only. */
export const GET: RequestHandler = async ({ url, params, locals }) => {
	const parsed = input.safeParse({ ...Object.fromEntries(url.searchParams), id: params.id });
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return new Response(`${issue.path.join('.')}: ${issue.message}`, { status: 400 });
	}
	try {
		const dashboard = await getZoneDashboard(getDatabase().db, {
			actor: locals.user,
			zoneId: parsed.data.id
		});
		return csvResponse(
			zoneCsv(dashboard, parsed.data.chart, locals.locale),
			`sedz-zone-${parsed.data.id}-${parsed.data.chart}-${dashboard.today}.csv`
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
