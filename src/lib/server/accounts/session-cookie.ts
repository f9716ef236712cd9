import type { Cookies } from '@sveltejs/kit';

/**
 * The session cookie, the same way wherever it is set: HttpOnly (no script reads it),
 * SameSite=Lax (not sent on cross-site form posts), path `/`, and Secure when the app is
 * served over https. It lives as long as the session's idle expiry and is renewed with it.
 */
export const sessionCookieName = 'sedz_session';

export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	idleHours: number
): void {
	cookies.set(sessionCookieName, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		// SvelteKit defaults `secure` to true except on http://localhost; the app runs on plain
		// http on a LAN and in tests, so it follows the request's scheme instead.
		secure: url.protocol === 'https:',
		maxAge: Math.round(idleHours * 3600)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}
