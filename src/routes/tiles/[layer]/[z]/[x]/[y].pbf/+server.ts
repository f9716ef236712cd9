import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { getVectorTile } from '$lib/server/tiles/tiles.service';
import type { RequestHandler } from './$types';

/**
 * Mapbox Vector Tiles of the administrative units, stored at import: see `src/lib/server/tiles/`.
 * `server.js` answers these on its fast path; this route serves `node build`, `vite dev` and
 * whatever the fast path passes on, with the same answer.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const tile = await getVectorTile(
		getDatabase().db,
		params,
		request.headers.get('if-none-match'),
		request.headers.get('accept-encoding')
	);
	if (tile.status === 404) error(404, tile.reason);
	if (tile.status === 304) return new Response(null, { status: 304, headers: tile.headers });
	return new Response(tile.body, { status: 200, headers: tile.headers });
};
