import { getDatabase } from '$lib/server/app-state';
import { itemsParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { collectionVersion, listItems } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, params }) =>
	answerOgc(
		request,
		url,
		itemsParams,
		(query) => listItems(getDatabase().db, url.origin, params.collectionId, query),
		'application/geo+json',
		() => collectionVersion(getDatabase().db, params.collectionId)
	);
