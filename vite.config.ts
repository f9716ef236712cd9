import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { firstViewChunks } from './src/build/first-view-chunks';
import { unusedMaplibreParts, withoutUnusedParts } from './src/build/maplibre-css';

const chunks = firstViewChunks();

/** MapLibre's stylesheet without the controls the app never shows (`src/build/maplibre-css.ts`). */
const maplibreCss: Plugin = {
	name: 'sedz:maplibre-css',
	enforce: 'pre',
	transform(code, id) {
		if (!/[\\/]maplibre-gl[\\/]dist[\\/]maplibre-gl\.css$/.test(id)) return;
		return { code: withoutUnusedParts(code, unusedMaplibreParts), map: null };
	}
};

export default defineConfig({
	plugins: [maplibreCss, sveltekit(), chunks.plugin],
	// The server bundle carries these packages inside it instead of loading them from node_modules
	// at start: Node's ESM loader resolved and read over 1,300 of their files one by one, 200 ms of
	// every start (issue 19 item 2: the restart). Pure JavaScript, nothing read beside them at run
	// time. Not under vitest, which runs the sources.
	ssr: { noExternal: process.env.VITEST ? [] : ['kysely', 'zod', /^@turf\//] },
	build: {
		rolldownOptions: { output: { codeSplitting: { groups: chunks.groups } } }
	},
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.spec.ts'],
		// Engine-specific specs run only against their engine (TEST_DATABASE_URL picks PostgreSQL).
		exclude: [
			'**/node_modules/**',
			process.env.TEST_DATABASE_URL ? 'src/**/*.pglite.spec.ts' : 'src/**/*.postgres.spec.ts'
		],
		globalSetup: ['tests/setup/global-setup.ts'],
		// Each test file opens its own copy of the imported database; PGlite is
		// single-threaded WASM, so two workers keep both cores busy without thrashing.
		pool: 'forks',
		maxWorkers: 2,
		testTimeout: 120_000,
		hookTimeout: 300_000
	}
});
