import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { getProvinceDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

const provinceParams = z.object({ code: z.string().regex(/^TH[0-9]{2}$/, 'not a province') });

// One province's progress dashboard: DLA staff, its planners and governor (the service decides).
export const load: PageServerLoad = async (event) => {
	const parsed = provinceParams.safeParse(event.params);
	if (!parsed.success) error(404, 'No such province');
	try {
		return {
			dashboard: await getProvinceDashboard(getDatabase().db, {
				actor: event.locals.user,
				provinceCode: parsed.data.code
			})
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
