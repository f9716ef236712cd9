import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built app (`npm run build` first) in Debian's headless Chromium.
 * Two files at a time (each starts its own app server on a free port and its own browser, so
 * they share nothing; much of a file's time is waiting for the app and the pages, so two overlap
 * well on two cores: 440 s → 370 s for the whole suite). The global setup imports the
 * real data once (about a minute on CI's two cores); each app starts from a copy of it.
 */
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.e2e.ts'],
		globalSetup: ['tests/e2e/global-setup.ts'],
		environment: 'node',
		// A poll waits for what a page does after a click (a form post, a fetch, a redraw): on CI's
		// two busy cores that is often more than vitest's default second.
		expect: { requireAssertions: true, poll: { timeout: 15_000, interval: 100 } },
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2,
		testTimeout: 180_000,
		hookTimeout: 180_000,
		teardownTimeout: 60_000
	}
});
