import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
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
