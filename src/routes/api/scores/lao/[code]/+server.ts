import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { findOfficialLaoScore } from '$lib/server/scoring/scores-page.service';
import { laoCodeParams } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

/** One LAO's official score with its per-criterion breakdown; `score: null` when it has none. */
export const GET: RequestHandler = async ({ params }) => {
	const input = parseParams(laoCodeParams, params);
	if (!input.ok) return invalidInputResponse(input.problems);
	const { db } = getDatabase();
	return json({ score: await findOfficialLaoScore(db, input.value.code) });
};
