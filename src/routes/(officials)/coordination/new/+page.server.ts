import { fail, redirect } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { canSendCoordinationRecord } from '$lib/server/accounts/permissions';
import { createRecord, recordFormOptions } from '$lib/server/coordination/coordination.service';
import { readRecordForm } from '$lib/server/coordination/record-form';
import { recordKinds } from '$lib/coordination/terms';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

// Any signed-in organisation records what it sends; the public is sent to log in.
export const load: PageServerLoad = async (event) => {
	try {
		const options = await recordFormOptions(getDatabase().db, event.locals.user);
		return {
			...options,
			kinds: recordKinds.filter((kind) => canSendCoordinationRecord(event.locals.user, kind))
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	default: async (event) => {
		const form = await readRecordForm(event.request);
		if (!form.ok) return fail(400, { problems: form.problems });
		let recordId: number;
		try {
			({ recordId } = await createRecord(getDatabase().db, {
				actor: event.locals.user,
				input: form.value.input,
				files: form.value.files
			}));
		} catch (caught) {
			return refusalAsFormFailure(caught, event);
		}
		redirect(303, `/coordination/records/${recordId}`);
	}
};
