/**
 * The vector tiles over real HTTP (issue 19): `node server.js` answers them on its fast path
 * (stored gzip, no SvelteKit pipeline) exactly as the SvelteKit route answers them under
 * `node build/index.js` — status, ETag, 304, Cache-Control, CORS, Vary, Content-Encoding and
 * bytes. Raw `node:http` requests, so the bytes are what went over the wire (fetch would
 * decompress them).
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';

let fast: RunningApp | undefined;
let plain: RunningApp | undefined;

const showAppOutputOnFailure = () => {
	reportAppOutput(() => fast);
	reportAppOutput(() => plain);
};

interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

function get(
	app: RunningApp,
	path: string,
	headers: Record<string, string> = {},
	method = 'GET'
): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const req = request(`${app.url}${path}`, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

/** Tiles over Khon Kaen at the zooms the map uses, and one in the Bay of Bengal (empty). */
const khonKaenTambon = '/tiles/tambon/12/3218/1858.pbf';
const khonKaenLao = '/tiles/lao/10/804/464.pbf';
const bayOfBengal = '/tiles/tambon/10/766/470.pbf';
const gzipOk = { 'accept-encoding': 'gzip, deflate, br' };

/** The headers a tile answer must carry identically on both paths. */
const compared = [
	'etag',
	'cache-control',
	'content-type',
	'content-encoding',
	'content-length',
	'vary',
	'access-control-allow-origin'
];

beforeAll(async () => {
	fast = await startApp();
	plain = await startApp({ entry: 'build/index.js' });
	await Promise.all([waitUntilReady(fast), waitUntilReady(plain)]);
}, 300_000);

afterAll(async () => {
	await Promise.all([fast?.stop(), plain?.stop()]);
});

describe('vector tiles over HTTP', () => {
	test('the fast path sends the stored gzip with its ETag, cache, CORS and Vary headers', async () => {
		showAppOutputOnFailure();
		const answer = await get(fast!, khonKaenTambon, gzipOk);
		expect(answer.status).toBe(200);
		expect(answer.headers).toMatchObject({
			'content-type': 'application/x-protobuf',
			'content-encoding': 'gzip',
			'cache-control': 'public, max-age=3600',
			'access-control-allow-origin': '*',
			vary: 'Accept-Encoding',
			'content-length': String(answer.body.byteLength)
		});
		expect(answer.headers.etag).toMatch(/^"t2-r\d+-tambon-12-3218-1858"$/);
		const tile = new VectorTile(new PbfReader(gunzipSync(answer.body)));
		expect(Object.keys(tile.layers).sort()).toEqual(['tambon', 'tambon_label']);
		const codes = Array.from(
			{ length: tile.layers.tambon!.length },
			(_, i) => tile.layers.tambon!.feature(i).properties.province_code
		);
		expect(codes).toContain('TH40');
	});

	test('304 to If-None-Match, plain bytes to a client without gzip, HEAD without a body', async () => {
		showAppOutputOnFailure();
		const first = await get(fast!, khonKaenLao, gzipOk);
		const etag = String(first.headers.etag);
		const revalidated = await get(fast!, khonKaenLao, { ...gzipOk, 'if-none-match': etag });
		expect(revalidated.status).toBe(304);
		expect(revalidated.headers.etag).toBe(etag);
		expect(revalidated.body.byteLength).toBe(0);
		const other = await get(fast!, khonKaenLao, { ...gzipOk, 'if-none-match': '"t2-r0-x"' });
		expect(other.status).toBe(200);

		const identity = await get(fast!, khonKaenLao);
		expect(identity.headers['content-encoding']).toBeUndefined();
		expect(identity.body.equals(gunzipSync(first.body))).toBe(true);

		const head = await get(fast!, khonKaenLao, gzipOk, 'HEAD');
		expect(head.status).toBe(200);
		expect(head.headers.etag).toBe(etag);
		expect(head.body.byteLength).toBe(0);
	});

	test('an empty tile is 200 with zero bytes; an address that names no tile is 404', async () => {
		showAppOutputOnFailure();
		const empty = await get(fast!, bayOfBengal, gzipOk);
		expect(empty.status).toBe(200);
		expect(empty.body.byteLength).toBe(0);
		expect(empty.headers['content-encoding']).toBeUndefined();
		expect((await get(fast!, '/tiles/tambon/15/0/0.pbf', gzipOk)).status).toBe(404);
		expect((await get(fast!, '/tiles/country/5/25/14.pbf', gzipOk)).status).toBe(404);
	});

	test('the fast path and the SvelteKit route (node build) give the same answers', async () => {
		showAppOutputOnFailure();
		for (const path of [khonKaenTambon, khonKaenLao, bayOfBengal]) {
			for (const headers of [gzipOk, {}]) {
				const [a, b] = await Promise.all([get(fast!, path, headers), get(plain!, path, headers)]);
				const label = `${path} ${JSON.stringify(headers)}`;
				expect(a.status, label).toBe(b.status);
				for (const name of compared)
					expect(a.headers[name], `${label} ${name}`).toEqual(b.headers[name]);
				expect(a.body.equals(b.body), label).toBe(true);
			}
			const etag = String((await get(plain!, path, gzipOk)).headers.etag);
			expect((await get(plain!, path, { 'if-none-match': etag })).status).toBe(304);
		}
	});
});
