import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/route-errors';
import { getZone } from '$lib/server/zones/zone.service';
import type { PageServerLoad } from './$types';
import { findPlanProvince, mapAttribution, requireUser, zoneIdParams } from '../../plan.server';

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const parsed = zoneIdParams.safeParse(event.params);
	if (!parsed.success) error(404, 'No such zone');
	try {
		// The service decides who may see the zone: another province's planner gets its 404.
		const detail = await getZone(getDatabase().db, { actor, zoneId: parsed.data.id });
		return {
			...detail,
			province: await findPlanProvince(detail.zone.provinceCode),
			attribution: mapAttribution()
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
