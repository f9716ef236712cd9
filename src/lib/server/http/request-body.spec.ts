import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest } from '@sveltejs/kit/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainErrorBody, domainErrorStatus, DomainError } from '../domain-errors';
import { refuseAtTheEdge } from './http-edge';
import { bodyTooLarge, sizeText } from './request-body';
import { readJsonBody } from '../zones/zone.params';

/**
 * The body limit as adapter-node applies it: a real HTTP server turns each request into a
 * `Request` with `getRequest({ bodySizeLimit })` — the function adapter-node's handler calls —
 * and the route helper reads it. What the route answered comes back as JSON.
 */
const limitBytes = 1024;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
	process.env.BODY_SIZE_LIMIT = String(limitBytes);
	server = createServer((incoming, outgoing) => {
		void (async () => {
			const request = await getRequest({
				request: incoming,
				base: baseUrl,
				bodySizeLimit: limitBytes
			});
			let status = 200;
			let body: unknown;
			try {
				body = { read: await readJsonBody(request) };
			} catch (error) {
				if (!(error instanceof DomainError)) throw error;
				status = domainErrorStatus(error);
				body = domainErrorBody(error);
			}
			outgoing.writeHead(status, { 'content-type': 'application/json' });
			outgoing.end(JSON.stringify(body));
		})();
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	delete process.env.BODY_SIZE_LIMIT;
	await new Promise((closed) => server.close(closed));
});

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
	fetch(baseUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body,
		// A stream body is sent in chunks, without a Content-Length.
		...(body instanceof ReadableStream && { duplex: 'half' })
	} as RequestInit);

function chunked(text: string): ReadableStream<Uint8Array> {
	const bytes = new TextEncoder().encode(text);
	let offset = 0;
	return new ReadableStream({
		pull(controller) {
			if (offset >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(offset, offset + 300));
			offset += 300;
		}
	});
}

describe('readJsonBody over the limit', () => {
	const big = JSON.stringify({ name: 'ก'.repeat(limitBytes) });

	it('a declared length over the limit: 413 naming the limit, not "not JSON"', async () => {
		const response = await post(big);
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({
			error: 'too_large',
			message: 'The body is over 1 KB',
			problems: [
				{
					rule: 'body.too_large',
					field: 'body',
					message: 'The body is over 1 KB',
					details: { maxBytes: limitBytes }
				}
			]
		});
	});

	it('a body sent in chunks is measured while read: 413 too', async () => {
		const response = await post(chunked(big));
		expect(response.status).toBe(413);
		expect(await response.json()).toMatchObject({
			error: 'too_large',
			problems: [{ rule: 'body.too_large' }]
		});
	});

	it('under the limit it is read; broken JSON is still 400 "not JSON"', async () => {
		const fine = await post(JSON.stringify({ name: 'เขต' }));
		expect(fine.status).toBe(200);
		expect(await fine.json()).toEqual({ read: { name: 'เขต' } });
		const broken = await post('{"name": ');
		expect(broken.status).toBe(400);
		expect(await broken.json()).toMatchObject({
			problems: [{ rule: 'input.invalid', message: 'The body is not JSON' }]
		});
	});
});

describe('the limit in megabytes', () => {
	it('is named as people read it', () => {
		expect(sizeText(512 * 1024)).toBe('0.5 MB');
		expect(sizeText(25 * 1024 * 1024)).toBe('25 MB');
		expect(sizeText(64 * 1024)).toBe('64 KB');
		expect(bodyTooLarge(25 * 1024 * 1024).message).toBe('The body is over 25 MB');
	});
});

describe('refuseAtTheEdge', () => {
	const app = new URL('https://sedz.example.go.th/api/zones');
	const request = (method: string, headers: Record<string, string>, path = '/api/zones') =>
		new Request(new URL(path, app), { method, headers });
	const limit = 512 * 1024;

	it('refuses a mutating API request from another site with 403 JSON', async () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			const refused = refuseAtTheEdge(
				request(method, { origin: 'https://evil.example' }),
				app,
				limit
			);
			expect(refused?.status, method).toBe(403);
			expect(await refused!.json()).toMatchObject({
				error: 'forbidden',
				problems: [{ rule: 'request.foreign_origin', field: 'origin' }]
			});
		}
		// `Origin: null` (a sandboxed frame, a redirect across sites) is not this site either.
		expect(refuseAtTheEdge(request('POST', { origin: 'null' }), app, limit)?.status).toBe(403);
	});

	it('lets through this site, requests without Origin (curl, GDAL), reads, and non-API paths', () => {
		const url = (path: string) => new URL(path, app);
		expect(refuseAtTheEdge(request('POST', { origin: app.origin }), app, limit)).toBeNull();
		expect(refuseAtTheEdge(request('POST', {}), app, limit)).toBeNull();
		expect(
			refuseAtTheEdge(request('GET', { origin: 'https://evil.example' }), app, limit)
		).toBeNull();
		const ogc = request('GET', { origin: 'https://evil.example' }, '/ogc/collections');
		expect(refuseAtTheEdge(ogc, url('/ogc/collections'), limit)).toBeNull();
		// Form posts are SvelteKit's own CSRF check's.
		const form = request('POST', { origin: 'https://evil.example' }, '/login');
		expect(refuseAtTheEdge(form, url('/login'), limit)).toBeNull();
	});

	it('answers 413 for a declared length over the limit before the body is read', async () => {
		const refused = refuseAtTheEdge(
			request('POST', { origin: app.origin, 'content-length': String(limit + 1) }),
			app,
			limit
		);
		expect(refused?.status).toBe(413);
		expect(await refused!.json()).toMatchObject({
			error: 'too_large',
			message: 'The body is over 0.5 MB'
		});
		expect(
			refuseAtTheEdge(
				request('POST', { origin: app.origin, 'content-length': String(limit) }),
				app,
				limit
			)
		).toBeNull();
	});
});
