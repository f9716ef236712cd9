import { error } from '@sveltejs/kit';
import { canEditZonesIn } from '$lib/server/accounts/permissions';
import type { PageServerLoad } from './$types';
import {
	findPlanProvince,
	mapAttribution,
	provinceQuery,
	requireUser
} from '$lib/server/http/page-context';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const parsed = provinceQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, `province ${parsed.error.issues[0]!.message}`);
	const code = parsed.data.province ?? user.provinceCode;
	if (!code) error(400, 'province is required (e.g. ?province=TH40)');
	// The server refuses the save anyway; the page does not offer what would be refused.
	if (!canEditZonesIn(user, code)) error(403, 'You may not create zones in this province');
	return { province: await findPlanProvince(code), attribution: mapAttribution() };
};
