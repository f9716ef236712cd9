import { error } from '@sveltejs/kit';
import { canEditZonesIn, canManageScoringModels } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import { manifest } from '$lib/server/geodata/datasets';
import { loadScoresPage } from '$lib/server/scoring/scores-page.service';
import { diagnoseStoredModel } from '$lib/server/scoring/model-diagnostic.service';
import { provinceParams } from '$lib/server/scoring/scores.params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const parsed = provinceParams.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, `province ${parsed.error.issues[0]!.message}`);
	const { db } = getDatabase();
	// The score map draws the boundaries and the LAO registry: their source lines.
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	const attribution = [
		...new Set(manifest.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine))
	].join(' · ');
	const page = await loadScoresPage(db, parsed.data.province);
	// The candidate list offers "create draft zone" to whoever may edit zones there (the server
	// checks again when the zone is created).
	const canCreateZones =
		page.provinceCode !== null && canEditZonesIn(locals.user, page.provinceCode);
	// DLA staff may save the what-if weights as a new official model version (/admin/models).
	const canPublishModels = canManageScoringModels(locals.user);
	// The model diagnostic (issue 13): what the official ranking is mostly driven by.
	const diagnostic = await diagnoseStoredModel(db, page.model.id);
	return { ...page, attribution, canCreateZones, canPublishModels, diagnostic };
};
