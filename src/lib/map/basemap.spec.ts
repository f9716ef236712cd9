import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { startingStyle, withBasemap, type Basemap } from './basemap';
import { buildMapStyle } from './map-style';

const own = buildMapStyle('http://app.test', 'th', 'ที่มา: กรมส่งเสริมการปกครองท้องถิ่น');
const raster: Basemap = {
	kind: 'raster',
	tiles: ['http://tiles.test/{z}/{x}/{y}.png'],
	attribution: '© OpenStreetMap contributors',
	maxzoom: 19
};
const vector: StyleSpecification = {
	version: 8,
	glyphs: 'http://tiles.test/fonts/{fontstack}/{range}.pbf',
	sources: { lao: { type: 'vector', url: 'http://tiles.test/tiles.json' } },
	layers: [
		{ id: 'background', type: 'background', paint: { 'background-color': '#eee' } },
		{ id: 'water', type: 'fill', source: 'lao', 'source-layer': 'water' }
	]
};

describe('withBasemap', () => {
	it('is the app’s own style, unchanged, with no basemap', () => {
		expect(withBasemap(own, null)).toBe(own);
	});

	it('puts a raster basemap first, with its attribution, and clears the app’s sea and land', () => {
		const style = withBasemap(own, raster);
		expect(style.layers[0]).toEqual({ id: 'basemap', type: 'raster', source: 'basemap' });
		expect(style.sources.basemap).toMatchObject({
			type: 'raster',
			tiles: raster.tiles,
			attribution: raster.attribution,
			maxzoom: 19
		});
		const paint = (id: string) => style.layers.find((l) => l.id === id)?.paint;
		expect(paint('sea')).toMatchObject({ 'background-opacity': 0 });
		expect(paint('province-fill')).toMatchObject({ 'fill-opacity': 0 });
		// Every other layer of the app is kept, in its order, over the basemap.
		expect(style.layers.slice(1).map((l) => l.id)).toEqual(own.layers.map((l) => l.id));
	});

	it('draws a style basemap under the app’s layers, its source ids kept apart from the app’s', () => {
		const style = withBasemap(own, { kind: 'style', url: 'http://tiles.test/style.json' }, vector);
		expect(style.layers.slice(0, 2).map((l) => [l.id, 'source' in l ? l.source : null])).toEqual([
			['basemap-background', null],
			['basemap-water', 'basemap-lao']
		]);
		// The app's own `lao` source is still the app's tiles, not the basemap's.
		expect(style.sources.lao).toEqual(own.sources.lao);
		expect(style.sources['basemap-lao']).toEqual(vector.sources.lao);
		expect(style.glyphs).toBe(vector.glyphs);
	});
});

describe('startingStyle', () => {
	const styleBasemap: Basemap = { kind: 'style', url: 'http://tiles.test/style.json' };
	const answering = (body: unknown, status = 200) =>
		(async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

	it('fetches a style basemap and draws under it', async () => {
		const style = await startingStyle(own, styleBasemap, answering(vector));
		expect(style.layers[0]!.id).toBe('basemap-background');
	});

	it('starts without the basemap when its style cannot be read or is not a style', async () => {
		expect(await startingStyle(own, styleBasemap, answering({}, 404))).toBe(own);
		expect(await startingStyle(own, styleBasemap, answering({ version: 7 }))).toBe(own);
		const failing = (async () => {
			throw new TypeError('fetch failed');
		}) as typeof fetch;
		expect(await startingStyle(own, styleBasemap, failing)).toBe(own);
	});
});
