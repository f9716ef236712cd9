import { getDatabase } from '$lib/server/app-state';
import { compressedJson } from '$lib/server/compressed-json';
import { loadOfficialScoringInputs } from '$lib/server/scoring/scores-page.service';
import type { ScoringInputsResponse } from '$lib/scores/types';
import type { RequestHandler } from './$types';

/** The official model and every LAO's indicator values, for what-if re-scoring in the browser. */
export const GET: RequestHandler = async ({ request }) => {
	const { db } = getDatabase();
	const body: ScoringInputsResponse = await loadOfficialScoringInputs(db);
	return compressedJson(request, body);
};
