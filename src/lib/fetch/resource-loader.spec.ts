import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resourceLoader, type ResourceState } from './resource-loader';

/**
 * The fetch helper against a real HTTP server on 127.0.0.1: `/json/NAME` answers `{ name }`,
 * `/slow/NAME` the same once `release(NAME)` is called, `/missing` 404. The server notes the
 * requests whose connection closed before an answer (aborted by the client).
 */
let server: Server;
let base: string;
const waiting = new Map<string, () => void>();
const abortedOnServer: string[] = [];
const received: string[] = [];

function release(name: string) {
	waiting.get(name)?.();
	waiting.delete(name);
}

beforeAll(async () => {
	server = createServer((request, response) => {
		const url = request.url ?? '';
		received.push(url);
		response.on('close', () => {
			if (!response.writableFinished) abortedOnServer.push(url);
		});
		const [, kind, name] = url.split('/');
		const answer = () => {
			response.setHeader('content-type', 'application/json');
			response.end(JSON.stringify({ name }));
		};
		if (kind === 'json') answer();
		else if (kind === 'slow') waiting.set(name!, answer);
		else {
			response.statusCode = 404;
			response.end('{}');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

/** A loader whose states are recorded in order; `settled` resolves at the next non-loading state. */
function recorded() {
	const states: ResourceState<{ name: string }>[] = [];
	let notify: (() => void) | undefined;
	const loader = resourceLoader<{ name: string }>(
		(state) => {
			states.push(state);
			if (!state.loading) notify?.();
		},
		{ label: 'Spec' }
	);
	const settled = () => new Promise<void>((resolve) => (notify = resolve));
	return { states, loader, settled, last: () => states.at(-1)! };
}

/** Waits until the server has seen `path` (the request left the client). */
async function until(check: () => boolean) {
	await vi.waitFor(() => expect(check()).toBe(true), { timeout: 5000, interval: 10 });
}

describe('resourceLoader', () => {
	it('reports loading, then the JSON answer', async () => {
		const { states, loader, settled } = recorded();
		const done = settled();
		loader.load(`${base}/json/a`);
		expect(states).toEqual([{ data: undefined, error: undefined, loading: true }]);
		await done;
		expect(states.at(-1)).toEqual({ data: { name: 'a' }, error: undefined, loading: false });
	});

	it('reports an HTTP failure as an error naming the status, with no data', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { loader, settled, last } = recorded();
		const done = settled();
		loader.load(`${base}/missing`);
		await done;
		expect(last().data).toBeUndefined();
		expect(last().loading).toBe(false);
		expect(last().error?.message).toBe(`HTTP 404 from ${base}/missing`);
		expect(warn).toHaveBeenCalledOnce();
		warn.mockRestore();
	});

	it('aborts the request in flight when the key changes; its late answer never lands', async () => {
		const { states, loader, settled, last } = recorded();
		loader.load(`${base}/slow/first`);
		await until(() => waiting.has('first'));
		const done = settled();
		loader.load(`${base}/json/second`);
		await done;
		expect(last()).toEqual({ data: { name: 'second' }, error: undefined, loading: false });
		await until(() => abortedOnServer.includes('/slow/first'));
		release('first');
		// Give a late answer every chance to arrive: nothing after the second's answer.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(states.filter((s) => s.data?.name === 'first')).toEqual([]);
		expect(last().data).toEqual({ name: 'second' });
	});

	it('stop aborts the request (a destroyed component) and reports nothing more', async () => {
		const { states, loader } = recorded();
		loader.load(`${base}/slow/destroyed`);
		await until(() => waiting.has('destroyed'));
		loader.stop();
		await until(() => abortedOnServer.includes('/slow/destroyed'));
		expect(states).toEqual([{ data: undefined, error: undefined, loading: true }]);
	});

	it('a null key asks nothing and clears the state', async () => {
		const { loader, last } = recorded();
		const before = received.length;
		loader.load(null);
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(received.length).toBe(before);
		expect(last()).toEqual({ data: undefined, error: undefined, loading: false });
	});

	it('a custom fetcher gets the key and the signal', async () => {
		const seen: string[] = [];
		const states: ResourceState<number>[] = [];
		const loader = resourceLoader<number>((s) => states.push(s), {
			fetcher: async (key, signal) => {
				seen.push(key);
				expect(signal.aborted).toBe(false);
				return key.length;
			}
		});
		loader.load('abcd');
		await until(() => states.length === 2);
		expect(seen).toEqual(['abcd']);
		expect(states[1]).toEqual({ data: 4, error: undefined, loading: false });
	});
});
