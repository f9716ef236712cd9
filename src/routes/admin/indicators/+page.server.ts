import { fail } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { importIndicatorCsv } from '$lib/server/indicators/indicator-import.service';
import { listImportBatches, listIndicators } from '$lib/server/indicators/indicator.repository';
import type { Actions, PageServerLoad } from './$types';

// Open to anyone who can reach the server until accounts and roles arrive (a later issue);
// then this page and its action must be limited to DLA staff.

export const load: PageServerLoad = async () => {
	const db = getDatabase().db;
	return { indicators: await listIndicators(db), batches: await listImportBatches(db, 10) };
};

export const actions: Actions = {
	default: async ({ request }) => {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { missingFile: true as const });
		}
		const report = await importIndicatorCsv(getDatabase().db, {
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer()),
			trigger: 'upload'
		});
		return report.status === 'succeeded' ? { report } : fail(400, { report });
	}
};
