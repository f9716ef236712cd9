import { getDatabase } from '$lib/server/app-state';
import { featureParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { crsByUri } from '$lib/server/ogc/ogc.crs';
import { collectionVersion, findItem } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url, params }) =>
	answerOgc(
		request,
		url,
		featureParams,
		(query) =>
			findItem(
				getDatabase().db,
				url.origin,
				params.collectionId,
				params.featureId,
				crsByUri(query.crs)
			),
		'application/geo+json',
		() => collectionVersion(getDatabase().db, params.collectionId),
		(query) => ({ 'content-crs': `<${crsByUri(query.crs).uri}>` })
	);
