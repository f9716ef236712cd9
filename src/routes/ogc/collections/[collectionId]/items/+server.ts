import { getDatabase } from '$lib/server/app-state';
import { findCollection } from '$lib/server/ogc/ogc.collections';
import { answerOgc, noSuchCollection } from '$lib/server/ogc/ogc.http';
import { itemsParamsOf } from '$lib/server/ogc/ogc.params';
import { collectionVersion, listItems } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, params }) => {
	const collection = findCollection(params.collectionId);
	if (!collection) return noSuchCollection(params.collectionId);
	return answerOgc(
		request,
		url,
		itemsParamsOf(collection),
		(query) => listItems(getDatabase().db, url.origin, collection.id, query, url.searchParams),
		'application/geo+json',
		() => collectionVersion(getDatabase().db, collection.id),
		(query) => ({ 'content-crs': `<${query.crs.uri}>` })
	);
};
