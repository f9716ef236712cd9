/**
 * What the offline filing test (offline-report.e2e.ts) and its benchmark (bench:offline) share:
 * a TCP relay that cuts the network, field photos of a given size, and an app whose approved
 * zone has a monthly report due.
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openPGlite } from '../../src/lib/server/db/database';
import { runProgressReportSchedule } from '../../src/lib/server/plans/progress-report.service';
import { jpegWithGps } from '../fixtures/photos';
import { freePort, startApp, waitUntilReady, type RunningApp } from './harness';
import { demoPassword, httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, turnReadinessRulesOff, type MadeZone } from './zone-setup';

/** A TCP relay to the app that can refuse every connection, as a lost network does. */
export interface Relay {
	url: string;
	/** The app's port (it changes when the app is started again). */
	target: number;
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export async function relayOn(port: number): Promise<Relay> {
	let open = true;
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		if (!open) {
			client.destroy();
			return;
		}
		const upstream = connect(relay.target, '127.0.0.1');
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => s.destroy());
		}
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	const relay: Relay = {
		url: `http://127.0.0.1:${port}`,
		target: 0,
		cut() {
			open = false;
			for (const s of sockets) s.destroy();
		},
		restore() {
			open = true;
		},
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
	return relay;
}

/** "The network is cut": Chromium's offline mode and the relay refusing every connection. */
export async function goOffline(page: Page, relay: Relay) {
	relay.cut();
	await page.context().setOffline(true);
}
export async function goOnline(page: Page, relay: Relay) {
	relay.restore();
	await page.context().setOffline(false);
}

/** A real JPEG (a point and a time in its EXIF) padded to `bytes` with comment segments. */
export function photoOfSize(bytes: number, n: number): Buffer {
	const photo = jpegWithGps({
		longitude: 103.07 + n / 1000,
		latitude: 16.71,
		takenAt: '2026:12:20 09:30:00'
	});
	const segments: Buffer[] = [];
	for (let left = bytes - photo.length; left > 4; left -= 65_537) {
		const payload = Math.min(65_533, left - 4);
		const segment = Buffer.alloc(payload + 4, 0x20);
		segment.set([0xff, 0xfe, (payload + 2) >> 8, (payload + 2) & 0xff]);
		segments.push(segment);
	}
	// After SOI (2 bytes): comments are allowed anywhere before the scan.
	return Buffer.concat([
		Buffer.from(photo.subarray(0, 2)),
		...segments,
		Buffer.from(photo.subarray(2))
	]);
}

export interface AppWithDueReport {
	app: RunningApp;
	relay: Relay;
	/** Through the relay (the app's origin), for log-ins and set-up while the network is up. */
	http: HttpClient;
	zone: MadeZone;
	period: string;
	dataDir: string;
}

/**
 * The app (demo mode) behind a relay, on a copy of `template` (or empty), with an approved zone
 * of อบต.ดูนสาด whose December report is due: the app is stopped while the report schedule runs
 * as it would on 5 January (see plan-pages.e2e.ts), then started again.
 */
export async function appWithDueReport(template: string | undefined): Promise<AppWithDueReport> {
	const dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-offline-'));
	if (template) await cp(template, dataDir, { recursive: true });
	const relay = await relayOn(await freePort());
	const env = { DEMO_MODE: 'true', ORIGIN: relay.url };
	let app = await startApp({ env, dataDir });
	await waitUntilReady(app, 600_000);
	relay.target = app.port;
	const http = httpClient(relay.url);
	await turnReadinessRulesOff(http);
	const zone = await approvedZoneOfLaos(
		http,
		{
			planner: await http.logInAs('planner.th40'),
			governor: await http.logInAs('governor.th40')
		},
		{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบรายงานนอกเครือข่าย' }
	);
	await app.stop();
	const database = await openPGlite(dataDir);
	let period: string;
	try {
		({ period } = await runProgressReportSchedule(database.db, {
			now: new Date('2027-01-05T03:00:00Z')
		}));
	} finally {
		await database.close();
	}
	app = await startApp({ env, dataDir });
	await waitUntilReady(app);
	relay.target = app.port;
	return { app, relay, http, zone, period, dataDir };
}

/** The LAO officer, logged in through the relay, on the report form with its worker ready. */
export async function officerOnForm(page: Page, relay: Relay, reportPath: string) {
	await page.goto(`${relay.url}/login?redirectTo=${encodeURIComponent(reportPath)}`);
	await page.locator('#username').fill('lao.6400906');
	await page.locator('#password').fill(demoPassword);
	await Promise.all([
		page.waitForURL((url) => url.pathname === reportPath, { timeout: 30_000 }),
		page.locator('main form[method="POST"] button').first().click()
	]);
	await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 30_000 });
	await page.waitForSelector('[data-testid="offline-report"][data-kept="yes"]', {
		state: 'attached',
		timeout: 60_000
	});
}

/** Three upload rows of the report form, each with one field photo of `bytes`. */
export async function attachPhotos(page: Page, bytes: number) {
	for (const n of [0, 1, 2])
		await page.locator(`[id="file.${n}"]`).setInputFiles({
			name: `ภาพหน้างาน-${n + 1}.jpg`,
			mimeType: 'image/jpeg',
			buffer: photoOfSize(bytes, n)
		});
}
