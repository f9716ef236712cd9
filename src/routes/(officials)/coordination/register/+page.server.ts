import { getDatabase } from '$lib/server/app-state';
import { canOpenOverdueDashboard, coordinationPartyOf } from '$lib/server/accounts/permissions';
import { registerFilters } from '$lib/server/coordination/register-filters';
import { listAllProvinces } from '$lib/server/coordination/coordination-parties.repository';
import {
	registerPageSize,
	searchRegister
} from '$lib/server/coordination/coordination-register.service';
import type { PageServerLoad } from './$types';

// Everyone may open the register: the public sees only the records marked public.
export const load: PageServerLoad = async ({ url, locals }) => {
	const { params, filters } = registerFilters(url);
	const db = getDatabase().db;
	const { records, total } = await searchRegister(db, {
		actor: locals.user,
		filters,
		page: params.page
	});
	return {
		records,
		total,
		page: params.page,
		pageSize: registerPageSize,
		provinces: await listAllProvinces(db),
		signedIn: coordinationPartyOf(locals.user) !== null,
		canSeeOverdue: canOpenOverdueDashboard(locals.user),
		canManageSchedules: locals.user?.role === 'dla_staff' || locals.user?.role === 'planner'
	};
};
