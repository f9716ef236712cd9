import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressedJson } from './compressed-json';

const large = { rows: Array.from({ length: 2000 }, (_, i) => ({ code: `64${i}`, value: i / 7 })) };

describe('compressedJson', () => {
	it('gzips a large answer for a client that accepts gzip, and it reads back the same', async () => {
		const response = compressedJson(
			new Request('http://x/', { headers: { 'accept-encoding': 'gzip, deflate, br' } }),
			large
		);
		expect(response.headers.get('content-encoding')).toBe('gzip');
		expect(response.headers.get('vary')).toContain('accept-encoding');
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect(bytes.length).toBeLessThan(JSON.stringify(large).length / 3);
		expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(large);
	});

	it('sends plain JSON to a client that does not accept gzip, and for small answers', async () => {
		const plain = compressedJson(new Request('http://x/'), large);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.json()).toEqual(large);
		const small = compressedJson(
			new Request('http://x/', { headers: { 'accept-encoding': 'gzip' } }),
			{ ok: true }
		);
		expect(small.headers.get('content-encoding')).toBeNull();
	});
});
