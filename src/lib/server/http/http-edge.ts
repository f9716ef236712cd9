import { DomainError } from '../domain-errors';
import { bodyTooLarge, declaresBodyOver } from './request-body';
import { refusalResponse } from './route-errors';

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refusals made at the app's one HTTP edge (hooks.server.ts), before a session is looked up or a
 * route runs, for the JSON API (`/api/**`):
 *
 * - A changing request (POST, PUT, PATCH, DELETE) whose `Origin` is another site's → 403.
 *   SvelteKit's own CSRF check (`csrf.checkOrigin`) covers only form content types; a JSON body
 *   was guarded by nothing but the browser's CORS preflight, which a misconfigured proxy or a
 *   future `Access-Control-Allow-*` header would silently remove. Browsers always send `Origin`
 *   on such requests; a request without one is not from a browser page (curl, GDAL, scripts
 *   with a session cookie they hold themselves) and is let through, as SvelteKit does.
 * - A body that declares (Content-Length) more than BODY_SIZE_LIMIT → 413 naming the limit,
 *   without reading it. A body sent in chunks is measured while read (`readJsonBody`).
 *
 * Returns the refusal, or null to go on.
 */
export function refuseAtTheEdge(
	request: Request,
	url: URL,
	bodyLimitBytes: number
): Response | null {
	if (!url.pathname.startsWith('/api/') || !mutatingMethods.has(request.method)) return null;
	const origin = request.headers.get('origin');
	if (origin !== null && origin !== url.origin) {
		return refusalResponse(
			new DomainError('forbidden', 'Requests from another site are refused', [
				{
					rule: 'request.foreign_origin',
					field: 'origin',
					message: `Origin ${origin} is not this site (${url.origin})`
				}
			])
		);
	}
	if (declaresBodyOver(request, bodyLimitBytes))
		return refusalResponse(bodyTooLarge(bodyLimitBytes));
	return null;
}
