import { readFileSync } from 'node:fs';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { unusedMaplibreParts, withoutUnusedParts } from './maplibre-css';

const maplibreCss = readFileSync('node_modules/maplibre-gl/dist/maplibre-gl.css', 'utf8');
/** Every class a stylesheet names. */
const classesOf = (css: string) =>
	new Set([...css.replaceAll(/url\([^)]*\)/g, '').matchAll(/\.(maplibregl-[\w-]+)/g)].map((m) => m[1]!));

describe('withoutUnusedParts', () => {
	test('keeps the map, the zoom buttons (forced colours too), the scale and the attribution', () => {
		const trimmed = withoutUnusedParts(maplibreCss, unusedMaplibreParts);
		const kept = classesOf(trimmed);
		for (const used of [
			'maplibregl-map',
			'maplibregl-canvas',
			'maplibregl-ctrl-group',
			'maplibregl-ctrl-zoom-in',
			'maplibregl-ctrl-zoom-out',
			'maplibregl-ctrl-icon',
			'maplibregl-ctrl-scale',
			'maplibregl-ctrl-attrib',
			'maplibregl-ctrl-attrib-button',
			'maplibregl-compact',
			'maplibregl-ctrl-bottom-right',
			'maplibregl-ctrl-bottom-left',
			'maplibregl-boxzoom'
		])
			expect(kept, used).toContain(used);
		// The zoom buttons' icons in Windows' high-contrast mode are kept.
		expect(trimmed).toMatch(/@media\s*\(forced-colors:\s*active\)\{[^@]*maplibregl-ctrl-zoom-in/);
	});

	test('drops every rule of the parts the app never shows, and nothing it did not name', () => {
		const trimmed = withoutUnusedParts(maplibreCss, unusedMaplibreParts);
		const before = classesOf(maplibreCss);
		const after = classesOf(trimmed);
		const dropped = [...before].filter((name) => !after.has(name));
		const ofUnusedPart = (name: string) =>
			unusedMaplibreParts.some((part) => name.startsWith(`maplibregl-${part}`));
		// A class that MapLibre writes only beside an unused part's (`.maplibregl-show` in the
		// cooperative-gesture screen) goes with it; any other class stays.
		const selectors = [...maplibreCss.replaceAll(/url\([^)]*\)/g, '').matchAll(/([^{}]+)\{/g)]
			.flatMap((m) => m[1]!.split(','))
			.filter((selector) => !selector.trim().startsWith('@'));
		const onlyBesideUnused = (name: string) =>
			selectors
				.filter((selector) => new RegExp(`\\.${name}(?![\\w-])`).test(selector))
				.every((selector) => [...classesOf(selector)].some(ofUnusedPart));
		expect(dropped.length).toBeGreaterThan(0);
		expect(dropped.filter((name) => !ofUnusedPart(name) && !onlyBesideUnused(name))).toEqual([]);
		expect([...after].filter(ofUnusedPart)).toEqual([]);
		// What it is for: the first view's stylesheet, compressed as it is sent.
		const brotli = (css: string) => brotliCompressSync(css).byteLength;
		expect(brotli(trimmed)).toBeLessThan(brotli(maplibreCss) / 3);
	});

	test('keeps a selector list apart only at its top-level commas, strings and at-rules intact', () => {
		const css =
			'.a,.maplibregl-popup{x:1}.b:not(.c,.d){y:2}@media (hover:hover){.maplibregl-marker{z:3}}' +
			'@media screen{.e[title="{,}"]{w:4}}@keyframes spin{0%{r:0}to{r:1}}';
		expect(withoutUnusedParts(css, ['popup', 'marker'])).toBe(
			'.a{x:1}.b:not(.c,.d){y:2}@media screen{.e[title="{,}"]{w:4}}@keyframes spin{0%{r:0}to{r:1}}'
		);
		expect(() => withoutUnusedParts('.a{x:1', [])).toThrow(/unbalanced/);
	});
});
