// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			locale: import('$lib/i18n').Locale;
			/** The signed-in user, from the session cookie; null for the public. */
			user: import('$lib/accounts/roles').Actor | null;
			/** SHA-256 id of the current session, for log-out. */
			sessionId: string | null;
		}
	}
}

export {};
