import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import {
	listManageableOffices,
	maxEmblemBytes,
	officeKeySchema,
	uploadOfficeEmblem
} from '$lib/server/memo/office-emblem.service';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

const pageParams = z.object({ office: officeKeySchema.optional().catch(undefined) });

/**
 * The emblem upload of the actor's office: a governor's (or acting governor's) province office;
 * DLA staff choose any office. The service lists what the actor may manage (403 otherwise).
 */
export const load: PageServerLoad = async (event) => {
	try {
		const offices = await listManageableOffices(getDatabase().db, event.locals.user);
		const asked = pageParams.parse(Object.fromEntries(event.url.searchParams)).office;
		const selected = offices.find((o) => o.officeKey === asked) ?? offices[0]!;
		return {
			offices,
			selected,
			emblemUrl: selected.emblem
				? `/offices/emblem/${encodeURIComponent(selected.officeKey)}?v=${Date.parse(selected.emblem.uploadedAt)}`
				: null,
			justUploaded: event.url.searchParams.has('uploaded'),
			maxEmblemBytes
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

const uploadForm = z.object({
	officeKey: z.string().max(40),
	file: z.instanceof(File).optional()
});

export const actions: Actions = {
	upload: async (event) => {
		const form = await event.request.formData();
		const parsed = uploadForm.safeParse({
			officeKey: form.get('officeKey') ?? '',
			file: form.get('file') ?? undefined
		});
		const officeKey = parsed.success ? parsed.data.officeKey : '';
		const file = parsed.success ? parsed.data.file : undefined;
		try {
			await uploadOfficeEmblem(getDatabase().db, {
				actor: event.locals.user,
				officeKey,
				fileName: file?.name ?? '',
				bytes: file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array()
			});
		} catch (caught) {
			return refusalAsFormFailure(caught, event, { extra: { officeKey } });
		}
		redirect(303, `/offices/emblem?office=${encodeURIComponent(officeKey)}&uploaded`);
	}
};
