import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { getOverdueDashboard } from '$lib/server/coordination/coordination-register.service';
import { listAllProvinces } from '$lib/server/coordination/coordination-parties.repository';
import { getOverdueReports } from '$lib/server/plans/report-work.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

const params = z.object({
	province: z
		.string()
		.regex(/^TH[0-9]{2}$/)
		.optional()
		.or(z.literal('').transform(() => undefined))
});

// DLA: the whole country (optionally one province); a planner or governor: their province.
export const load: PageServerLoad = async (event) => {
	const parsed = params.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, `province: ${parsed.error.issues[0]!.message}`);
	try {
		const db = getDatabase().db;
		const dashboard = await getOverdueDashboard(db, {
			actor: event.locals.user,
			provinceCode: parsed.data.province
		});
		// Monthly progress reports not submitted by the end of their due day (issue 16).
		const overdueReports = await getOverdueReports(db, {
			actor: event.locals.user,
			provinceCode: parsed.data.province
		});
		return {
			dashboard,
			overdueReports,
			isDla: event.locals.user?.role === 'dla_staff',
			province: parsed.data.province ?? '',
			provinces: await listAllProvinces(db),
			canManageSchedules:
				event.locals.user?.role === 'dla_staff' || event.locals.user?.role === 'planner'
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
