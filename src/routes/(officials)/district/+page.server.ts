import { getDatabase } from '$lib/server/app-state';
import { getDistrictOverview } from '$lib/server/district/district.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

/**
 * The district local administration office's page (its landing page): its district's LAOs and
 * the zones in force covering them. District offices only (403 for the other roles; the public
 * goes to the log-in page).
 */
export const load: PageServerLoad = async (event) => {
	try {
		return { overview: await getDistrictOverview(getDatabase().db, event.locals.user ?? null) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
