import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { appStatus, databaseWanted, getDatabase, tilesWhileOpening, whenReady } from '../app-state';
import { getSnapshotTile, getVectorTile } from './tiles.service';

/**
 * The tiles' fast path (issue 19): `server.js` hands each request here before adapter-node's
 * handler, and a tile is answered straight on the `node:http` objects — no `Request` built, no
 * hooks, no `setResponse` — which the profile showed cost ~99 % of a tile's time. The answer is
 * the SvelteKit route's (both go through `getVectorTile`): the same ETag, 304, Cache-Control,
 * CORS, Vary and gzip. While the embedded database opens after a restart, the tiles come from
 * its tile snapshot (`tile-snapshot.ts`), so the map draws before the database is open. Anything
 * else (another path, a query string, a method other than GET or HEAD, an app not ready without
 * a snapshot, a 404, an error) is left to SvelteKit, which answers as before.
 */
/** How long a tile deeper than the snapshot waits for the database before SvelteKit's 503. */
const deepTileWaitMs = 30_000;

const tilePath = /^\/tiles\/([a-z]+)\/([0-9]+)\/([0-9]+)\/([0-9]+)\.pbf$/;

/** Resolves true when it answered the request, false to pass it on to SvelteKit. */
export async function answerTileRequest(
	req: IncomingMessage,
	res: ServerResponse
): Promise<boolean> {
	if (req.method !== 'GET' && req.method !== 'HEAD') return false;
	const match = tilePath.exec(req.url ?? '');
	if (!match) return false;
	const [, layer, z, x, y] = match;
	// While the embedded database opens after a restart, its tile snapshot answers (issue 19);
	// a tile deeper than it holds waits for the database (seconds) rather than failing.
	let snapshot = tilesWhileOpening();
	if (snapshot && Number(z) > snapshot.maxZoom) {
		databaseWanted();
		const opened = await Promise.race([whenReady().then(() => true), sleep(deepTileWaitMs, false)]);
		if (!opened) return false;
		snapshot = undefined;
	}
	if (!snapshot && appStatus().state !== 'ready') return false;
	try {
		const tile = snapshot
			? await getSnapshotTile(
					snapshot,
					{ layer, z, x, y },
					req.headers['if-none-match'],
					req.headers['accept-encoding']
				)
			: await getVectorTile(
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
