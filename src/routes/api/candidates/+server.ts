import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { loadOfficialCandidates } from '$lib/server/candidates/official-candidates.service';
import { requiredProvinceParams } from '$lib/server/scoring/scores.params';
import type { CandidatesAnswer } from '$lib/candidates/types';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

/**
 * Candidate zones of one province from the official scores (without outlines): the exact
 * answer when the optimiser has one for these inputs, else the quick one with its state.
 */
export const GET: RequestHandler = async ({ url }) => {
	const input = parseParams(requiredProvinceParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return invalidInputResponse(input.problems);
	const found = await loadOfficialCandidates(getDatabase().db, input.value.province);
	const answer: CandidatesAnswer = {
		model: found.model,
		provinceCode: found.provinceCode,
		method: found.method,
		optimisation: found.optimisation,
		candidates: found.candidates
	};
	return json(answer);
};
