import { canDesignateActingFor } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { reviewQueue } from '$lib/server/zones/review.service';
import type { PageServerLoad } from './$types';

/**
 * The governor's queue: zones submitted in their province and those they act for, oldest
 * first. DLA staff see every province (they read; the governors decide). 403 for everyone
 * else; the public goes to the log-in page.
 */
export const load: PageServerLoad = async (event) => {
	const actor = event.locals.user ?? null;
	try {
		const items = await reviewQueue(getDatabase().db, { actor });
		return {
			items,
			role: actor!.role,
			// Links to the office's own settings: designating who acts, and the memo's emblem.
			officeLinks:
				actor!.role === 'dla_staff' ||
				(actor!.provinceCode !== null && canDesignateActingFor(actor, actor!.provinceCode)),
			actingFor: (actor!.actingFor ?? []).map((a) => ({
				provinceCode: a.provinceCode,
				governorName: a.governorName,
				endsOn: a.endsOn
			}))
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
