import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/route-errors';
import { parsePublicProvince } from '$lib/server/zones/public-downloads';
import { listPublicZoneProvinces, listPublicZones } from '$lib/server/zones/public-zone.service';
import type { PageServerLoad } from './$types';

/**
 * The approved zones as a text list, for everyone and for those who cannot use the map:
 * `?province=TH40` filters (a plain GET form, so it works without JavaScript).
 */
export const load: PageServerLoad = async (event) => {
	const { db } = getDatabase();
	try {
		const province = await parsePublicProvince(db, event.url.searchParams);
		return {
			province: province ?? '',
			provinces: await listPublicZoneProvinces(db),
			zones: await listPublicZones(db, { provinceCode: province })
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
