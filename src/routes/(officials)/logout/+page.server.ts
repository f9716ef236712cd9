import { redirect } from '@sveltejs/kit';
import { logOut } from '$lib/server/accounts/auth.service';
import { clearSessionCookie } from '$lib/server/accounts/session-cookie';
import { getDatabase } from '$lib/server/app-state';
import type { Actions, PageServerLoad } from './$types';

// Log-out is a POST (a form action): a GET that logged out could be triggered by any link or
// image on another site. The GET shows the button.
export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.user !== null });

export const actions: Actions = {
	default: async ({ locals, cookies, url, getClientAddress }) => {
		if (locals.sessionId) {
			await logOut(getDatabase().db, locals.sessionId, { ipAddress: getClientAddress() });
		}
		clearSessionCookie(cookies, url);
		redirect(303, '/');
	}
};
