import { canManageUsers, canOpenPlanWorkspace } from '$lib/server/accounts/permissions';
import type { LayoutServerLoad } from './$types';

// Only what the navigation shows about the signed-in user; the permissions decide the links.
export const load: LayoutServerLoad = ({ locals }) => ({
	locale: locals.locale,
	user: locals.user && {
		username: locals.user.username,
		displayName: locals.user.displayName,
		role: locals.user.role
	},
	nav: { plan: canOpenPlanWorkspace(locals.user), admin: canManageUsers(locals.user) }
});
