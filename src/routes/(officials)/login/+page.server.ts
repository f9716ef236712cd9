import { redirect } from '@sveltejs/kit';
import { afterLogInTarget } from '$lib/accounts/landing';
import type { Role } from '$lib/accounts/roles';
import { z } from 'zod';
import { formFields, refuseForm } from '$lib/server/accounts/account-forms';
import { logIn } from '$lib/server/accounts/auth.service';
import { safeRedirectTarget } from '$lib/server/accounts/redirect-target';
import { demoAccounts, demoPassword } from '$lib/server/accounts/demo-accounts';
import { setSessionCookie } from '$lib/server/accounts/session-cookie';
import { problemsFromZod } from '$lib/server/accounts/user.schemas';
import { getDatabase } from '$lib/server/app-state';
import { readConfig } from '$lib/server/config';
import { invalid } from '$lib/server/domain-errors';
import type { Actions, PageServerLoad } from './$types';

const loginForm = z.object({
	username: z
		.string({ error: 'login.username_required' })
		.trim()
		.min(1, { error: 'login.username_required' })
		.max(200, { error: 'login.failed' }),
	// Not checked against the policy here: old passwords must still open their accounts.
	password: z
		.string({ error: 'login.failed' })
		.min(1, { error: 'login.failed' })
		.max(1024, { error: 'login.failed' }),
	redirectTo: z.string().max(2000).optional()
});

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, afterLogInTarget(redirectTo, locals.user.role));
	// In demo mode the page lists the demo accounts, which the README publishes anyway.
	const demo = readConfig().DEMO_MODE
		? { usernames: demoAccounts.map((a) => a.username), password: demoPassword }
		: null;
	return { redirectTo, demo };
};

export const actions: Actions = {
	default: async (event) => {
		const fields = formFields(await event.request.formData());
		const username = (fields.username ?? '').slice(0, 200);
		const parsed = loginForm.safeParse(fields);
		if (!parsed.success) {
			return refuseForm(invalid(problemsFromZod(parsed.error)), event, { username });
		}
		const config = readConfig();
		let token: string;
		let role: Role;
		try {
			const session = await logIn(
				getDatabase().db,
				{
					username: parsed.data.username,
					password: parsed.data.password,
					ipAddress: event.getClientAddress(),
					userAgent: event.request.headers.get('user-agent')
				},
				{ idleHours: config.SESSION_IDLE_HOURS }
			);
			token = session.token;
			role = session.actor.role;
		} catch (caught) {
			// A throttled attempt answers 429 with the wait, which the form shows.
			return refuseForm(caught, event, { username });
		}
		setSessionCookie(event.cookies, event.url, token, config.SESSION_IDLE_HOURS);
		redirect(303, afterLogInTarget(safeRedirectTarget(parsed.data.redirectTo), role));
	}
};
