import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import {
	getNationalDashboard,
	getProvinceShapes
} from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

// The national progress dashboard: DLA staff (the service refuses everyone else).
export const load: PageServerLoad = async (event) => {
	try {
		const { db } = getDatabase();
		const dashboard = await getNationalDashboard(db, { actor: event.locals.user });
		// The provinces' outlines for the map of zones per province (issue 16 item 4).
		return { dashboard, shapes: await getProvinceShapes(db) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
