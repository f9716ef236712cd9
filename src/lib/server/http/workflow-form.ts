import { problemsOfZod } from '$lib/problem';
import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import type { Problem } from '$lib/server/domain-errors';
import { refusalAsFormFailure } from '$lib/server/http/route-errors';
import { getScores } from '$lib/server/scoring/scoring.service';

/**
 * Shared by the review workflow's pages (the governor's review page, the planner's workspace,
 * the LAO officer's answer): reading form posts as the zod schemas of `workflow-api.ts` want
 * them, and turning the services' refusals into form failures that keep what was typed.
 */

/** A text field of a form post ('' when absent or a file). */
export function textField(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/** Zod's issues as problems naming their field. */
export function workflowProblemsOf(error: z.ZodError): Problem[] {
	return problemsOfZod(error, {
		rule: (_, field) => (field === 'event' || field === 'answer' ? field : 'input.invalid')
	});
}

/** A form failure: what was wrong, by field, and the values sent (shown again). */
export function formFailure<V>(
	status: 400 | 409,
	action: string,
	message: string,
	problems: Problem[],
	values: V
) {
	return fail(status, { action, message, problems, values });
}

/**
 * A refusal the user can act on (invalid input, a stale revision, a state that moved on) as a
 * form failure with its problems and the values sent; anything else as the page's error.
 */
export function refusedForm<V>(
	caught: unknown,
	event: { url: URL; locals: App.Locals },
	action: string,
	values: V
) {
	return refusalAsFormFailure(caught, event, {
		shown: ['invalid', 'conflict'],
		extra: (refusal) => ({ action, message: refusal.message, values })
	});
}

/**
 * Each covered LAO's score under the model the revision was scored with (its figures name that
 * model), by DLA code: the parts of the zone's area-weighted score.
 */
export async function laoScoresOf(
	revision: { scoringModelId: number | null; coveredLaos: { dlaCode: string }[] },
	provinceCode: string
): Promise<Record<string, number | null>> {
	if (revision.scoringModelId === null || revision.coveredLaos.length === 0) return {};
	const covered = new Set(revision.coveredLaos.map((c) => c.dlaCode));
	// Model versions are kept (the revision's scoring_model_id references one), so it exists.
	const { scores } = await getScores(getDatabase().db, revision.scoringModelId, { provinceCode });
	return Object.fromEntries(
		scores.filter((s) => covered.has(s.dla_code)).map((s) => [s.dla_code, s.score])
	);
}
