import { getDatabase } from '$lib/server/app-state';
import { canOpenOverdueDashboard } from '$lib/server/accounts/permissions';
import { getInbox } from '$lib/server/coordination/coordination-register.service';
import { getMyReportWork } from '$lib/server/plans/report-work.service';
import { listMyZoneNotices, unreadZoneNoticeCount } from '$lib/server/zones/zone-notice.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

// The inbox of the signed-in user's organisation; the public is sent to log in.
export const load: PageServerLoad = async (event) => {
	try {
		const db = getDatabase().db;
		const inbox = await getInbox(db, { actor: event.locals.user });
		return {
			inbox,
			zoneNotices: await listMyZoneNotices(db, { actor: event.locals.user }),
			zoneNoticesUnread: await unreadZoneNoticeCount(db, event.locals.user),
			// Monthly progress reports to file (LAO officers, planners) and to review (planners).
			reportWork: await getMyReportWork(db, { actor: event.locals.user }),
			files: event.locals.user?.role === 'lao_officer' || event.locals.user?.role === 'planner',
			reviews: event.locals.user?.role === 'planner',
			canSeeOverdue: canOpenOverdueDashboard(event.locals.user),
			canManageSchedules:
				event.locals.user?.role === 'dla_staff' || event.locals.user?.role === 'planner'
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
