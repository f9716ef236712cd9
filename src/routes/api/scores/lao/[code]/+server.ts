import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { findOfficialLaoScore } from '$lib/server/scoring/scores-page.service';
import { laoCodeParams, parseScoresInput } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';

/** One LAO's official score with its per-criterion breakdown; `score: null` when it has none. */
export const GET: RequestHandler = async ({ params }) => {
	const input = parseScoresInput(laoCodeParams, params);
	if (!input.ok) return input.response;
	const { db } = getDatabase();
	return json({ score: await findOfficialLaoScore(db, input.value.code) });
};
