import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built app (`npm run build` first) in Debian's headless Chromium.
 * One file at a time: each starts its own app server and browser, and the first-start
 * import of the real data takes up to about a minute on CI's two cores.
 */
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		pool: 'forks',
		fileParallelism: false,
		maxWorkers: 1,
		testTimeout: 180_000,
		hookTimeout: 180_000,
		teardownTimeout: 60_000
	}
});
