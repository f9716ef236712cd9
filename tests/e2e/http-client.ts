/**
 * Plain HTTP against the running app, as the permission tests need it: form posts as a browser
 * without JavaScript sends them, JSON calls as the workspace makes them, and log-in of the demo
 * accounts (DEMO_MODE=true). No redirects are followed, so a 303 to /login stays visible.
 */
import { expect } from 'vitest';

/** The password of every demo account (README, "Accounts and roles"). */
export const demoPassword = 'sedz-demo-password';

export interface HttpClient {
	/** A form post; `accept: text/html`, else SvelteKit answers the JSON `use:enhance` reads. */
	postForm(path: string, fields: Record<string, string>, cookie?: string): Promise<Response>;
	get(path: string, cookie?: string): Promise<Response>;
	/** A JSON request (any method), with the same-origin header SvelteKit's CSRF check wants. */
	json(method: string, path: string, body: unknown, cookie?: string): Promise<Response>;
	/** Logs in and returns the `cookie` header value that carries the session. */
	logInAs(username: string, password?: string): Promise<string>;
}

/** The Set-Cookie line of the session cookie, if the answer has one. */
export function sessionSetCookie(response: Response): string | undefined {
	return response.headers.getSetCookie().find((line) => line.startsWith('sedz_session='));
}

export function httpClient(baseUrl: string): HttpClient {
	const postForm: HttpClient['postForm'] = (path, fields, cookie) =>
		fetch(`${baseUrl}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: baseUrl,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				...(cookie && { cookie })
			},
			body: new URLSearchParams(fields)
		});
	return {
		postForm,
		get: (path, cookie) =>
			fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} }),
		json: (method, path, body, cookie) =>
			fetch(`${baseUrl}${path}`, {
				method,
				redirect: 'manual',
				headers: {
					origin: baseUrl,
					'content-type': 'application/json',
					...(cookie && { cookie })
				},
				...(body !== undefined && { body: JSON.stringify(body) })
			}),
		async logInAs(username, password = demoPassword) {
			const response = await postForm('/login', { username, password });
			await response.body?.cancel();
			expect(response.status, `log-in of ${username}`).toBe(303);
			const line = sessionSetCookie(response);
			expect(line, 'the session cookie').toBeDefined();
			return line!.split(';')[0]!;
		}
	};
}
