/**
 * What the offline filing test (offline-report.e2e.ts) and its benchmark (bench:offline) share:
 * a TCP relay that cuts the network, field photos of a given size, and an app whose approved
 * zone has a monthly report due.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { openPGlite, openPostgres, type Database } from '../../src/lib/server/db/database';
import { runProgressReportSchedule } from '../../src/lib/server/plans/progress-report.service';
import { jpegWithGps } from '../fixtures/photos';
import { templateNames, testDatabaseUrl, testRoles } from '../setup/test-database';
import { freePort, logInThroughForm, startApp, waitUntilReady, type RunningApp } from './harness';
import { httpClient, type HttpClient } from './http-client';
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
	/** Stops the app and the relay and removes the data (directory or database). */
	close(): Promise<void>;
}

/**
 * The PostgreSQL server of the e2e run (CI sets it to the test cluster's superuser; see
 * .ci/run), or undefined: the embedded engine only.
 */
export const e2eDatabaseUrl = process.env.E2E_DATABASE_URL || undefined;

/** A database of its own, copied from the unit tests' imported template on the same cluster. */
async function postgresCopy(
	serverUrl: string
): Promise<{ appUrl: string; ownerUrl: string; drop(): Promise<void> }> {
	const name = `sedz_e2e_${process.pid}_${Date.now()}`;
	const admin = await openPostgres(serverUrl, 1);
	try {
		const template =
			await sql`SELECT 1 FROM pg_database WHERE datname = ${templateNames.imported}`.execute(
				admin.db
			);
		if (template.rows.length === 0)
			throw new Error(
				`${templateNames.imported} is missing on ${serverUrl}: run the unit tests on PostgreSQL first (tests/setup/global-setup.ts makes it)`
			);
		await sql`CREATE DATABASE ${sql.id(name)} TEMPLATE ${sql.id(templateNames.imported)}
			OWNER ${sql.id(testRoles.owner)}`.execute(admin.db);
	} finally {
		await admin.close();
	}
	return {
		appUrl: testDatabaseUrl(serverUrl, name, 'app'),
		ownerUrl: testDatabaseUrl(serverUrl, name, 'owner'),
		drop: async () => {
			const cleanup = await openPostgres(serverUrl, 1);
			await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(cleanup.db);
			await cleanup.close();
		}
	};
}

/**
 * The app (demo mode) behind a relay with an approved zone of อบต.ดูนสาด whose December report
 * is due (the report schedule run as it would on 5 January; see plan-pages.e2e.ts). Embedded: a
 * copy of `template` (or empty), the app stopped while the schedule runs on its directory.
 * PostgreSQL: a copy of the unit tests' imported template on `e2eDatabaseUrl`'s cluster, the app
 * connected as the least-privileged app role.
 */
export async function appWithDueReport(
	template: string | undefined,
	engine: 'pglite' | 'postgres' = 'pglite'
): Promise<AppWithDueReport> {
	const relay = await relayOn(await freePort());
	if (engine === 'postgres') {
		if (!e2eDatabaseUrl) throw new Error('E2E_DATABASE_URL is not set');
		const database = await postgresCopy(e2eDatabaseUrl);
		const app = await startApp({
			env: {
				DEMO_MODE: 'true',
				ORIGIN: relay.url,
				// As a least-privilege deployment runs (README, "Security notes").
				DATABASE_URL: database.appUrl,
				DATABASE_OWNER_URL: database.ownerUrl
			}
		});
		await waitUntilReady(app, 600_000);
		relay.target = app.port;
		const http = httpClient(relay.url);
		const zone = await approvedZone(http);
		const period = await decemberReportsDue(await openPostgres(database.appUrl, 1));
		return {
			app,
			relay,
			http,
			zone,
			period,
			close: async () => {
				await relay.close();
				await app.stop();
				await database.drop();
			}
		};
	}
	const dataDir = await mkdtemp(path.join(tmpdir(), 'sedz-offline-'));
	if (template) await cp(template, dataDir, { recursive: true });
	const env = { DEMO_MODE: 'true', ORIGIN: relay.url };
	let app = await startApp({ env, dataDir });
	await waitUntilReady(app, 600_000);
	relay.target = app.port;
	const http = httpClient(relay.url);
	const zone = await approvedZone(http);
	await app.stop();
	const period = await decemberReportsDue(await openPGlite(dataDir));
	app = await startApp({ env, dataDir });
	await waitUntilReady(app);
	relay.target = app.port;
	const running = app;
	return {
		app,
		relay,
		http,
		zone,
		period,
		close: async () => {
			await relay.close();
			await running.stop();
			await rm(dataDir, { recursive: true, force: true });
		}
	};
}

/** December's reports, made as the app makes them on 5 January; closes `database`. */
async function decemberReportsDue(database: Database): Promise<string> {
	try {
		const { period } = await runProgressReportSchedule(database.db, {
			now: new Date('2027-01-05T03:00:00Z')
		});
		return period;
	} finally {
		await database.close();
	}
}

/** The zone of อบต.ดูนสาด, drafted, submitted and approved (readiness rules off). */
async function approvedZone(http: HttpClient): Promise<MadeZone> {
	await turnReadinessRulesOff(http);
	return approvedZoneOfLaos(
		http,
		{
			planner: await http.logInAs('planner.th40'),
			governor: await http.logInAs('governor.th40')
		},
		{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบรายงานนอกเครือข่าย' }
	);
}

/** The LAO officer, logged in through the relay, on the report form with its worker ready. */
export async function officerOnForm(page: Page, relay: Relay, reportPath: string) {
	await logInThroughForm(page, relay.url, 'lao.6400906', { to: reportPath });
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
