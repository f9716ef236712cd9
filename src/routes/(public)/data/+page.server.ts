import { getDatabase } from '$lib/server/app-state';
import { getDatasetSummary } from '$lib/server/geodata/summary.service';
import { openDataLayers, openDataSources } from '$lib/server/ogc/open-data-files';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return {
		summary: await getDatasetSummary(getDatabase().db),
		layers: openDataLayers(),
		sources: openDataSources()
	};
};
