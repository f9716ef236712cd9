import { formatParams } from '$lib/server/ogc/ogc.params';
import { answerOgc } from '$lib/server/ogc/ogc.http';
import { conformance } from '$lib/server/ogc/ogc.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ request, url }) =>
	answerOgc(request, url, formatParams, () => conformance());
