/**
 * The first view of the public map loads only the `firstView` message bundle in the browser
 * (`bundles.ts`). A key of another bundle used there would show as its identifier and log an
 * error. This follows every module the first view's routes import (the browser's side only) and
 * checks that each message key written in them, or built from a written prefix (`phase_${p}`),
 * is in the first view's bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { th as firstView } from './messages/th/first-view';
import { th as pages } from './messages/th/pages';

const src = path.resolve('src');
/** The root layout, the error page and `/` (route `/(public)`): `bundlesOfRoute`. */
const entries = ['routes/+layout.svelte', 'routes/+error.svelte', 'routes/(public)/+page.svelte'];

function resolveImport(specifier: string, importer: string): string | undefined {
	let base: string;
	if (specifier.startsWith('$lib/')) base = path.join(src, 'lib', specifier.slice(5));
	else if (specifier.startsWith('.')) base = path.resolve(path.dirname(importer), specifier);
	else return undefined; // a package: no message keys of ours
	// The server's modules never reach the browser; the message files are what is checked.
	if (base.includes(`${path.sep}server${path.sep}`) || base.endsWith(`${path.sep}server`)) return;
	if (base.includes(`${path.sep}i18n${path.sep}messages`)) return undefined;
	return [base, `${base}.ts`, `${base}.svelte.ts`, path.join(base, 'index.ts'), `${base}.js`].find(
		(file) => existsSync(file) && !file.endsWith('.css') && /\.(ts|js|svelte)$/.test(file)
	);
}

/** Every source file the first view's routes reach through static and dynamic imports. */
function firstViewFiles(): string[] {
	const seen = new Set<string>();
	const queue = entries.map((entry) => path.join(src, entry));
	const importPattern = /(?:from\s*|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g;
	while (queue.length > 0) {
		const file = queue.pop()!;
		if (seen.has(file)) continue;
		seen.add(file);
		for (const [, specifier] of readFileSync(file, 'utf8').matchAll(importPattern)) {
			const target = resolveImport(specifier!, file);
			if (target) queue.push(target);
		}
	}
	return [...seen];
}

const allKeys = [...Object.keys(firstView), ...Object.keys(pages)];
const firstViewKeys = new Set(Object.keys(firstView));

/** The message keys a file names: as string literals, or as a literal prefix of a built key. */
function keysUsedIn(source: string): string[] {
	const used = new Set<string>();
	for (const [, word] of source.matchAll(/['"`](\w+)['"`]/g))
		if (allKeys.includes(word!)) used.add(word!);
	for (const [, prefix] of source.matchAll(/`(\w+)\$\{/g))
		for (const key of allKeys) if (key.startsWith(prefix!)) used.add(key);
	return [...used];
}

describe('the first view of the public map', () => {
	test('uses only messages of its own bundle', () => {
		const files = firstViewFiles();
		// The walk reached the map and its panels, not just the entry files.
		expect(files.some((file) => file.endsWith('MapMount.svelte'))).toBe(true);
		expect(files.length).toBeGreaterThan(20);
		const outside = files.flatMap((file) =>
			keysUsedIn(readFileSync(file, 'utf8'))
				.filter((key) => !firstViewKeys.has(key))
				.map((key) => `${key} in ${path.relative(src, file)}`)
		);
		expect(outside).toEqual([]);
	});

	test('the check sees a key of the other bundle', () => {
		const other = Object.keys(pages)[0]!;
		expect(keysUsedIn(`t('${other}')`)).toEqual([other]);
		expect(keysUsedIn('t(`phase_${phase}`)').length).toBeGreaterThan(1);
	});
});
