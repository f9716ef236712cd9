import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { DomainError, forbidden, invalid, notFound } from '../domain-errors';
import { apiErrorResponse, refusalAsFormFailure, throwPageError } from './route-errors';

/** The one mapping from a service's refusal to an HTTP answer (issue 14, item 1). */

const signedIn = { user: { id: 1 } } as unknown as App.Locals;
const anonymous = {} as App.Locals;
const page = (locals: App.Locals) => ({ url: new URL('http://x/plan?province=TH50'), locals });
const problem = { rule: 'zone.name_required', field: 'name', message: 'Name the zone' };
const throttled = () => new DomainError('throttled', 'Too many', [problem], 61.2);
const caughtBy = (run: () => unknown) => {
	try {
		run();
	} catch (thrown) {
		return thrown;
	}
	throw new Error('nothing thrown');
};

describe('a refusal in a form action', () => {
	it('is a failure with its problems, status by kind, and what the form asks back', () => {
		const failure = refusalAsFormFailure(invalid([problem]), page(signedIn), {
			extra: { values: { name: '' } }
		});
		expect(failure.status).toBe(400);
		expect(failure.data).toEqual({ problems: [problem], values: { name: '' } });

		const conflict = new DomainError('conflict', 'Moved on', [problem]);
		const shown = refusalAsFormFailure(conflict, page(signedIn), {
			shown: ['invalid', 'conflict'],
			extra: (refusal) => ({ action: 'submit', message: refusal.message })
		});
		expect(shown.status).toBe(409);
		expect(shown.data).toEqual({ problems: [problem], action: 'submit', message: 'Moved on' });
	});

	it('when throttled, says when to try again, in the data and the retry-after header', () => {
		const headers: Record<string, string> = {};
		const failure = refusalAsFormFailure(
			throttled(),
			{ ...page(signedIn), setHeaders: (h) => Object.assign(headers, h) },
			{ shown: ['throttled'] }
		);
		expect(failure.status).toBe(429);
		expect(failure.data).toEqual({ problems: [problem], retryAfterSeconds: 61.2 });
		expect(headers).toEqual({ 'retry-after': '62' });
	});

	it('lets the extra replace the problems (a page that shows them its own way)', () => {
		const failure = refusalAsFormFailure(invalid([problem]), page(signedIn), {
			extra: (refusal) => ({ problems: refusal.problems.map((p) => p.message) })
		});
		expect(failure.data).toEqual({ problems: ['Name the zone'] });
	});

	it('is the page error for a refusal the form does not show, or the log-in for the public', () => {
		const error = caughtBy(() => refusalAsFormFailure(forbidden('No'), page(signedIn)));
		expect(isHttpError(error) && error.status).toBe(403);
		const missing = caughtBy(() =>
			refusalAsFormFailure(notFound(), page(signedIn), { shown: (r) => r.problems.length > 0 })
		);
		expect(isHttpError(missing) && missing.status).toBe(404);
		const login = caughtBy(() => refusalAsFormFailure(forbidden(), page(anonymous)));
		expect(isRedirect(login) && login.location).toBe('/login?redirectTo=%2Fplan%3Fprovince%3DTH50');
	});

	it('rethrows anything that is not a refusal', () => {
		const bug = new TypeError('a bug');
		expect(caughtBy(() => refusalAsFormFailure(bug, page(signedIn)))).toBe(bug);
		expect(caughtBy(() => throwPageError(bug, page(signedIn)))).toBe(bug);
		expect(caughtBy(() => apiErrorResponse(bug))).toBe(bug);
	});
});

describe('a refusal answered as JSON', () => {
	it('names the kind and problems, with retry-after when throttled, never cached', async () => {
		const response = apiErrorResponse(throttled());
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('62');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			error: 'throttled',
			message: 'Too many',
			problems: [problem],
			retryAfterSeconds: 61.2
		});
	});
});
