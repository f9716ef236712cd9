import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { getReport, runReportEvent, saveReport } from '$lib/server/plans/progress-report.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { parseZoneInput, readJsonBody, zoneIdParams } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/** A month's report (`period` `2026-11`); 404 for a report the caller may not read. */
export const GET: RequestHandler = async ({ params, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const report = await getReport(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period
		});
		return json(report, { headers: { 'cache-control': 'no-store' } });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/**
 * Saves the month's figures: `{version, targets, activities, problems}` → 200 `{report,
 * warnings}`; 400 naming each field (a period not due is field `period`), 403, 409 with both
 * versions when someone saved meanwhile.
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const saved = await saveReport(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			input: await readJsonBody(request)
		});
		return json(saved);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

/** One event: `{event: 'submit' | 'accept', version}` or `{event: 'return', version, reason}`. */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	try {
		const { id } = parseZoneInput(zoneIdParams, params);
		const report = await runReportEvent(getDatabase().db, {
			actor: locals.user ?? null,
			zoneId: id,
			period: params.period,
			input: await readJsonBody(request)
		});
		return json(report);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
