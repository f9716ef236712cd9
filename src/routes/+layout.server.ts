import {
	canManageUsers,
	canOpenCommentModeration,
	canOpenPlanWorkspace,
	canOpenPartnerDirectory,
	canOpenReviewQueue
} from '$lib/server/accounts/permissions';
import { appStatus, getDatabase } from '$lib/server/app-state';
import { basemapOf, readConfig } from '$lib/server/config';
import { unreadCount } from '$lib/server/coordination/coordination-register.service';
import { countMyReportWork } from '$lib/server/plans/report-work.service';
import { unreadZoneNoticeCount } from '$lib/server/zones/zone-notice.service';
import type { LayoutServerLoad } from './$types';

// Only what the navigation shows about the signed-in user; the permissions decide the links.
export const load: LayoutServerLoad = async ({ locals }) => ({
	locale: locals.locale,
	// The operator's basemap for every map (none by default), from the environment.
	basemap: basemapOf(readConfig()),
	user: locals.user && {
		username: locals.user.username,
		displayName: locals.user.displayName,
		role: locals.user.role
	},
	nav: {
		plan: canOpenPlanWorkspace(locals.user),
		review: canOpenReviewQueue(locals.user),
		comments: canOpenCommentModeration(locals.user),
		consultations: locals.user?.role === 'lao_officer',
		district: locals.user?.role === 'district_office',
		partners: canOpenPartnerDirectory(locals.user),
		admin: canManageUsers(locals.user),
		// The progress dashboard (issue 16): DLA staff the national one, a province's planners and
		// governor their province's.
		dashboard:
			locals.user?.role === 'dla_staff'
				? { provinceCode: null }
				: (locals.user?.role === 'planner' || locals.user?.role === 'governor') &&
					  locals.user.provinceCode
					? { provinceCode: locals.user.provinceCode }
					: null,
		// The badge on the inbox link: records addressed to my organisation, not opened, and my
		// zone workflow notices not opened (issue 15, item 8), and the monthly progress reports
		// waiting for me to file or to review (issue 16).
		unread:
			locals.user && appStatus().state === 'ready'
				? (
						await Promise.all([
							unreadCount(getDatabase().db, locals.user),
							unreadZoneNoticeCount(getDatabase().db, locals.user),
							countMyReportWork(getDatabase().db, locals.user)
						])
					).reduce((a, b) => a + b, 0)
				: 0
	}
});
