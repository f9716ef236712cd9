import { getDatabase } from '$lib/server/app-state';
import { getDatasetSummary } from '$lib/server/geodata/summary.service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { summary: await getDatasetSummary(getDatabase().db) };
};
