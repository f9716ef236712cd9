import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { getDecisionMemo, saveDecisionMemo } from '$lib/server/memo/decision-memo.service';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

const memoParams = z.object({
	id: z.coerce.number().int().positive().max(2_147_483_647),
	transitionId: z.coerce.number().int().positive().max(2_147_483_647)
});

function parseParams(params: Record<string, string>) {
	const parsed = memoParams.safeParse(params);
	if (!parsed.success) error(404, 'No such decision');
	return { zoneId: parsed.data.id, transitionId: parsed.data.transitionId };
}

/** The form's text fields; the service checks them (zod) and names the wrong ones. */
const fieldNames = [
	'office',
	'documentNumber',
	'memoDate',
	'subject',
	'addressee',
	'closingText',
	'signerName',
	'signerPosition'
] as const;

// The service decides who may read and write the memo (404 when the zone must not leak).
export const load: PageServerLoad = async (event) => {
	try {
		const memo = await getDecisionMemo(getDatabase().db, {
			actor: event.locals.user,
			...parseParams(event.params)
		});
		// The upload time in the URL: a new emblem is a new address, so no cache shows the old one.
		const emblemUrl = memo.emblem
			? `/offices/emblem/${encodeURIComponent(memo.officeKey)}?v=${Date.parse(memo.emblem.uploadedAt)}`
			: undefined;
		return { memo, emblemUrl, justSaved: event.url.searchParams.has('saved') };
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	save: async (event) => {
		const ids = parseParams(event.params);
		const form = await event.request.formData();
		const values = Object.fromEntries(
			fieldNames.map((name) => {
				const value = form.get(name);
				return [name, typeof value === 'string' ? value : ''];
			})
		) as Record<(typeof fieldNames)[number], string>;
		try {
			await saveDecisionMemo(getDatabase().db, {
				actor: event.locals.user,
				...ids,
				fields: values
			});
		} catch (caught) {
			return refusalAsFormFailure(caught, event, { extra: { values } });
		}
		// A GET after the POST: reloading the page does not save again.
		redirect(303, `${event.url.pathname}?saved`);
	}
};
