import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import {
	getProvinceShapes,
	getPublicNationalProgress
} from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

// The public national progress page (issue 16 item 5): the same for everyone, signed in or not.
export const load: PageServerLoad = async (event) => {
	try {
		const { db } = getDatabase();
		const [progress, shapes] = await Promise.all([
			getPublicNationalProgress(db),
			getProvinceShapes(db)
		]);
		return { progress, shapes };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
