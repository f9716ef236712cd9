import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { getZoneDashboard } from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

const zoneParams = z.object({ id: z.coerce.number().int().positive('must be a zone number') });

// One zone's progress: anyone for an approved zone (the service decides which figures count).
export const load: PageServerLoad = async (event) => {
	const parsed = zoneParams.safeParse(event.params);
	if (!parsed.success) error(404, 'No such zone');
	try {
		return {
			dashboard: await getZoneDashboard(getDatabase().db, {
				actor: event.locals.user,
				zoneId: parsed.data.id
			})
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
