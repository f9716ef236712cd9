import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { stateInput, problemsOf } from '$lib/server/coordination/coordination.schemas';
import { changeRecipientState, createRecord } from '$lib/server/coordination/coordination.service';
import { openRecord } from '$lib/server/coordination/coordination-register.service';
import { readRecordForm } from '$lib/server/coordination/record-form';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

function recordId(param: string): number {
	const parsed = z.coerce.number().int().positive().max(2_147_483_647).safeParse(param);
	if (!parsed.success) error(404, 'No such record');
	return parsed.data;
}

// Anyone who may see the record (the public: records marked public); others get 404.
export const load: PageServerLoad = async (event) => {
	try {
		return {
			page: await openRecord(getDatabase().db, {
				actor: event.locals.user,
				recordId: recordId(event.params.id)
			})
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	/** The recipient organisation acknowledges or reports done. */
	state: async (event) => {
		const parsed = stateInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problems: problemsOf(parsed.error) });
		try {
			await changeRecipientState(getDatabase().db, {
				actor: event.locals.user,
				recordId: recordId(event.params.id),
				state: parsed.data.state
			});
			return { changed: parsed.data.state };
		} catch (caught) {
			return refusalAsFormFailure(caught, event, { shown: ['conflict'] });
		}
	},
	/** A report or acknowledgement in reply, sent back to the record's sender. */
	reply: async (event) => {
		const id = recordId(event.params.id);
		const db = getDatabase().db;
		let sender: string;
		try {
			const page = await openRecord(db, { actor: event.locals.user, recordId: id });
			const party = page.record.sender.party;
			sender = party.code === null ? party.kind : `${party.kind}:${party.code}`;
		} catch (caught) {
			throwPageError(caught, event);
		}
		const form = await readRecordForm(event.request, { recipients: [sender], replyTo: String(id) });
		if (!form.ok) return fail(400, { problems: form.problems });
		try {
			const { recordId: replyId } = await createRecord(db, {
				actor: event.locals.user,
				input: form.value.input,
				files: form.value.files
			});
			return { replied: replyId };
		} catch (caught) {
			return refusalAsFormFailure(caught, event);
		}
	}
};
