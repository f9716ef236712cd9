import { getDatabase } from '$lib/server/app-state';
import { cachedValue } from '$lib/server/cached-answer';
import { throwPageError } from '$lib/server/http/route-errors';
import { parsePublicProvince } from '$lib/server/zones/public-downloads';
import {
	listPublicZoneProvinces,
	listPublicZones,
	approvedZonesVersionChecked
} from '$lib/server/zones/public-zone.service';
import type { PageServerLoad } from './$types';

/**
 * The approved zones as a text list, for everyone and for those who cannot use the map:
 * `?province=TH40` filters (a plain GET form, so it works without JavaScript).
 */
export const load: PageServerLoad = async (event) => {
	const { db } = getDatabase();
	try {
		const [province, version] = await Promise.all([
			parsePublicProvince(db, event.url.searchParams),
			approvedZonesVersionChecked(db)
		]);
		// The same for everyone until the next approval (`cached-answer.ts`).
		const [provinces, zones] = await Promise.all([
			cachedValue('zones-page:provinces', version, () => listPublicZoneProvinces(db)),
			cachedValue(`zones-page:zones:${province ?? ''}`, version, () =>
				listPublicZones(db, { provinceCode: province })
			)
		]);
		return { province: province ?? '', provinces, zones };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
