import { fail } from '@sveltejs/kit';
import { requireIndicatorImporter } from '$lib/server/accounts/guards';
import { getDatabase } from '$lib/server/app-state';
import { importIndicatorCsv } from '$lib/server/indicators/indicator-import.service';
import { listImportBatches, listIndicators } from '$lib/server/indicators/indicator.repository';
import { throwPageError } from '$lib/server/route-errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// DLA staff only: the page and its action both pass the accounts guard, on the server (the
// public is sent to log in, everyone else gets 403).
function guard(event: Pick<RequestEvent, 'url' | 'locals'>): void {
	try {
		requireIndicatorImporter(event.locals.user);
	} catch (caught) {
		throwPageError(caught, event);
	}
}

export const load: PageServerLoad = async (event) => {
	guard(event);
	const db = getDatabase().db;
	return { indicators: await listIndicators(db), batches: await listImportBatches(db, 10) };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event);
		const { request } = event;
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { missingFile: true as const });
		}
		const report = await importIndicatorCsv(getDatabase().db, {
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer()),
			trigger: 'upload',
			actor: event.locals.user
		});
		return report.status === 'succeeded' ? { report } : fail(400, { report });
	}
};
