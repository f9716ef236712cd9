import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { featureSchema } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

/** The collection's schema as JSON Schema (OGC API – Features Part 3 / Part 5). */
export const GET: RequestHandler = ({ request, url, params }) =>
	answerOgc(
		request,
		url,
		formatParams,
		() => featureSchema(url.origin, params.collectionId),
		'application/schema+json'
	);
