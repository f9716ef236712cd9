/**
 * npm run test:crash — kill -9 the built app (embedded PGlite) at random moments and start it
 * again at once, as a supervisor would, CRASH_TRIALS times (default 50):
 *
 *   - first start (CRASH_FIRST_START_TRIALS, default 5): a fresh data directory each, killed
 *     0–4 s after spawn, while it creates and migrates the database; it must come back and go on
 *     to import;
 *   - import (CRASH_IMPORT_TRIALS, default 5): one data directory, killed at a random moment of
 *     its first-start import, each restart the next victim; after the last, the import must
 *     finish (`ready`);
 *   - saves (the rest): zones created over HTTP by the demo planner, 4 at a time, each 201
 *     recorded; killed 0–3 s after the trial's first acknowledged save; after the restart every
 *     acknowledged zone so far, of every trial, must be there with its name.
 *
 * "Came back": the restarted process stays up and its /status.json reaches the state named above
 * within CRASH_COMEBACK_S (default 300 s). Prints one line per trial, the restart times and the
 * load average, then "N/N came back, M acknowledged saves, all present" or the failures, and
 * exits 1 on any failure. Needs `npm run build` and the data in ../shared/geodata (GEODATA_DIR).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const trials = Number(process.env.CRASH_TRIALS ?? 50);
const firstStartTrials = Number(process.env.CRASH_FIRST_START_TRIALS ?? 5);
const importTrials = Number(process.env.CRASH_IMPORT_TRIALS ?? 5);
const saveTrials = trials - firstStartTrials - importTrials;
const comebackMs = Number(process.env.CRASH_COMEBACK_S ?? 300) * 1000;
/** The whole first-start import of the real data, on a loaded machine. */
const importMs = Number(process.env.CRASH_IMPORT_TIMEOUT_S ?? 900) * 1000;
const entry = path.resolve(process.env.CRASH_APP_ENTRY ?? 'server.js');
const geodataDir = path.resolve(process.env.GEODATA_DIR ?? '../shared/geodata');
const demoPassword = 'sedz-demo-password';
const planner = 'planner.th40';

if (saveTrials < 0)
	throw new Error('CRASH_TRIALS is smaller than the first-start and import trials');
if (!fs.existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first`);
if (!fs.existsSync(geodataDir)) throw new Error(`no data at ${geodataDir}: set GEODATA_DIR`);

const random = (min: number, max: number) => min + Math.random() * (max - min);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

interface App {
	child: ChildProcess;
	spawnedAt: number;
	/** Set once the process has ended: how. */
	exit?: string;
	output: string[];
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sedz-crash-'));
const apps = new Set<App>();
process.once('exit', () => {
	for (const app of apps) app.child.kill('SIGKILL');
});

function spawnApp(dataDir: string, port: number): App {
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [entry], {
		env: {
			...process.env,
			DATABASE_URL: '',
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			DATA_DIR: dataDir,
			GEODATA_DIR: geodataDir,
			DEMO_MODE: 'true',
			// Every save the same small square: no size or overlap refusal may stand in the way.
			ZONE_MIN_AREA_KM2: '0',
			ZONE_OVERLAP_MAX_HA: '1000000'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const app: App = { child, spawnedAt: Date.now(), output: [] };
	apps.add(app);
	const keep = (chunk: Buffer) => {
		app.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
		if (app.output.length > 200) app.output.splice(0, app.output.length - 200);
	};
	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	child.on('exit', (code, signal) => {
		app.exit = signal ? `signal ${signal}` : `exit code ${code}`;
		apps.delete(app);
	});
	return app;
}

async function killHard(app: App): Promise<void> {
	if (app.exit) return;
	const gone = new Promise((resolve) => app.child.once('exit', resolve));
	app.child.kill('SIGKILL');
	await gone;
}

interface Status {
	state: string;
	percent: number;
	phase: string;
}

async function status(port: number): Promise<Status | undefined> {
	try {
		const response = await fetch(`http://127.0.0.1:${port}/status.json`, {
			signal: AbortSignal.timeout(10_000)
		});
		return (await response.json()) as Status;
	} catch {
		return undefined;
	}
}

/** Polls until `wanted` holds; the reason it did not otherwise. */
async function waitFor(
	app: App,
	port: number,
	wanted: (s: Status) => boolean,
	timeoutMs: number
): Promise<{ ok: true; status: Status } | { ok: false; why: string }> {
	const deadline = Date.now() + timeoutMs;
	let last: Status | undefined;
	while (Date.now() < deadline) {
		if (app.exit) return { ok: false, why: `the process ended (${app.exit})` };
		last = (await status(port)) ?? last;
		if (last?.state === 'failed') return { ok: false, why: `it reports ${JSON.stringify(last)}` };
		if (last && wanted(last)) return { ok: true, status: last };
		await sleep(200);
	}
	return {
		ok: false,
		why: `not within ${seconds(timeoutMs)} (last status ${JSON.stringify(last)})`
	};
}

const failures: string[] = [];
const restartTimes: number[] = [];
let trialNumber = 0;
let cameBack = 0;

function report(kind: string, ok: boolean, detail: string) {
	trialNumber += 1;
	const line = `trial ${String(trialNumber).padStart(2)}/${trials} ${kind.padEnd(11)} ${ok ? 'came back' : 'FAILED   '}  ${detail}`;
	console.log(line);
	if (ok) cameBack += 1;
	else failures.push(line);
}

function lastOutput(app: App): string {
	return app.output
		.slice(-15)
		.map((l) => `      | ${l}`)
		.join('\n');
}

const openedDatabase = (s: Status) => s.state === 'importing' || s.state === 'ready';

// ---- 1. First start: killed while creating and migrating a fresh database.
async function firstStartTrial(index: number) {
	const dataDir = path.join(scratch, `first-start-${index}`);
	const port = await freePort();
	const victim = spawnApp(dataDir, port);
	const killAfter = random(0, 4000);
	await sleep(killAfter);
	const before = (await status(port))?.phase ?? 'not answering yet';
	await killHard(victim);
	const restarted = spawnApp(dataDir, port);
	const back = await waitFor(restarted, port, openedDatabase, comebackMs);
	if (back.ok) restartTimes.push(Date.now() - restarted.spawnedAt);
	report(
		'first start',
		back.ok,
		`killed ${seconds(killAfter)} after spawn (${before}); ` +
			(back.ok
				? `restarted to "${back.status.phase}" in ${seconds(Date.now() - restarted.spawnedAt)}`
				: `${back.why}\n${lastOutput(restarted)}`)
	);
	await killHard(restarted);
	fs.rmSync(dataDir, { recursive: true, force: true });
}

// ---- 2. The first-start import: killed at random moments, each restart the next victim.
const mainDir = path.join(scratch, 'main');
const mainPort = await freePort();
let current: App | undefined;

async function importTrial() {
	const victim = current!;
	const importing = await waitFor(victim, mainPort, (s) => s.state === 'importing', comebackMs);
	if (!importing.ok) {
		report('import', false, `never importing before the kill: ${importing.why}`);
		return;
	}
	const killAfter = random(500, 20_000);
	await sleep(killAfter);
	const at = await status(mainPort);
	await killHard(victim);
	current = spawnApp(mainDir, mainPort);
	const back = await waitFor(current, mainPort, openedDatabase, comebackMs);
	if (back.ok) restartTimes.push(Date.now() - current.spawnedAt);
	report(
		'import',
		back.ok,
		`killed at ${at ? `${at.percent} % ${at.phase}` : 'no answer (busy)'}; ` +
			(back.ok
				? `restarted to "${back.status.phase}" in ${seconds(Date.now() - current.spawnedAt)}`
				: `${back.why}\n${lastOutput(current)}`)
	);
}

// ---- 3. Saves: every 201 is a promise that the zone is there after any crash.
const acknowledged = new Map<number, string>();
let cookie: string | undefined;

async function logIn(port: number): Promise<string> {
	const url = `http://127.0.0.1:${port}`;
	const response = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username: planner, password: demoPassword })
	});
	await response.body?.cancel();
	const line = response.headers.getSetCookie().find((l) => l.startsWith('sedz_session='));
	if (response.status !== 303 || !line) throw new Error(`log-in answered ${response.status}`);
	return line.split(';')[0]!;
}

/** A small square inside ขอนแก่น (about 0.1 km²). */
const square = {
	type: 'Polygon',
	coordinates: [
		[
			[102.6, 16.35],
			[102.603, 16.35],
			[102.603, 16.353],
			[102.6, 16.353],
			[102.6, 16.35]
		]
	]
};

async function saveZones(port: number, trial: number, stop: { now: boolean }) {
	const url = `http://127.0.0.1:${port}`;
	let n = 0;
	let refused = 0;
	const worker = async () => {
		while (!stop.now) {
			const name = `crash ${trial}-${++n}`;
			try {
				const response = await fetch(`${url}/api/zones`, {
					method: 'POST',
					headers: { origin: url, 'content-type': 'application/json', cookie: cookie! },
					body: JSON.stringify({
						provinceCode: 'TH40',
						baseRevisionId: null,
						attributes: {
							name,
							description: 'kill -9 trial',
							objectives: '',
							objectiveTags: [],
							partners: [{ sector: 'people', name: 'วิสาหกิจชุมชนทดสอบ' }]
						},
						geometry: square,
						geometrySource: 'drawn'
					})
				});
				const body = (await response.json()) as { zone?: { id: number } };
				if (response.status === 201 && body.zone) acknowledged.set(body.zone.id, name);
				else refused += 1;
			} catch {
				// The connection died with the process: not acknowledged, so nothing is promised.
				return;
			}
		}
	};
	await Promise.all([worker(), worker(), worker(), worker()]);
	return { sent: n, refused };
}

/** Every acknowledged zone, of this trial and every earlier one, as the planner sees them. */
async function missingSaves(port: number): Promise<string[]> {
	const url = `http://127.0.0.1:${port}`;
	const response = await fetch(`${url}/api/zones?province=TH40`, { headers: { cookie: cookie! } });
	if (response.status !== 200) return [`the zone list answered ${response.status}`];
	const { zones } = (await response.json()) as {
		zones: { id: number; currentRevision?: { name: string } | null }[];
	};
	const found = new Map(zones.map((z) => [z.id, z.currentRevision?.name]));
	return [...acknowledged]
		.filter(([id, name]) => found.get(id) !== name)
		.map(
			([id, name]) =>
				`zone ${id} "${name}" (${found.has(id) ? `named "${found.get(id)}"` : 'missing'})`
		);
}

async function saveTrial(trial: number) {
	const victim = current!;
	const ready = await waitFor(victim, mainPort, (s) => s.state === 'ready', comebackMs);
	if (!ready.ok) {
		report('saves', false, `not ready before the kill: ${ready.why}`);
		return;
	}
	// The session survives restarts (it is in the database); a new one only when it did not.
	if (
		!cookie ||
		(await fetch(`http://127.0.0.1:${mainPort}/api/zones?province=TH40`, { headers: { cookie } }))
			.status !== 200
	)
		cookie = await logIn(mainPort);
	const ackedBefore = acknowledged.size;
	const stop = { now: false };
	const saving = saveZones(mainPort, trial, stop);
	// Killed 0–3 s after the first save of the trial is acknowledged (a save takes seconds on a
	// loaded machine: a kill at a fixed time could come before any answer), or after 2 minutes.
	const waitStarted = Date.now();
	while (acknowledged.size === ackedBefore && Date.now() - waitStarted < 120_000) await sleep(50);
	const killAfter = Date.now() - waitStarted + random(0, 3000);
	await sleep(killAfter - (Date.now() - waitStarted));
	await killHard(victim);
	stop.now = true;
	const { sent, refused } = await saving;
	current = spawnApp(mainDir, mainPort);
	const back = await waitFor(current, mainPort, (s) => s.state === 'ready', comebackMs);
	if (!back.ok) {
		report('saves', false, `${back.why}\n${lastOutput(current)}`);
		return;
	}
	restartTimes.push(Date.now() - current.spawnedAt);
	const missing = await missingSaves(mainPort);
	report(
		'saves',
		missing.length === 0,
		`killed ${seconds(killAfter)} into saving: ${sent} sent, ${acknowledged.size - ackedBefore} acknowledged` +
			(refused ? `, ${refused} refused` : '') +
			`; ready again in ${seconds(Date.now() - current.spawnedAt)}; ` +
			(missing.length === 0
				? `all ${acknowledged.size} acknowledged so far present`
				: `MISSING: ${missing.join(', ')}`)
	);
}

const started = Date.now();
console.log(
	`kill -9 trials on ${entry}: ${firstStartTrials} first start, ${importTrials} import, ${saveTrials} saves; ` +
		`${os.cpus().length} cores, load average ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
);
try {
	for (let i = 0; i < firstStartTrials; i++) await firstStartTrial(i);

	current = spawnApp(mainDir, mainPort);
	for (let i = 0; i < importTrials; i++) await importTrial();
	const imported = await waitFor(current, mainPort, (s) => s.state === 'ready', importMs);
	console.log(
		imported.ok
			? `the interrupted import finished: ready ${seconds(Date.now() - current.spawnedAt)} after the last restart`
			: `the import did not finish after the kills: ${imported.why}\n${lastOutput(current)}`
	);
	if (!imported.ok) failures.push('the import did not finish after the kills');

	for (let i = 0; i < saveTrials && imported.ok; i++) await saveTrial(i + 1);
} finally {
	for (const app of [...apps]) await killHard(app);
	fs.rmSync(scratch, { recursive: true, force: true });
}

const sorted = [...restartTimes].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(
	`restart to "came back": median ${seconds(median)}, max ${seconds(sorted.at(-1) ?? 0)}; ` +
		`whole run ${seconds(Date.now() - started)}; load average ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`
);
const savesLine = `${acknowledged.size} acknowledged saves`;
if (trialNumber < trials) failures.push(`only ${trialNumber} of ${trials} trials ran`);
if (failures.length === 0) {
	console.log(`${cameBack}/${trials} came back, ${savesLine}, all present`);
} else {
	console.log(`${cameBack}/${trials} came back, ${savesLine}; failures:\n${failures.join('\n')}`);
	process.exitCode = 1;
}
