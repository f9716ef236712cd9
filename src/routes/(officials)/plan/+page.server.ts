import { error } from '@sveltejs/kit';
import { canEditZonesIn } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { loadScoresPage } from '$lib/server/scoring/scores-page.service';
import { listZones } from '$lib/server/zones/zone.service';
import type { PageServerLoad } from './$types';
import { findPlanProvince, provinceQuery, requireUser } from '$lib/server/http/page-context';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	if (user.role === 'lao_officer') {
		error(403, 'LAO officers answer consultations; they do not plan zones');
	}
	const parsed = provinceQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, `province ${parsed.error.issues[0]!.message}`);
	const { db } = getDatabase();

	// DLA staff work in any province and choose one; planners and governors have their own.
	const provinces =
		user.role === 'dla_staff'
			? (await loadScoresPage(db, undefined)).provinces.map(({ code, nameTh, nameEn }) => ({
					code,
					nameTh,
					nameEn
				}))
			: [];
	const code = user.role === 'dla_staff' ? (parsed.data.province ?? null) : user.provinceCode;
	if (!code) return { user, provinces, province: null, zones: [], canCreate: false };

	const province = await findPlanProvince(code);
	try {
		const zones = await listZones(db, { actor: user, provinceCode: code });
		return { user, provinces, province, zones, canCreate: canEditZonesIn(user, code) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
