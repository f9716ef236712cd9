import { getDatabase } from '$lib/server/app-state';
import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { allCollectionsVersion, listCollections } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url }) =>
	answerOgc(
		request,
		url,
		formatParams,
		() => listCollections(getDatabase().db, url.origin),
		'application/json',
		() => allCollectionsVersion(getDatabase().db)
	);
