/**
 * Zone plans and monthly progress reports over HTTP (issue 16), against the built app: every
 * demo account (and the public) × every plan and report action, in the style of
 * `workflow-permissions.e2e.ts`. Plain requests, no page: every refusal must come from the
 * server.
 *
 * Each plan cell first brings the plan to a state where the action applies (as the province's
 * planner and governor), so a refusal is the permission's. The app makes monthly reports for
 * the month just ended, and the zone here was approved today, so no report is due yet: the
 * report cells ask for the period 2020-01, which a filer (or reviewer) is told is not due
 * (400, field `period`) and anyone else is refused (403) — the permission is checked first.
 * Filing a due report end to end is `progress-report.service.spec.ts` on both engines, and in
 * the browser `plan-pages.e2e.ts`. The pages (`/plan/zones/[id]/plan`, the report form) are
 * checked the same way: each GET and each form post as a browser without JavaScript sends it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { approvedZoneOfLaos, type MadeZone, turnReadinessRulesOff } from './zone-setup';
import { plainJpeg } from '../fixtures/photos';

let app: RunningApp | undefined;
let http: HttpClient;
const showAppOutputOnFailure = () => reportAppOutput(() => app);

interface UserFacts {
	role: 'dla_staff' | 'planner' | 'governor' | 'lao_officer' | 'district_office' | 'public';
	provinceCode: 'TH40' | 'TH30' | null;
	dlaCode: string | null;
}
const users = {
	'dla.demo': { role: 'dla_staff', provinceCode: null, dlaCode: null },
	'planner.th40': { role: 'planner', provinceCode: 'TH40', dlaCode: null },
	'planner.th30': { role: 'planner', provinceCode: 'TH30', dlaCode: null },
	'governor.th40': { role: 'governor', provinceCode: 'TH40', dlaCode: null },
	'governor.th30': { role: 'governor', provinceCode: 'TH30', dlaCode: null },
	'lao.6400906': { role: 'lao_officer', provinceCode: 'TH40', dlaCode: '6400906' },
	'lao.6400907': { role: 'lao_officer', provinceCode: 'TH40', dlaCode: '6400907' },
	'district.th4001': { role: 'district_office', provinceCode: 'TH40', dlaCode: null },
	public: { role: 'public', provinceCode: null, dlaCode: null }
} as const satisfies Record<string, UserFacts>;
type Who = keyof typeof users;
const everyone = Object.keys(users) as Who[];

// ---- The rules, written once (the brief's table)

let zoneLaos: string[] = [];
const ofProvince = (u: UserFacts) => u.provinceCode === 'TH40';
const readsWorkingCopy = (u: UserFacts) =>
	u.role === 'dla_staff' ||
	((u.role === 'planner' || u.role === 'governor') && ofProvince(u)) ||
	(u.role === 'lao_officer' && zoneLaos.includes(u.dlaCode!));
const draftsPlan = (u: UserFacts) =>
	u.role === 'dla_staff' || (u.role === 'planner' && ofProvince(u));
const decidesPlan = (u: UserFacts) => u.role === 'governor' && ofProvince(u);
const filesReport = (u: UserFacts) =>
	(u.role === 'planner' && ofProvince(u)) ||
	(u.role === 'lao_officer' && zoneLaos.includes(u.dlaCode!));
const reviewsReport = (u: UserFacts) => u.role === 'planner' && ofProvince(u);

const cookies: Partial<Record<Who, string>> = {};
let zone: MadeZone;

async function send(who: Who, method: string, path: string, body?: unknown) {
	const response = await http.json(method, path, body, cookies[who]);
	const text = await response.text();
	let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
	try {
		json = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: response.status, body: json, text };
}

const plan = {
	note: 'แผนทดสอบสิทธิ์',
	targets: [
		{
			indicator: { kind: 'plan', nameTh: 'ครัวเรือนที่มีรายได้เพิ่มขึ้น', unit: 'ครัวเรือน' },
			baselineValue: 120,
			baselineDate: '2026-10-01',
			targetValue: 300,
			targetDate: '2027-09-30',
			source: 'สำรวจโดย อบต.'
		}
	],
	activities: [
		{
			name: 'ธนาคารน้ำใต้ดิน',
			sectors: ['government', 'people'],
			responsible: { kind: 'lao', dlaCode: '6400906' },
			budgetBaht: { lao: 100000, province: 0, central: 0, partner: 0 },
			startDate: '2026-11-01',
			endDate: '2027-03-31',
			status: 'planned'
		}
	]
};

async function planNow() {
	const answer = await send('planner.th40', 'GET', `/api/zones/${zone.id}/plan`);
	expect(answer.status, answer.text).toBe(200);
	return answer.body as { status: string | null; workingCopy: { id: number } | null };
}

async function planTo(state: 'draft' | 'submitted') {
	let now = await planNow();
	if (now.status === 'submitted' && state === 'draft') {
		await send('governor.th40', 'POST', `/api/zones/${zone.id}/plan/workflow`, {
			event: 'return',
			revisionId: now.workingCopy!.id,
			reasonText: 'ทดสอบ'
		});
		now = await planNow();
	}
	if (now.status !== 'draft' && now.status !== 'submitted') {
		const saved = await send('planner.th40', 'POST', `/api/zones/${zone.id}/plan`, {
			...plan,
			...(now.workingCopy && { basedOnRevisionId: now.workingCopy.id })
		});
		expect(saved.status, saved.text).toBe(200);
		now = saved.body;
	}
	if (state === 'submitted' && now.status === 'draft') {
		const submitted = await send('planner.th40', 'POST', `/api/zones/${zone.id}/plan/workflow`, {
			event: 'submit',
			revisionId: now.workingCopy!.id
		});
		expect(submitted.status, submitted.text).toBe(200);
		now = submitted.body;
	}
	return now;
}

describe('zone plans and monthly reports over HTTP', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		for (const who of everyone) if (who !== 'public') cookies[who] = await http.logInAs(who);
		await turnReadinessRulesOff(http);
		zone = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบสิทธิ์แผน' }
		);
		const read = await send('planner.th40', 'GET', `/api/zones/${zone.id}`);
		zoneLaos = (read.body.revision.coveredLaos as { dlaCode: string }[]).map((c) => c.dlaCode);
		expect(zoneLaos).toContain('6400906');
	}, 240_000);
	afterAll(async () => {
		await app?.stop();
	});

	test('the plan: read, save, submit, decide — each user as the table says', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		const expectStatus = (what: string, got: { status: number; text: string }, want: number) => {
			if (got.status !== want)
				wrong.push(`${what}: expected ${want}, got ${got.status} ${got.text.slice(0, 160)}`);
		};
		for (const who of everyone) {
			const u: UserFacts = users[who];
			// Save: as the first save, or on the working copy as it is now.
			const before = await planTo('draft').catch(() => planNow());
			const saved = await send(who, 'POST', `/api/zones/${zone.id}/plan`, {
				...plan,
				...(before.workingCopy && { basedOnRevisionId: before.workingCopy.id })
			});
			expectStatus(`${who} saves`, saved, draftsPlan(u) ? 200 : 403);
			const draft = await planTo('draft');
			const submitted = await send(who, 'POST', `/api/zones/${zone.id}/plan/workflow`, {
				event: 'submit',
				revisionId: draft.workingCopy!.id
			});
			expectStatus(`${who} submits`, submitted, draftsPlan(u) ? 200 : 403);
			const waiting = await planTo('submitted');
			const returned = await send(who, 'POST', `/api/zones/${zone.id}/plan/workflow`, {
				event: 'return',
				revisionId: waiting.workingCopy!.id,
				reasonText: 'ขอแก้ไข'
			});
			expectStatus(`${who} returns`, returned, decidesPlan(u) ? 200 : 403);
			// Reading: the working copy for its readers; the others see no plan in force yet.
			const read = await send(who, 'GET', `/api/zones/${zone.id}/plan`);
			expectStatus(`${who} reads`, read, readsWorkingCopy(u) ? 200 : 404);
			if (read.status === 200 && read.body.workingCopy === null)
				wrong.push(`${who} reads no working copy`);
		}
		expect(wrong).toEqual([]);
	});

	test('approved, the plan in force is everyone’s, without names; its history stays with its officials', async () => {
		showAppOutputOnFailure();
		const waiting = await planTo('submitted');
		const approved = await send('governor.th40', 'POST', `/api/zones/${zone.id}/plan/workflow`, {
			event: 'approve',
			revisionId: waiting.workingCopy!.id
		});
		expect(approved.status, approved.text).toBe(200);
		const wrong: string[] = [];
		for (const who of everyone) {
			const u: UserFacts = users[who];
			const read = await send(who, 'GET', `/api/zones/${zone.id}/plan`);
			if (read.status !== 200) wrong.push(`${who} reads the plan in force: ${read.status}`);
			else if (
				!readsWorkingCopy(u) &&
				(read.body.workingCopy !== null || 'createdByName' in read.body.inForce)
			)
				wrong.push(`${who} sees the working copy or a name`);
			const history = await send(who, 'GET', `/api/zones/${zone.id}/plan/revisions`);
			if (history.status !== (readsWorkingCopy(u) ? 200 : 404))
				wrong.push(`${who} reads the history: ${history.status}`);
		}
		expect(wrong).toEqual([]);
	});

	test('the pages: the plan page and the report form, GET and each form post, as the table says', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		const expectStatus = (what: string, got: number, want: number) => {
			if (got !== want) wrong.push(`${what}: expected ${want}, got ${got}`);
		};
		/** A form post as a browser without JavaScript sends it; the answer's status. */
		async function post(who: Who, path: string, fields: Record<string, string>) {
			const response = await http.postForm(path, fields, cookies[who]);
			await response.body?.cancel();
			return response.status;
		}
		// The public is sent to log in; the signed-in see the page or are refused by the service.
		const orLogIn = (u: UserFacts, want: number) => (u.role === 'public' ? 303 : want);
		const planPage = `/plan/zones/${zone.id}/plan`;
		const planFields = (basedOn: number | undefined) => ({
			...(basedOn !== undefined && { basedOnRevisionId: String(basedOn) }),
			note: 'จากหน้าแผน',
			'target.0.key': '',
			'target.0.indicator': '__plan',
			'target.0.nameTh': 'ครัวเรือนที่มีรายได้เพิ่มขึ้น',
			'target.0.unit': 'ครัวเรือน',
			'target.0.baselineValue': '120',
			'target.0.baselineDate': '1/10/2569',
			'target.0.targetValue': '300',
			'target.0.targetDate': '30/9/2570',
			'target.0.source': 'สำรวจโดย อบต.',
			'activity.0.key': '',
			'activity.0.name': 'ธนาคารน้ำใต้ดิน',
			'activity.0.sectors': 'government',
			'activity.0.responsible': 'lao:6400906',
			'activity.0.budget.lao': '100,000',
			'activity.0.startDate': '1/11/2569',
			'activity.0.endDate': '31/3/2570',
			'activity.0.status': 'planned'
		});
		for (const who of everyone) {
			const u: UserFacts = users[who];
			// The plan is in force (the test before): every signed-in user reads the page.
			const page = await http.get(planPage, cookies[who]);
			await page.body?.cancel();
			expectStatus(`${who} opens the plan page`, page.status, orLogIn(u, 200));
			const report = await http.get(`/plan/zones/${zone.id}/reports/2020-01`, cookies[who]);
			await report.body?.cancel();
			expectStatus(`${who} opens a report not due`, report.status, orLogIn(u, 404));

			const before = await planTo('draft').catch(() => planNow());
			expectStatus(
				`${who} saves on the page`,
				await post(who, `${planPage}?/save`, planFields(before.workingCopy?.id)),
				orLogIn(u, draftsPlan(u) ? 200 : 403)
			);
			const draft = await planTo('draft');
			expectStatus(
				`${who} submits on the page`,
				await post(who, `${planPage}?/submit`, { revisionId: String(draft.workingCopy!.id) }),
				orLogIn(u, draftsPlan(u) ? 200 : 403)
			);
			const waiting = await planTo('submitted');
			expectStatus(
				`${who} returns on the page`,
				await post(who, `${planPage}?/return`, {
					revisionId: String(waiting.workingCopy!.id),
					reasonText: 'ขอแก้ไข'
				}),
				orLogIn(u, decidesPlan(u) ? 200 : 403)
			);
			// The report form: the permission first (403); a filer's post is refused as not due, and
			// the page it would show again has no report of that month (404).
			const reportPage = `/plan/zones/${zone.id}/reports/2020-01`;
			expectStatus(
				`${who} files on the report form`,
				await post(who, `${reportPage}?/save`, { version: '1', problems: '' }),
				orLogIn(u, filesReport(u) ? 404 : 403)
			);
			expectStatus(
				`${who} accepts on the report form`,
				await post(who, `${reportPage}?/accept`, { version: '1' }),
				orLogIn(u, reviewsReport(u) ? 404 : 403)
			);
		}
		expect(wrong).toEqual([]);
		// Leave the plan approved, as the tests after this one found it.
		const waiting = await planTo('submitted');
		const approved = await send('governor.th40', 'POST', `/api/zones/${zone.id}/plan/workflow`, {
			event: 'approve',
			revisionId: waiting.workingCopy!.id
		});
		expect(approved.status, approved.text).toBe(200);
	});

	test('reports: filing and reviewing as the table says; a period not due is named', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		for (const who of everyone) {
			const u: UserFacts = users[who];
			const filed = await send(who, 'PUT', `/api/zones/${zone.id}/reports/2020-01`, {
				version: 1,
				targets: [],
				activities: [],
				problems: ''
			});
			const fileWant = filesReport(u) ? 400 : 403;
			if (
				filed.status !== fileWant ||
				(fileWant === 400 && filed.body.problems[0].field !== 'period')
			)
				wrong.push(
					`${who} files: expected ${fileWant}, got ${filed.status} ${filed.text.slice(0, 160)}`
				);
			const reviewed = await send(who, 'POST', `/api/zones/${zone.id}/reports/2020-01`, {
				event: 'accept',
				version: 1
			});
			const reviewWant = reviewsReport(u) ? 400 : 403;
			if (reviewed.status !== reviewWant)
				wrong.push(`${who} accepts: expected ${reviewWant}, got ${reviewed.status}`);
			const read = await send(who, 'GET', `/api/zones/${zone.id}/reports/2020-01`);
			if (read.status !== 404) wrong.push(`${who} reads a report not due: ${read.status}`);
			const list = await send(who, 'GET', `/api/zones/${zone.id}/reports`);
			if (list.status !== 200) wrong.push(`${who} lists reports: ${list.status}`);
		}
		// The due day: DLA staff only.
		for (const who of everyone) {
			const set = await send(who, 'PUT', '/api/progress-reports/due-day', { dueDayOfMonth: 3 });
			if (set.status !== (users[who].role === 'dla_staff' ? 200 : 403))
				wrong.push(`${who} sets the due day: ${set.status}`);
		}
		expect(wrong).toEqual([]);
	});

	test('report files: adding, changing and removing as the table says; nothing of a report not due is served', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		const files = `/api/zones/${zone.id}/reports/2020-01/attachments`;
		for (const who of everyone) {
			const u: UserFacts = users[who];
			const form = new FormData();
			form.append('file', new Blob([Buffer.from(plainJpeg)]), 'photo.jpg');
			form.append('caption', 'ทดสอบสิทธิ์');
			const cookie = cookies[who];
			const added = await fetch(`${app!.url}${files}`, {
				method: 'POST',
				headers: { origin: app!.url, ...(cookie && { cookie }) },
				body: form
			});
			const body = (await added.json()) as { problems?: { field: string }[] };
			const addWant = filesReport(u) ? 400 : 403;
			if (added.status !== addWant || (addWant === 400 && body.problems?.[0]?.field !== 'period'))
				wrong.push(`${who} adds a file: expected ${addWant}, got ${added.status}`);
			const changed = await send(who, 'PATCH', `${files}/1`, { public: true });
			const changeWant = filesReport(u) ? 404 : 403;
			if (changed.status !== changeWant)
				wrong.push(`${who} changes a file: expected ${changeWant}, got ${changed.status}`);
			const removed = await send(who, 'DELETE', `${files}/1`);
			const removeWant = filesReport(u) ? 404 : 403;
			if (removed.status !== removeWant)
				wrong.push(`${who} removes a file: expected ${removeWant}, got ${removed.status}`);
			for (const path of [files, `${files}/1`]) {
				const read = await send(who, 'GET', path);
				if (read.status !== 404) wrong.push(`${who} reads ${path}: ${read.status}`);
			}
		}
		expect(wrong).toEqual([]);
	});
});
