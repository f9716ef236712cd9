import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { queryables } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

/** The collection's queryables as JSON Schema (OGC API – Features Part 3 / Part 5). */
export const GET: RequestHandler = ({ request, url, params }) =>
	answerOgc(
		request,
		url,
		formatParams,
		() => queryables(url.origin, params.collectionId),
		'application/schema+json'
	);
