import { getDatabase } from '$lib/server/app-state';
import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { collectionVersion, findItem } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, params }) =>
	answerOgc(
		request,
		url,
		formatParams,
		() => findItem(getDatabase().db, url.origin, params.collectionId, params.featureId),
		'application/geo+json',
		() => collectionVersion(getDatabase().db, params.collectionId)
	);
