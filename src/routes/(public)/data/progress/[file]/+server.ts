import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { progressCsv, progressFiles } from '$lib/server/plans/progress-open-data';
import type { RequestHandler } from './$types';

const params = z.object({
	file: z
		.string()
		.regex(/^[a-z-]+\.csv$/)
		.transform((f) => f.slice(0, -4))
		.pipe(z.enum(progressFiles))
});

/**
 * The plans in force and the accepted reports' figures as CSV (issue 16 item 6):
 * `/data/progress/plan-targets.csv`, `plan-activities.csv`, `report-figures.csv`.
 */
export const GET: RequestHandler = async ({ params: route }) => {
	const parsed = parseParams(params, { file: route.file });
	if (!parsed.ok) return invalidInputResponse(parsed.problems);
	try {
		const csv = await progressCsv(getDatabase().db, parsed.value.file);
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="sedz-${parsed.value.file}.csv"`,
				'access-control-allow-origin': '*'
			}
		});
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
