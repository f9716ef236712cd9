import { getDatabase } from '$lib/server/app-state';
import { officialScoresCsv } from '$lib/server/scoring/official-scores-csv.service';
import type { RequestHandler } from './$types';

/** Every LAO's official score as open data (no account needed: the scores are public). */
export const GET: RequestHandler = async () => {
	const { csv, version } = await officialScoresCsv(getDatabase().db);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="sedz-official-scores-v${version}.csv"`
		}
	});
};
