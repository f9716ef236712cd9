import type { RequestEvent } from '@sveltejs/kit';
import { getDatabase } from '../app-state';
import type { Problem } from '../domain-errors';
import { refusalAsFormFailure } from '../http/route-errors';
import { postComment } from './comment.service';

/**
 * The public zone page's comment form (works without JavaScript; enhanced with `use:enhance`):
 * the form's fields as the service's body, and its refusals as a form failure that keeps what
 * was typed. The pinned place comes as two fields, `lon` and `lat` (set by a click on the map).
 */

export interface CommentFormValues {
	category: string;
	text: string;
	name: string;
	contact: string;
	lon: string;
	lat: string;
}

const field = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

export type CommentFormResult =
	| { commentForm: 'posted'; id: number }
	| {
			commentForm: 'refused';
			problems: Problem[];
			retryAfterSeconds: number | null;
			values: CommentFormValues;
	  };

export async function commentFormAction(event: RequestEvent, zoneId: number) {
	const form = await event.request.formData();
	const values: CommentFormValues = {
		category: field(form, 'category'),
		text: field(form, 'text'),
		name: field(form, 'name'),
		contact: field(form, 'contact'),
		lon: field(form, 'lon'),
		lat: field(form, 'lat')
	};
	const lon = Number(values.lon);
	const lat = Number(values.lat);
	const pinned =
		values.lon !== '' && values.lat !== '' && Number.isFinite(lon) && Number.isFinite(lat);
	try {
		const posted = await postComment(getDatabase().db, {
			zoneId,
			body: {
				category: values.category,
				text: values.text,
				name: values.name,
				contact: values.contact,
				website: field(form, 'website'),
				geometry: pinned ? { type: 'Point', coordinates: [lon, lat] } : null
			},
			clientAddress: event.getClientAddress()
		});
		return { commentForm: 'posted', id: posted.id } satisfies CommentFormResult;
	} catch (caught) {
		return refusalAsFormFailure(caught, event, {
			shown: ['invalid', 'throttled'],
			extra: (refusal) =>
				({
					commentForm: 'refused',
					problems: refusal.problems,
					retryAfterSeconds: refusal.retryAfterSeconds ?? null,
					values
				}) satisfies CommentFormResult
		});
	}
}
