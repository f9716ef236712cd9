import { getDatabase } from '$lib/server/app-state';
import { manifest } from '$lib/server/geodata/datasets';
import { listScoredProvinces, loadOfficialModel } from '$lib/server/scoring/scores-page.service';
import type { PageServerLoad } from './$types';

/** The map draws the boundaries and the LAO registry: their source lines go in its attribution. */
export const load: PageServerLoad = async () => {
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	const lines = manifest.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine);
	const db = getDatabase().db;
	// Provinces where candidate zones can be proposed (those with scored LAOs).
	const official = await loadOfficialModel(db);
	return {
		attribution: [...new Set(lines)].join(' · '),
		candidateProvinces: await listScoredProvinces(db, official.id)
	};
};
