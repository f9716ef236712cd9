import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningApp } from '../e2e/harness';

/** Pages an official or the public opens first; "every page ready" is all of them at 200. */
export const restartPages = ['/', '/zones', '/data', '/ogc/collections', '/api/zones', '/scores'];

/** Polls `page` of `app` until it answers 200: the milliseconds since `since`. */
export async function until200(
	app: RunningApp,
	page: string,
	since: number,
	timeoutMs = 300_000
): Promise<number> {
	let status = 0;
	for (;;) {
		// A page's first answer may take long on a loaded machine: a late 200 still counts.
		status = await fetch(`${app.url}${page}`, { signal: AbortSignal.timeout(120_000) })
			.then(async (r) => (await r.arrayBuffer(), r.status))
			.catch(() => 0);
		if (status === 200) return performance.now() - since;
		if (performance.now() - since > timeoutMs)
			throw new Error(`${page}: no 200 in ${timeoutMs} ms (last answer ${status || 'none'})`);
		await sleep(25);
	}
}
