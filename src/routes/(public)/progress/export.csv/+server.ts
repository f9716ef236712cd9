import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { cachedValue } from '$lib/server/cached-answer';
import { checkedVersion } from '$lib/server/checked-version';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import {
	csvResponse,
	publicCharts,
	publicProgressCsv
} from '$lib/server/plans/progress-dashboard.csv';
import {
	getPublicNationalProgress,
	publicProgressVersion
} from '$lib/server/plans/progress-dashboard.service';
import type { RequestHandler } from './$types';

const query = z.object({ chart: z.enum(publicCharts) });

/** One chart of the public national progress page as CSV (BOM, the source on every row). */
// The same for everyone until an approval, an accepted report or the next day (cached-answer.ts).
const progressVersion = checkedVersion(publicProgressVersion);
const publicProgress = async (db: Parameters<typeof getPublicNationalProgress>[0]) =>
	cachedValue('progress-page', await progressVersion(db), () => getPublicNationalProgress(db));

export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = parseParams(query, Object.fromEntries(url.searchParams));
	if (!parsed.ok) return invalidInputResponse(parsed.problems);
	try {
		const progress = await publicProgress(getDatabase().db);
		return csvResponse(
			publicProgressCsv(progress, parsed.value.chart, locals.locale),
			`sedz-public-progress-${parsed.value.chart}-${progress.today}.csv`
		);
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
