import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cachedJson, clearCachedAnswers } from '../cached-answer';
import { answerPublished, clearPublishedAnswers } from './public-fast-path';

/**
 * The fast path on a real `node:http` server, as `server.js` uses it: what it does not answer
 * goes to a stand-in for SvelteKit that counts and answers 418, so every test sees which of
 * the two answered.
 */
let server: http.Server;
let origin = '';
let passedOn = 0;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		void answerPublished(req, res, () => true).then((answered) => {
			if (answered) return;
			passedOn += 1;
			res.writeHead(418).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
	clearCachedAnswers();
	clearPublishedAnswers();
	passedOn = 0;
});

const body = { zones: Array.from({ length: 300 }, (_, i) => ({ id: i, name: `เขต ${i}` })) };
let version = 'approval-1';

/** What a route does for an anonymous GET of `path`: its cached answer, published. */
async function routeAnswers(path: string, headers: Record<string, string> = {}) {
	return cachedJson(
		new Request(`${origin}${path}`, { headers: { host: new URL(origin).host, ...headers } }),
		{ key: `zones${path}`, version, currentVersion: async () => version },
		async () => body,
		{ 'cache-control': 'no-cache', 'access-control-allow-origin': '*' }
	);
}

/** A raw request to the server (fetch would decode the body and hide the encoding). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
		(resolve, reject) => {
			const req = http.request(`${origin}${path}`, { method, headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) })
				);
			});
			req.on('error', reject);
			req.end();
		}
	);
}

describe('the public answers fast path', () => {
	it('answers an anonymous GET with the route’s own bytes, headers and ETag, gzip when asked', async () => {
		const routed = await routeAnswers('/api/zones?province=TH40', { 'accept-encoding': 'gzip' });
		const fast = await get('/api/zones?province=TH40', { 'accept-encoding': 'gzip' });
		expect(passedOn).toBe(0);
		expect(fast.status).toBe(200);
		expect(fast.headers['content-encoding']).toBe('gzip');
		expect(fast.headers.etag).toBe(routed.headers.get('etag'));
		for (const name of ['content-type', 'cache-control', 'access-control-allow-origin', 'vary'])
			expect(fast.headers[name], name).toBe(routed.headers.get(name));
		expect(fast.body.equals(Buffer.from(await routed.arrayBuffer()))).toBe(true);
		expect(JSON.parse(gunzipSync(fast.body).toString())).toEqual(body);
		const plain = await get('/api/zones?province=TH40');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(JSON.parse(plain.body.toString())).toEqual(body);
	});

	it('answers brotli once it is made, 304 to its ETag, and HEAD without a body', async () => {
		const routed = await routeAnswers('/api/zones');
		await sleep(200);
		const br = await get('/api/zones', { 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(JSON.parse(brotliDecompressSync(br.body).toString())).toEqual(body);
		const etag = routed.headers.get('etag')!;
		expect((await get('/api/zones', { 'if-none-match': etag })).status).toBe(304);
		const head = await get('/api/zones', {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.body.byteLength).toBe(0);
		expect(passedOn).toBe(0);
	});

	it('leaves to SvelteKit a session cookie, credentials, another language, query or host', async () => {
		await routeAnswers('/api/zones');
		// Published without a language cookie: a visitor with one may get another page.
		expect((await get('/api/zones', { cookie: 'sedz_session=abc' })).status).toBe(418);
		expect((await get('/api/zones', { cookie: 'lang=en' })).status).toBe(418);
		expect((await get('/api/zones', { authorization: 'Bearer x' })).status).toBe(418);
		expect((await get('/api/zones?province=TH10')).status).toBe(418);
		expect((await get('/api/zones', { host: 'elsewhere.example' })).status).toBe(418);
		expect((await get('/api/zones', { 'x-forwarded-proto': 'https' })).status).toBe(418);
		expect(passedOn).toBe(6);
		expect((await get('/api/zones')).status).toBe(200);
	});

	it('publishes nothing for a request with a session cookie, nor for a POST', async () => {
		await routeAnswers('/api/zones', { cookie: 'sedz_session=abc' });
		expect((await get('/api/zones')).status).toBe(418);
		await cachedJson(
			new Request(`${origin}/api/zones`, {
				method: 'POST',
				headers: { host: new URL(origin).host }
			}),
			{ key: 'zones-post', version, currentVersion: async () => version },
			async () => body
		);
		expect((await get('/api/zones')).status).toBe(418);
	});

	it('stops answering once the data version moves, until the route publishes again', async () => {
		await routeAnswers('/api/zones');
		expect((await get('/api/zones')).status).toBe(200);
		version = 'approval-2';
		try {
			expect((await get('/api/zones')).status).toBe(418);
			expect((await get('/api/zones')).status).toBe(418);
			const routed = await routeAnswers('/api/zones');
			const fast = await get('/api/zones');
			expect(fast.status).toBe(200);
			expect(fast.headers.etag).toBe(routed.headers.get('etag'));
		} finally {
			version = 'approval-1';
		}
	});

	it('passes on anything not published, and every method but GET and HEAD', async () => {
		await routeAnswers('/api/zones');
		expect((await get('/zones')).status).toBe(418);
		expect((await get('/api/zones', {}, 'DELETE')).status).toBe(418);
		expect(passedOn).toBe(2);
	});
});
