/**
 * Imports the real data once for the whole end-to-end run: starts the built app on an empty data
 * directory, waits for its first-start import and analysis, stops it cleanly, and hands the
 * directory to every test file as a template (`startApp` copies it). Each file then starts in
 * seconds instead of importing for a minute; tests/e2e/first-start.e2e.ts still starts empty.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startApp, waitUntilReady, type RunningApp } from './harness';

declare module 'vitest' {
	export interface ProvidedContext {
		e2eTemplateDataDir: string;
	}
}

export default async function setup(project: TestProject) {
	// An already imported data directory (of this build's migrations) may be given, e.g. when a
	// loaded machine makes the import slow: each file copies it, so it is never changed.
	const given = process.env.E2E_TEMPLATE_DATA_DIR;
	if (given) {
		project.provide('e2eTemplateDataDir', path.resolve(given));
		return;
	}
	const dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-e2e-template-'));
	const started = Date.now();
	const app = await startApp({ dataFrom: 'empty', dataDir });
	try {
		await waitUntilReady(app, Number(process.env.E2E_IMPORT_TIMEOUT_MS ?? 480_000));
		// Then the work a ready app does once in the background and keeps in the data directory
		// (the tile snapshot, the stored candidates): left undone, every file's app would redo it
		// at its start (half a minute of CPU each, beside the tests).
		await waitForOutput(app, /OGC API: extents found|Finding the OGC extents failed/, 300_000);
	} finally {
		await app.stop();
	}
	console.log(`E2E template data imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	project.provide('e2eTemplateDataDir', dataDir);
	return async () => {
		await rm(dataDir, { recursive: true, force: true });
	};
}

/** Waits until the app has written a line matching `line`; fails with its output after `timeoutMs`. */
async function waitForOutput(app: RunningApp, line: RegExp, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!line.test(app.output())) {
		if (Date.now() > deadline)
			throw new Error(`the app did not log ${line} within ${timeoutMs} ms:\n${app.output()}`);
		await sleep(500);
	}
}
