/**
 * The production entry: `node server.js` (npm start, npm run serve, the e2e harness, CI). It is
 * adapter-node's own server (`build/index.js`: PORT, HOST, ORIGIN, SOCKET_PATH, socket
 * activation, graceful shutdown and `sveltekit:shutdown`, all unchanged) with one addition: each
 * GET and HEAD is first offered to the fast path (src/lib/server/http/fast-path.ts, registered by
 * the bundle when it loads), which answers a vector tile or a published public answer on the
 * `node:http` objects without SvelteKit's request pipeline (issue 19); everything else goes to
 * SvelteKit as before. `node build` still works, with every answer from SvelteKit.
 */
import { server } from './build/index.js';

const fastPathKey = Symbol.for('sedz.fastPath');

/** @type {import('node:http').Server} */
const httpServer = server.server;
// polka listens through `attach` (its handler on the next turn); the request counter adapter-node
// adds for its graceful shutdown is another listener and stays as it is.
httpServer.off('request', server.attach);
httpServer.on(
	'request',
	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	(req, res) => {
		/** @type {((req: unknown, res: unknown) => Promise<boolean>) | undefined} */
		const fastPath = /** @type {Record<symbol, any>} */ (globalThis)[fastPathKey];
		if (!fastPath || (req.method !== 'GET' && req.method !== 'HEAD')) {
			server.handler(req, res);
			return;
		}
		fastPath(req, res).then(
			(answered) => {
				if (!answered) server.handler(req, res);
			},
			() => server.handler(req, res)
		);
	}
);
