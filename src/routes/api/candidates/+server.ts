import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { proposeOfficialCandidates } from '$lib/server/scoring/scores-page.service';
import { parseScoresInput, requiredProvinceParams } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';

/** Candidate zones of one province from the official scores (without geometries). */
export const GET: RequestHandler = async ({ url }) => {
	const input = parseScoresInput(requiredProvinceParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return input.response;
	const { db } = getDatabase();
	const { model, candidates } = await proposeOfficialCandidates(db, input.value.province);
	return json({
		model,
		candidates: candidates.map(({ geometry: _geometry, ...rest }) => rest)
	});
};
