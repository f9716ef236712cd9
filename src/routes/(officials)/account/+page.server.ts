import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { formFields, refuseForm } from '$lib/server/accounts/account-forms';
import { changeOwnPassword, logOutEverywhere } from '$lib/server/accounts/auth.service';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { changeOwnEmail, describeOwnAccount } from '$lib/server/accounts/user.service';
import { problemsFromZod } from '$lib/server/accounts/user.schemas';
import { getDatabase } from '$lib/server/app-state';
import { forbidden, invalid } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

// The notices address: blank removes it; the service parses it (errors name `email`).
const emailForm = z.object({ email: z.string().max(1000).default('') });

const passwordForm = z.object({
	currentPassword: z.string({ error: 'password.current_wrong' }).max(1024),
	newPassword: z.string({ error: 'password.too_short' }),
	confirmPassword: z.string({ error: 'password.mismatch' })
});

export const load: PageServerLoad = async (event) => {
	try {
		return { account: await describeOwnAccount(getDatabase().db, event.locals.user) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	changePassword: async (event) => {
		const actor = event.locals.user;
		if (!actor) throwPageError(forbidden(), event);
		const parsed = passwordForm.safeParse(formFields(await event.request.formData()));
		if (!parsed.success) {
			return refuseForm(invalid(problemsFromZod(parsed.error)), event, { form: 'password' });
		}
		const { currentPassword, newPassword, confirmPassword } = parsed.data;
		if (newPassword !== confirmPassword) {
			return fail(400, {
				form: 'password',
				problems: [
					{
						rule: 'password.mismatch',
						field: 'confirmPassword',
						message: 'The two new passwords differ'
					}
				]
			});
		}
		try {
			const { otherSessionsEnded } = await changeOwnPassword(getDatabase().db, {
				actor,
				sessionId: event.locals.sessionId,
				currentPassword,
				newPassword,
				ipAddress: event.getClientAddress()
			});
			return { form: 'password', changed: true, otherSessionsEnded };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'password' });
		}
	},
	changeEmail: async (event) => {
		const actor = event.locals.user;
		if (!actor) throwPageError(forbidden(), event);
		const parsed = emailForm.safeParse(formFields(await event.request.formData()));
		try {
			if (!parsed.success)
				throw invalid([
					{ rule: 'user.email.format', field: 'email', message: 'Not an email address' }
				]);
			const { email } = await changeOwnEmail(getDatabase().db, actor, parsed.data.email);
			return { form: 'email', emailSaved: email !== null };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'email' });
		}
	},
	logOutEverywhere: async (event) => {
		const actor = event.locals.user;
		if (!actor) throwPageError(forbidden(), event);
		await logOutEverywhere(getDatabase().db, actor, { ipAddress: event.getClientAddress() });
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/login');
	}
};
