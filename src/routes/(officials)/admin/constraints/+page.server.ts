import { fail } from '@sveltejs/kit';
import { requireIndicatorImporter } from '$lib/server/accounts/guards';
import { getDatabase } from '$lib/server/app-state';
import { listLayers } from '$lib/server/constraints/constraint-layer.repository';
import { uploadConstraintLayer } from '$lib/server/constraints/constraint-layer.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// DLA staff only (the same permission as the indicator import, which the layers feed): the page
// and its action both check on the server.
function guard(event: Pick<RequestEvent, 'url' | 'locals'>): void {
	try {
		requireIndicatorImporter(event.locals.user);
	} catch (caught) {
		throwPageError(caught, event);
	}
}

export const load: PageServerLoad = async (event) => {
	guard(event);
	return { layers: await listLayers(getDatabase().db) };
};

export const actions: Actions = {
	default: async (event) => {
		guard(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const fields = {
			key: String(form.get('key') ?? ''),
			nameTh: String(form.get('nameTh') ?? ''),
			nameEn: String(form.get('nameEn') ?? ''),
			sourceLine: String(form.get('sourceLine') ?? ''),
			licence: String(form.get('licence') ?? '')
		};
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { fields, missingFile: true as const });
		const result = await uploadConstraintLayer(getDatabase().db, {
			actor: event.locals.user,
			fields,
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer())
		});
		return result.status === 'stored' ? { result } : fail(400, { fields, result });
	}
};
