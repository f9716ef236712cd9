import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { loadOfficialScoringInputs } from '$lib/server/scoring/scores-page.service';
import type { ScoringInputsResponse } from '$lib/scores/types';
import type { RequestHandler } from './$types';

/** The official model and every LAO's indicator values, for what-if re-scoring in the browser. */
export const GET: RequestHandler = async () => {
	const { db } = getDatabase();
	const body: ScoringInputsResponse = await loadOfficialScoringInputs(db);
	return json(body);
};
