import { fail } from '@sveltejs/kit';
import { canManageScoringModels } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import { DomainError, forbidden } from '$lib/server/domain-errors';
import { listIndicators } from '$lib/server/indicators/indicator.repository';
import { throwPageError } from '$lib/server/http/route-errors';
import { isConstraintIndicator } from '$lib/geo/scoring/scoring-model';
import {
	carriedWeights,
	maxConstraintRows,
	maxCriterionRows,
	readModelForm
} from '$lib/server/scoring/model-form';
import { loadOfficialModel } from '$lib/server/scoring/scores-page.service';
import { listModelVersions } from '$lib/server/scoring/scoring.repository';
import { publishModelVersion } from '$lib/server/scoring/scoring.service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!canManageScoringModels(event.locals.user)) throwPageError(forbidden(), event);
	const db = getDatabase().db;
	const official = await loadOfficialModel(db);
	// Weights moved on /scores arrive as ?w.<indicator>=<weight>; anything else is ignored.
	const weightParams = Object.fromEntries(
		[...event.url.searchParams].filter(([key]) => key.startsWith('w.'))
	);
	const carried = carriedWeights.safeParse(weightParams);
	const indicators = await listIndicators(db);
	return {
		official: { id: official.id, version: official.version, model: official.model },
		carriedWeights: carried.success ? carried.data : {},
		carriedWeightsInvalid: !carried.success,
		versions: (await listModelVersions(db)).map((v) => ({
			id: v.id,
			name: v.name,
			version: v.version,
			isOfficial: v.is_official,
			createdAt: v.created_at.toISOString(),
			createdBy: v.created_by
		})),
		indicators,
		// Every stored version of every constraint layer: a model names the version it uses.
		constraintIndicators: indicators.filter((i) => isConstraintIndicator(i.key)),
		maxCriterionRows,
		maxConstraintRows
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		// Refuse before reading the form, so a refused caller learns nothing from its validation;
		// `publishModelVersion` checks again in its transaction.
		if (!canManageScoringModels(locals.user)) return fail(403, { forbidden: true as const });
		const read = readModelForm(await request.formData());
		if (!read.ok) return fail(400, { problems: read.problems });
		try {
			const published = await publishModelVersion(getDatabase().db, {
				actor: locals.user,
				document: read.value
			});
			return { published };
		} catch (caught) {
			if (caught instanceof DomainError && caught.kind === 'invalid')
				return fail(400, { problems: caught.problems });
			if (caught instanceof DomainError) return fail(403, { forbidden: true as const });
			throw caught;
		}
	}
};
