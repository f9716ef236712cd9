import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { apiDefinition } from '$lib/server/ogc/ogc.openapi';
import type { RequestHandler } from './$types';

/** The API definition the landing page links to (`service-desc`). */
export const GET: RequestHandler = ({ request, url }) =>
	answerOgc(
		request,
		url,
		formatParams,
		() => apiDefinition(url.origin),
		'application/vnd.oai.openapi+json;version=3.0'
	);
