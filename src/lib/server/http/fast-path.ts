import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerTileRequest } from '../tiles/tile-fast-path';
import { answerPublished } from './public-fast-path';

/**
 * What `server.js` offers every GET and HEAD before adapter-node's handler (issue 19): a vector
 * tile (`tile-fast-path.ts`) or a published public answer (`public-fast-path.ts`), written on
 * the `node:http` objects without SvelteKit's request pipeline. Resolves false for everything
 * else, which SvelteKit answers.
 */
export function answerFast(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
	return req.url?.startsWith('/tiles/') ? answerTileRequest(req, res) : answerPublished(req, res);
}

/** Where `server.js` finds the fast path: the bundle's own module, registered when it loads. */
export const fastPathKey = Symbol.for('sedz.fastPath');

(globalThis as Record<symbol, unknown>)[fastPathKey] = answerFast;
