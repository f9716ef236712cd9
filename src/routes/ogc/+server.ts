import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { landingPage } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

/** OGC API – Features landing page. */
export const GET: RequestHandler = ({ request, url }) =>
	answerOgc(request, url, formatParams, () => landingPage(url.origin));
