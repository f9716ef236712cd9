import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { cachedJson, cachedValue, clearCachedAnswers } from './cached-answer';

const request = (headers: Record<string, string> = {}) =>
	new Request('http://sedz.test/ogc/collections/zones/items', { headers });

const big = (label: string) => ({ label, rows: Array.from({ length: 200 }, (_, i) => ({ i })) });

describe('cached JSON answers', () => {
	beforeEach(() => clearCachedAnswers());

	it('builds once per key and version, and again when the version changes', async () => {
		let builds = 0;
		const build = async () => {
			builds += 1;
			return big(`build ${builds}`);
		};
		const answers = await Promise.all(
			Array.from({ length: 10 }, () => cachedJson(request(), { key: 'k', version: 'v1' }, build))
		);
		expect(builds).toBe(1);
		const bodies = await Promise.all(answers.map((a) => a.json()));
		expect(new Set(bodies.map((b: { label: string }) => b.label))).toEqual(new Set(['build 1']));
		const again = await cachedJson(request(), { key: 'k', version: 'v2' }, build);
		expect(((await again.json()) as { label: string }).label).toBe('build 2');
		expect(again.headers.get('etag')).toMatch(/^"[^"]+"$/);
		expect(again.headers.get('etag')).not.toBe(answers[0]!.headers.get('etag'));
	});

	it('answers 304 to a matching If-None-Match, and gzip only when accepted', async () => {
		const first = await cachedJson(request(), { key: 'k', version: 'v1' }, async () => big('a'), {
			'content-type': 'application/geo+json'
		});
		const etag = first.headers.get('etag')!;
		expect(first.headers.get('content-type')).toBe('application/geo+json');
		expect(first.headers.get('content-encoding')).toBeNull();
		const unchanged = await cachedJson(
			request({ 'if-none-match': etag }),
			{ key: 'k', version: 'v1' },
			async () => big('never built')
		);
		expect(unchanged.status).toBe(304);
		const zipped = await cachedJson(
			request({ 'accept-encoding': 'gzip, br' }),
			{ key: 'k', version: 'v1' },
			async () => big('never built')
		);
		expect(zipped.headers.get('content-encoding')).toBe('gzip');
		const text = gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString();
		expect((JSON.parse(text) as { label: string }).label).toBe('a');
	});

	it('caches nothing when the build fails', async () => {
		await expect(
			cachedJson(request(), { key: 'k', version: 'v1' }, () => Promise.reject(new Error('no')))
		).rejects.toThrow('no');
		const answer = await cachedJson(request(), { key: 'k', version: 'v1' }, async () => big('ok'));
		expect(((await answer.json()) as { label: string }).label).toBe('ok');
	});

	it('keeps a value per key until its version changes, and not after a failure', async () => {
		let builds = 0;
		const build = async () => ++builds;
		expect(await Promise.all([1, 2, 3].map(() => cachedValue('v', 'a', build)))).toEqual([1, 1, 1]);
		expect(await cachedValue('v', 'b', build)).toBe(2);
		await expect(cachedValue('w', 'a', () => Promise.reject(new Error('no')))).rejects.toThrow();
		expect(await cachedValue('w', 'a', build)).toBe(3);
	});
});
