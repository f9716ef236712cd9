import type { IncomingMessage, ServerResponse } from 'node:http';
import { appStatus, getDatabase } from '../app-state';
import { getVectorTile } from './tiles.service';

/**
 * The tiles' fast path (issue 19): `server.js` hands each request here before adapter-node's
 * handler, and a tile is answered straight on the `node:http` objects — no `Request` built, no
 * hooks, no `setResponse` — which the profile showed cost ~99 % of a tile's time. The answer is
 * the SvelteKit route's (both go through `getVectorTile`): the same ETag, 304, Cache-Control,
 * CORS, Vary and gzip. Anything else (another path, a query string, a method other than GET or
 * HEAD, an app not ready, a 404, an error) is left to SvelteKit, which answers as before.
 */
const tilePath = /^\/tiles\/([a-z]+)\/([0-9]+)\/([0-9]+)\/([0-9]+)\.pbf$/;

/** Resolves true when it answered the request, false to pass it on to SvelteKit. */
export async function answerTileRequest(
	req: IncomingMessage,
	res: ServerResponse
): Promise<boolean> {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	const match = tilePath.exec(req.url ?? '');
	if (!match || appStatus().state !== 'ready') return false;
	const [, layer, z, x, y] = match;
	try {
		const tile = await getVectorTile(
			getDatabase().db,
			{ layer, z, x, y },
			req.headers['if-none-match'],
			req.headers['accept-encoding']
		);
		if (tile.status === 404) return false;
		res.writeHead(tile.status, tile.headers);
		if (tile.status === 304 || req.method === 'HEAD') res.end();
		else res.end(tile.body);
		return true;
	} catch {
		// SvelteKit answers (and logs) the same failure as it would without the fast path.
		return false;
	}
}

/** Where `server.js` finds the fast path: the bundle's own module, registered when it loads. */
export const tileFastPathKey = Symbol.for('sedz.tileFastPath');

(globalThis as Record<symbol, unknown>)[tileFastPathKey] = answerTileRequest;
