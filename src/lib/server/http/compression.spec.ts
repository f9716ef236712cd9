import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from './compression';
import { tileContentType } from '../tiles/tiles.service';

const page = `<!doctype html><html lang="th"><body>${'<p>ระบบวางแผนเขตพัฒนาเศรษฐกิจพอเพียง</p>'.repeat(200)}</body></html>`;

const request = (acceptEncoding?: string, method = 'GET') =>
	new Request('http://localhost/', {
		method,
		headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }
	});

const html = (body = page, headers: Record<string, string> = {}) =>
	new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

describe('chooseEncoding', () => {
	it('prefers brotli, then gzip, and honours q=0', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressResponse', () => {
	it('compresses a page with brotli or gzip, keeping the status, the ETag and the other headers', async () => {
		for (const [accept, decode] of [
			['br', brotliDecompressSync],
			['gzip', gunzipSync]
		] as const) {
			const answer = await compressResponse(
				request(accept),
				html(page, { etag: '"v1-page"', 'x-frame-options': 'SAMEORIGIN' })
			);
			expect(answer.headers.get('content-encoding')).toBe(accept);
			expect(answer.headers.get('etag')).toBe('"v1-page"');
			expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
			expect(answer.headers.get('vary')).toMatch(/accept-encoding/i);
			const bytes = Buffer.from(await answer.arrayBuffer());
			expect(Number(answer.headers.get('content-length'))).toBe(bytes.length);
			expect(bytes.length).toBeLessThan(Buffer.byteLength(page) / 5);
			expect(decode(bytes).toString('utf8')).toBe(page);
		}
	});

	it('compresses JSON and vector tiles, and reuses the compressed tile of one ETag', async () => {
		const tile = new Uint8Array(4096).map((_, i) => i % 7);
		const tileAnswer = () =>
			new Response(tile, {
				// The type the tile route really sends (a drift here once left every tile plain).
				headers: { 'content-type': tileContentType, etag: '"run-1/5/25/14"' }
			});
		const first = await compressResponse(request('gzip'), tileAnswer());
		const second = await compressResponse(request('gzip'), tileAnswer());
		expect(first.headers.get('content-encoding')).toBe('gzip');
		const firstBytes = new Uint8Array(await first.arrayBuffer());
		expect(new Uint8Array(gunzipSync(firstBytes))).toEqual(tile);
		expect(new Uint8Array(await second.arrayBuffer())).toEqual(firstBytes);

		const json = await compressResponse(
			request('br'),
			Response.json({ rows: Array.from({ length: 200 }, (_, i) => ({ i, name: 'ขอนแก่น' })) })
		);
		expect(json.headers.get('content-encoding')).toBe('br');
	});

	it('leaves alone what should not be compressed', async () => {
		const cases: [string, Request, Response][] = [
			['no Accept-Encoding', request(), html()],
			['HEAD', request('gzip', 'HEAD'), html()],
			['small', request('gzip'), html('<p>สั้น</p>')],
			['already encoded', request('gzip'), html(page, { 'content-encoding': 'br' })],
			['no-transform', request('gzip'), html(page, { 'cache-control': 'no-transform' })],
			[
				'a zip file',
				request('gzip'),
				new Response(page, { headers: { 'content-type': 'application/zip' } })
			],
			['304', request('gzip'), new Response(null, { status: 304, headers: { etag: '"x"' } })]
		];
		for (const [what, req, res] of cases) {
			const before = res.headers.get('content-encoding');
			const answer = await compressResponse(req, res);
			expect(answer.headers.get('content-encoding'), what).toBe(before);
			expect(answer.status, what).toBe(res.status);
		}
	});
});
