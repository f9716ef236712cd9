import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { openZoneNotice } from '$lib/server/zones/zone-notice.service';
import type { PageServerLoad } from './$types';

/**
 * Opening a workflow notice (from the inbox or its email): marks it read, then goes to the
 * reader's work page on the zone. A GET like a mail client's "open": the inbox's links turn
 * SvelteKit's preloading off so hovering never marks anything read.
 */
function noticeId(param: string): number {
	const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(param);
	if (!parsed.success) error(404, 'No such notice');
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	let href: string;
	try {
		href = (
			await openZoneNotice(getDatabase().db, {
				actor: event.locals.user,
				noticeId: noticeId(event.params.id)
			})
		).href;
	} catch (caught) {
		throwPageError(caught, event);
	}
	redirect(303, href);
};
