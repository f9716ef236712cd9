import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { getNationalDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

// The national progress dashboard: DLA staff (the service refuses everyone else).
export const load: PageServerLoad = async (event) => {
	try {
		return {
			dashboard: await getNationalDashboard(getDatabase().db, { actor: event.locals.user })
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
