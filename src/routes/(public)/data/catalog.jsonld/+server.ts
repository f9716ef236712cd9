import { getDatabase } from '$lib/server/app-state';
import { catalog } from '$lib/server/ogc/dcat';
import type { RequestHandler } from './$types';

/** The DCAT-AP catalogue of the open data (JSON-LD). */
export const GET: RequestHandler = async ({ url }) =>
	new Response(JSON.stringify(await catalog(getDatabase().db, url.origin)), {
		headers: { 'content-type': 'application/ld+json', 'access-control-allow-origin': '*' }
	});
