import { readConfig, noticeMailSettings } from '$lib/server/config';
import { getDatabase } from '$lib/server/app-state';
import { getNoticeOutbox } from '$lib/server/coordination/notices.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

// DLA staff only: the notices service refuses everyone else (403; the public is sent to log in).
export const load: PageServerLoad = async (event) => {
	try {
		return {
			outbox: await getNoticeOutbox(getDatabase().db, {
				actor: event.locals.user,
				settings: noticeMailSettings(readConfig())
			})
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
