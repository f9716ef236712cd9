import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		include: ['src/**/*.spec.ts', 'db/**/*.spec.ts'],
		globalSetup: ['tests/setup/global-setup.ts'],
		// Each test file opens its own copy of the imported database; PGlite is
		// single-threaded WASM, so two workers keep both cores busy without thrashing.
		pool: 'forks',
		maxWorkers: 2,
		testTimeout: 120_000,
		hookTimeout: 300_000
	}
});
