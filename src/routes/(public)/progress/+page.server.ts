import { getDatabase } from '$lib/server/app-state';
import { cachedValue } from '$lib/server/cached-answer';
import { checkedVersion } from '$lib/server/checked-version';
import { throwPageError } from '$lib/server/http/route-errors';
import {
	getProvinceShapes,
	getPublicNationalProgress,
	publicProgressVersion
} from '$lib/server/plans/progress-dashboard.service';
import type { PageServerLoad } from './$types';

// The public national progress page (issue 16 item 5): the same for everyone, signed in or not.
// The same for everyone until an approval, an accepted report or the next day (cached-answer.ts).
const progressVersion = checkedVersion(publicProgressVersion);
const publicProgress = async (db: Parameters<typeof getPublicNationalProgress>[0]) =>
	cachedValue('progress-page', await progressVersion(db), () => getPublicNationalProgress(db));

export const load: PageServerLoad = async (event) => {
	try {
		const { db } = getDatabase();
		const [progress, shapes] = await Promise.all([publicProgress(db), getProvinceShapes(db)]);
		return { progress, shapes };
	} catch (caught) {
		throwPageError(caught, event);
	}
};
