import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { listConsultationsForMyLao } from '$lib/server/zones/consultation.service';
import type { PageServerLoad } from './$types';

/**
 * The LAO officer's inbox: the zones their LAO was asked about, with its answer so far. Only
 * LAO officers (403 for the other roles; the public goes to the log-in page).
 */
export const load: PageServerLoad = async (event) => {
	try {
		const items = await listConsultationsForMyLao(getDatabase().db, {
			actor: event.locals.user ?? null
		});
		return { items };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
