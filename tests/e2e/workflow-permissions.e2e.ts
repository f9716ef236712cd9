/**
 * The review workflow's permission table over HTTP (issue 6), against the built app: every
 * workflow event × every state a zone can be in × every kind of user, in the zone's province
 * and the other one. Plain requests, no page: every refusal must come from the server.
 *
 * The expected answer of a cell is not written by hand. It comes from the rules below, written
 * once in this file (who sees a zone, who may send which event) and from the pure state machine
 * (`nextStatus`), in the order the server checks them: the public is refused first; a zone the
 * user may not see is 404; an event the user may not send is 403; an event that does not apply
 * in this state is 409 `workflow.<reason>`; otherwise 200 and the state machine's next status.
 * A failing run lists every cell that disagrees, with the server's answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isDecisionEvent, nextStatus, workflowEvents } from '../../src/lib/zones/workflow';
import type { WorkflowEvent } from '../../src/lib/zones/workflow';
import type { ZoneStatus } from '../../src/lib/geo/zones/zone-terms';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import { gridSquare, square, zoneBody, turnReadinessRulesOff } from './zone-setup';

let app: RunningApp | undefined;
let http: HttpClient;
const showAppOutputOnFailure = () => reportAppOutput(() => app);

// ---------------------------------------------------------------------------------------------
// The users, and the rules written once

type Province = 'TH40' | 'TH30';

/** What the rules need to know of a user: the demo accounts' roles (README, demo mode). */
interface UserFacts {
	role: 'dla_staff' | 'planner' | 'governor' | 'lao_officer' | 'district_office' | 'public';
	provinceCode: Province | null;
	dlaCode: string | null;
	/** Provinces whose governor this user acts for today. */
	actingFor: readonly Province[];
}

const demoUsers = {
	'dla.demo': { role: 'dla_staff', provinceCode: null, dlaCode: null, actingFor: [] },
	'planner.th40': { role: 'planner', provinceCode: 'TH40', dlaCode: null, actingFor: [] },
	'planner.th30': { role: 'planner', provinceCode: 'TH30', dlaCode: null, actingFor: [] },
	'governor.th40': { role: 'governor', provinceCode: 'TH40', dlaCode: null, actingFor: [] },
	'governor.th30': { role: 'governor', provinceCode: 'TH30', dlaCode: null, actingFor: [] },
	// อบต.ดูนสาด: its response is requested for every zone of the TH40 table.
	'lao.6400906': { role: 'lao_officer', provinceCode: 'TH40', dlaCode: '6400906', actingFor: [] },
	// อบต.บ้านฝาง, same district: never consulted in the TH40 table.
	'lao.6400907': { role: 'lao_officer', provinceCode: 'TH40', dlaCode: '6400907', actingFor: [] },
	// ท้องถิ่นอำเภอเมืองขอนแก่น (issue 17): of the province, but reads no working copy.
	'district.th4001': {
		role: 'district_office',
		provinceCode: 'TH40',
		dlaCode: null,
		actingFor: []
	},
	public: { role: 'public', provinceCode: null, dlaCode: null, actingFor: [] }
} as const satisfies Record<string, UserFacts>;
type Who = keyof typeof demoUsers;
const everyone = Object.keys(demoUsers) as Who[];

/** What the rules need to know of a zone. */
interface ZoneFacts {
	provinceCode: Province;
	status: ZoneStatus;
	/** A revision is in force (approved once): the zone is public. */
	approved: boolean;
	/** LAOs whose response the planner requested. */
	consulted: readonly string[];
}

/**
 * DLA staff, the province's planners and governor (or who acts for them), consulted LAOs; never
 * a district office (it reads the revision in force, like the public).
 */
function seesWorkingCopy(user: UserFacts, zone: ZoneFacts): boolean {
	switch (user.role) {
		case 'dla_staff':
			return true;
		case 'planner':
		case 'governor':
			return user.provinceCode === zone.provinceCode || user.actingFor.includes(zone.provinceCode);
		case 'lao_officer':
			return user.dlaCode !== null && zone.consulted.includes(user.dlaCode);
		case 'district_office':
		case 'public':
			return false;
	}
}

/**
 * submit, withdraw, revise: the province's planners and DLA staff; approve, return, reject:
 * the province's governor, or who acts for them today, only.
 */
function maySend(user: UserFacts, zone: ZoneFacts, event: WorkflowEvent): boolean {
	if (isDecisionEvent(event))
		return (
			(user.role === 'governor' && user.provinceCode === zone.provinceCode) ||
			user.actingFor.includes(zone.provinceCode)
		);
	return (
		user.role === 'dla_staff' ||
		(user.role === 'planner' && user.provinceCode === zone.provinceCode)
	);
}

type Expected =
	{ status: 200; next: ZoneStatus } | { status: 403 | 404 } | { status: 409; rule: string };

/**
 * The answer to `event` on `zone` by `user`. The public is refused (403) before the zone is
 * even looked up, as every zone mutation since the zones issue (`permissions.e2e.ts`, PUT): the
 * answer is the same for any zone id, approved or not, so it tells nothing about drafts.
 */
function expectedAnswer(user: UserFacts, zone: ZoneFacts, event: WorkflowEvent): Expected {
	if (user.role === 'public') return { status: 403 };
	if (!seesWorkingCopy(user, zone) && !zone.approved) return { status: 404 };
	if (!maySend(user, zone, event)) return { status: 403 };
	const next = nextStatus(zone.status, event, { hasApprovedRevision: zone.approved });
	if (!next.ok) return { status: 409, rule: `workflow.${next.reason}` };
	return { status: 200, next: next.status };
}

/** Reading the zone: its working copy, else the revision in force, else 404. */
function expectedRead(user: UserFacts, zone: ZoneFacts): 'working_copy' | 'approved' | 404 {
	if (seesWorkingCopy(user, zone)) return 'working_copy';
	return zone.approved ? 'approved' : 404;
}

// ---------------------------------------------------------------------------------------------
// The states of the table, each reached from a new draft through the API

const states = [
	'draft',
	'submitted',
	'returned',
	'approved',
	'rejected',
	'withdrawn',
	'amendment_draft',
	'amendment_submitted',
	'amendment_rejected'
] as const;
type TableState = (typeof states)[number];

/** The events that bring a new draft into each state; each is sent by who may send it. */
const pathTo: Record<TableState, WorkflowEvent[]> = {
	draft: [],
	submitted: ['submit'],
	returned: ['submit', 'return'],
	approved: ['submit', 'approve'],
	rejected: ['submit', 'reject'],
	withdrawn: ['submit', 'withdraw'],
	amendment_draft: ['submit', 'approve', 'revise'],
	amendment_submitted: ['submit', 'approve', 'revise', 'submit'],
	amendment_rejected: ['submit', 'approve', 'revise', 'submit', 'reject']
};

/** The reasons every return and rejection of the table gives (they are tested apart). */
const someReasons = { reasonCodes: ['boundary_unclear'], reasonText: 'ขอบเขตไม่ชัดเจน (ทดสอบ)' };

// ---------------------------------------------------------------------------------------------
// Places: zones must not overlap each other (more than 1 ha), and stay inside their province

const gridUsed: Record<Province, number> = { TH40: 0, TH30: 0 };
const nextGridSquare = (province: Province) => gridSquare(province, gridUsed[province]++);

/** South-west corners of squares wholly inside ตำบลดูนสาด (อบต.ดูนสาด, 6400906), กระนวน. */
const dunsatCorners: [number, number][] = [
	[103.115, 16.78],
	[103.13, 16.78],
	[103.145, 16.78],
	[103.16, 16.78],
	[103.115, 16.795],
	[103.13, 16.795],
	[103.145, 16.795],
	[103.16, 16.795],
	[103.13, 16.81],
	[103.145, 16.81],
	[103.16, 16.81],
	[103.145, 16.825]
];
function nextDunsatSquare() {
	const corner = dunsatCorners.shift();
	if (!corner) throw new Error('no square left in ดูนสาด');
	return square(corner[0], corner[1]);
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Session cookies by demo account; `public` has none. */
const cookies: Partial<Record<Who, string>> = {};
let requestCount = 0;
/** Demo accounts' user ids, as transitions name them. */
const userIds: Partial<Record<Who, number>> = {};

interface Answer {
	status: number;
	// The body as JSON (the tests read what they need of it).
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

async function answerOf(response: Response): Promise<Answer> {
	requestCount += 1;
	const text = await response.text();
	let body: unknown = null;
	try {
		body = JSON.parse(text);
	} catch {
		// An HTML page (form actions); `text` has it.
	}
	return { status: response.status, body, text };
}

const send = async (who: Who, method: string, path: string, body?: unknown) =>
	answerOf(await http.json(method, path, body, cookies[who]));
const read = async (who: Who, path: string) => answerOf(await http.get(path, cookies[who]));

/** A zone of the tests as the last answer left it. */
interface TestZone {
	id: number;
	revisionId: number;
	approvedRevisionId: number | null;
	facts: ZoneFacts;
}

async function workflow(
	who: Who,
	zone: TestZone,
	event: WorkflowEvent,
	extra: {
		revisionId?: number;
		reasonCodes?: string[];
		reasonText?: string;
		overrideReason?: string;
	} = {}
): Promise<Answer> {
	const reasons = event === 'return' || event === 'reject' ? someReasons : {};
	const answer = await send(who, 'POST', `/api/zones/${zone.id}/workflow`, {
		event,
		revisionId: zone.revisionId,
		...reasons,
		...extra
	});
	if (answer.status === 200) {
		userIds[who] = answer.body.transition.actorUserId;
		zone.revisionId = answer.body.zone.currentRevisionId;
		zone.approvedRevisionId = answer.body.zone.approvedRevisionId;
		zone.facts.status = answer.body.zone.status;
		zone.facts.approved = zone.approvedRevisionId !== null;
	}
	return answer;
}

const plannerOf = (province: Province): Who =>
	province === 'TH40' ? 'planner.th40' : 'planner.th30';
const governorOf = (province: Province): Who =>
	province === 'TH40' ? 'governor.th40' : 'governor.th30';

/** A new zone of the province's planner, its response requested from `consult`, in `state`. */
async function zoneIn(
	province: Province,
	state: TableState,
	options: { geometry?: unknown; consult?: string[] } = {}
): Promise<TestZone> {
	const planner = plannerOf(province);
	const created = await send(
		planner,
		'POST',
		'/api/zones',
		zoneBody(
			province,
			`เขตทดสอบ ${state}`,
			options.geometry ?? (options.consult?.length ? nextDunsatSquare() : nextGridSquare(province))
		)
	);
	expect(created.status, `creating a ${province} zone: ${created.text}`).toBe(201);
	const zone: TestZone = {
		id: created.body.zone.id,
		revisionId: created.body.revision.id,
		approvedRevisionId: null,
		facts: { provinceCode: province, status: 'draft', approved: false, consulted: [] }
	};
	if (options.consult?.length) {
		const asked = await send(planner, 'POST', `/api/zones/${zone.id}/consultation`, {
			revisionId: zone.revisionId,
			dlaCodes: options.consult
		});
		expect(asked.status, `requesting responses of ${options.consult}: ${asked.text}`).toBe(200);
		zone.facts.consulted = options.consult;
	}
	for (const event of pathTo[state]) {
		const who = isDecisionEvent(event) ? governorOf(province) : planner;
		const done = await workflow(who, zone, event);
		expect(done.status, `${who} ${event} on the way to ${state}: ${done.text}`).toBe(200);
	}
	return zone;
}

const problemRule = (answer: Answer): string | undefined => answer.body?.problems?.[0]?.rule;

function describeExpected(expected: Expected): string {
	if (expected.status === 200) return `200 (→ ${expected.next})`;
	if (expected.status === 409) return `409 ${expected.rule}`;
	return String(expected.status);
}

/** Null when the server's answer is the expected one, else what is wrong with it. */
function disagreement(expected: Expected, answer: Answer, zone: TestZone): string | null {
	const got = `${answer.status} ${answer.text.slice(0, 400)}`;
	if (answer.status !== expected.status) return `got ${got}`;
	if (expected.status === 409 && problemRule(answer) !== expected.rule)
		return `got the rule ${problemRule(answer)}: ${got}`;
	if (expected.status === 200) {
		const { zone: after, transition } = answer.body;
		if (after.status !== expected.next) return `the zone is now ${after.status}`;
		if (transition.toStatus !== expected.next) return `the transition says ${transition.toStatus}`;
		if (after.approvedRevisionId === null && zone.facts.approved)
			return 'the revision in force was cleared';
	}
	return null;
}

// ---------------------------------------------------------------------------------------------

describe('the review workflow’s permission table over HTTP', () => {
	const startedAt = Date.now();

	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		for (const who of everyone) if (who !== 'public') cookies[who] = await http.logInAs(who);
	}, 240_000);

	afterAll(async () => {
		console.log(
			`workflow permissions: ${requestCount} requests in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`
		);
		await app?.stop();
	});

	/**
	 * One zone per state takes every refusal (a refused event changes nothing); each allowed
	 * cell then gets a zone of its own in that state, the first one reusing that zone.
	 */
	async function runTable(province: Province, consult: string[]) {
		const mismatches: string[] = [];
		let cells = 0;
		for (const state of states) {
			const zone = await zoneIn(province, state, { consult });
			const where = `${province} ${state} (zone ${zone.id})`;

			// Reading it: the working copy, the revision in force, or 404.
			for (const who of everyone) {
				const expected = expectedRead(demoUsers[who], zone.facts);
				const answer = await read(who, `/api/zones/${zone.id}`);
				cells += 1;
				const revisionId =
					expected === 'working_copy'
						? zone.revisionId
						: expected === 'approved'
							? zone.approvedRevisionId
							: null;
				const wrong =
					expected === 404
						? answer.status !== 404
						: answer.status !== 200 || answer.body.revision.id !== revisionId;
				if (wrong)
					mismatches.push(
						`${who} · ${where} · read: expected ${expected === 404 ? 404 : `200 with revision ${revisionId} (${expected})`}, got ${answer.status} revision ${answer.body?.revision?.id ?? answer.text.slice(0, 200)}`
					);
			}

			const allowed: { who: Who; event: WorkflowEvent }[] = [];
			for (const event of workflowEvents) {
				for (const who of everyone) {
					const expected = expectedAnswer(demoUsers[who], zone.facts, event);
					if (expected.status === 200) {
						allowed.push({ who, event });
						continue;
					}
					// A copy: a refusal changes nothing, and a wrong 200 must not move the table's zone.
					const answer = await workflow(who, { ...zone, facts: { ...zone.facts } }, event);
					cells += 1;
					const wrong = disagreement(expected, answer, zone);
					if (wrong)
						mismatches.push(
							`${who} · ${where} · ${event}: expected ${describeExpected(expected)}, ${wrong}`
						);
				}
			}

			let unused: TestZone | undefined = zone;
			for (const { who, event } of allowed) {
				const target = unused ?? (await zoneIn(province, state));
				unused = undefined;
				const expected = expectedAnswer(demoUsers[who], target.facts, event);
				const before = { ...target, facts: { ...target.facts } };
				const answer = await workflow(who, target, event);
				cells += 1;
				const wrong = disagreement(expected, answer, before);
				if (wrong) {
					mismatches.push(
						`${who} · ${province} ${state} (zone ${target.id}) · ${event}: expected ${describeExpected(expected)}, ${wrong}`
					);
					continue;
				}
				// What an approval puts in force is the revision it was about; nothing else moves it.
				const inForce = answer.body.zone.approvedRevisionId;
				const wanted = event === 'approve' ? before.revisionId : before.approvedRevisionId;
				if (inForce !== wanted)
					mismatches.push(
						`${who} · ${province} ${state} · ${event}: revision in force ${inForce}, expected ${wanted}`
					);
				if (answer.body.transition.fromStatus !== state.replace(/^amendment_/, ''))
					mismatches.push(
						`${who} · ${province} ${state} · ${event}: transition from ${answer.body.transition.fromStatus}`
					);
			}
		}
		expect(mismatches, `${mismatches.length} of ${cells} cells disagree with the rules`).toEqual(
			[]
		);
		// Every state × every event × every user, and a read by each user of each state.
		expect(cells).toBe(states.length * everyone.length * (workflowEvents.length + 1));
	}

	test('a ขอนแก่น (TH40) zone: every state × event × user, ดูนสาด consulted, บ้านฝาง not', async () => {
		showAppOutputOnFailure();
		await runTable('TH40', ['6400906']);
	});

	test('a นครราชสีมา (TH30) zone: the same table, seen from the other province', async () => {
		showAppOutputOnFailure();
		await runTable('TH30', []);
	});

	test('a return or a rejection needs its reasons; an approval takes none', async () => {
		showAppOutputOnFailure();
		const zone = await zoneIn('TH40', 'submitted');
		const refused: [
			string,
			Partial<Record<'reasonCodes' | 'reasonText', unknown>>,
			string,
			string
		][] = [
			['return', {}, 'decision.reason_required', 'reasonCodes'],
			['reject', {}, 'decision.reason_required', 'reasonCodes'],
			[
				'return',
				{ reasonCodes: [], reasonText: 'ไม่มีเหตุผลให้เลือก' },
				'decision.reason_required',
				'reasonCodes'
			],
			['reject', { reasonCodes: ['other'] }, 'decision.text_required_for_other', 'reasonText'],
			[
				'return',
				{ reasonCodes: ['other'], reasonText: '   ' },
				'decision.text_required_for_other',
				'reasonText'
			],
			['return', { reasonCodes: ['no_such_reason'] }, 'decision.unknown_reason', 'reasonCodes'],
			[
				'approve',
				{ reasonCodes: ['boundary_unclear'] },
				'decision.reasons_not_allowed',
				'reasonCodes'
			]
		];
		for (const [event, reasons, rule, field] of refused) {
			const answer = await send('governor.th40', 'POST', `/api/zones/${zone.id}/workflow`, {
				event,
				revisionId: zone.revisionId,
				...reasons
			});
			const label = `${event} ${JSON.stringify(reasons)}`;
			expect(answer.status, `${label}: ${answer.text}`).toBe(400);
			expect(problemRule(answer), label).toBe(rule);
			expect(answer.body.problems[0].field, label).toBe(field);
		}
		// Nothing happened: still submitted, and the submission is its only event.
		const history = await read('governor.th40', `/api/zones/${zone.id}/workflow`);
		expect(history.body.map((t: { event: string }) => t.event)).toEqual(['submit']);

		const returned = await workflow('governor.th40', zone, 'return', {
			reasonCodes: ['other', 'data_outdated'],
			reasonText: 'ข้อมูลประชากรเก่ากว่าห้าปี'
		});
		expect(returned.status, returned.text).toBe(200);
		expect(returned.body.transition.reasonCodes).toEqual(['other', 'data_outdated']);
		expect(returned.body.transition.reasonText).toBe('ข้อมูลประชากรเก่ากว่าห้าปี');
	});

	test('an event about a revision that is no longer the working copy is refused: 409 stale', async () => {
		showAppOutputOnFailure();
		const geometry = nextGridSquare('TH40');
		const zone = await zoneIn('TH40', 'draft', { geometry });
		const first = zone.revisionId;
		const saved = await send('planner.th40', 'PUT', `/api/zones/${zone.id}`, {
			...zoneBody('TH40', 'เขตทดสอบ แก้ชื่อ', geometry),
			baseRevisionId: first
		});
		expect(saved.status, saved.text).toBe(200);
		zone.revisionId = saved.body.revision.id;
		const second = zone.revisionId;

		const stale = async (who: Who, event: WorkflowEvent, revisionId: number) => {
			const answer = await workflow(who, zone, event, { revisionId });
			expect(answer.status, `${who} ${event} on revision id ${revisionId}: ${answer.text}`).toBe(
				409
			);
			expect(problemRule(answer)).toBe('workflow.stale_revision');
			expect(answer.body.problems[0].details).toEqual({ currentRevisionId: second, revisionId });
		};
		await stale('planner.th40', 'submit', first);
		expect((await workflow('planner.th40', zone, 'submit')).status).toBe(200);
		await stale('governor.th40', 'approve', first);
		await stale('planner.th40', 'withdraw', first);
		expect((await workflow('governor.th40', zone, 'approve')).status).toBe(200);
		expect(zone.approvedRevisionId).toBe(second);
		expect((await workflow('planner.th40', zone, 'revise')).status).toBe(200);
		// The amendment is a new working copy: the approved revision is stale for events now.
		const stillApproved = second;
		const answer = await workflow('planner.th40', zone, 'submit', { revisionId: stillApproved });
		expect(answer.status, answer.text).toBe(409);
		expect(problemRule(answer)).toBe('workflow.stale_revision');
	});

	test('the queue: the province’s governor sees its submitted zones; planners, LAOs and the public are refused', async () => {
		showAppOutputOnFailure();
		const th40 = await zoneIn('TH40', 'submitted');
		const th30 = await zoneIn('TH30', 'submitted');
		const draft = await zoneIn('TH40', 'draft');
		const expected: Record<Who, number[] | 403> = {
			'dla.demo': [th40.id, th30.id],
			'planner.th40': 403,
			'planner.th30': 403,
			'governor.th40': [th40.id],
			'governor.th30': [th30.id],
			'lao.6400906': 403,
			'lao.6400907': 403,
			'district.th4001': 403,
			public: 403
		};
		const seen: Partial<Record<Who, number[] | 403 | string>> = {};
		for (const who of everyone) {
			const answer = await read(who, '/api/review/queue');
			if (answer.status === 403) seen[who] = 403;
			else if (answer.status !== 200) seen[who] = `${answer.status} ${answer.text}`;
			else {
				// Only the zones of this test: the tables above left other submitted zones.
				const ids = (answer.body as { zoneId: number }[]).map((item) => item.zoneId);
				seen[who] = [th40.id, th30.id, draft.id].filter((id) => ids.includes(id));
			}
		}
		expect(seen).toEqual(expected);
		const mine = (await read('governor.th40', '/api/review/queue')).body as {
			zoneId: number;
			provinceCode: string;
		}[];
		expect(mine.every((item) => item.provinceCode === 'TH40')).toBe(true);
	});

	test('LAO consultation: a consulted LAO reads and answers; another LAO and province cannot', async () => {
		showAppOutputOnFailure();
		// Across the boundary of ดูนสาด (6400906) and บ้านฝาง (6400907): the zone covers both.
		const zone = await zoneIn('TH40', 'draft', { geometry: square(103.09, 16.775, 0.02) });
		const zonePath = `/api/zones/${zone.id}`;
		const covered = (await read('planner.th40', zonePath)).body.revision.coveredLaos.map(
			(c: { dlaCode: string }) => c.dlaCode
		);
		expect(covered).toEqual(expect.arrayContaining(['6400906', '6400907']));

		expect((await read('lao.6400906', zonePath)).status, 'before being consulted').toBe(404);
		expect((await read('lao.6400906', `${zonePath}/consultation`)).status).toBe(404);

		const request = (who: Who) =>
			send(who, 'POST', `${zonePath}/consultation`, {
				revisionId: zone.revisionId,
				dlaCodes: ['6400906']
			});
		expect((await request('planner.th30')).status, 'the other province’s planner').toBe(404);
		expect((await request('governor.th30')).status, 'the other province’s governor').toBe(404);
		expect((await request('governor.th40')).status, 'the governor does not consult').toBe(403);
		expect((await request('lao.6400906')).status, 'an LAO does not consult itself').toBe(404);
		expect((await request('public')).status).toBe(403);
		const asked = await request('planner.th40');
		expect(asked.status, asked.text).toBe(200);
		expect(asked.body.entries.map((e: { dlaCode: string }) => e.dlaCode)).toEqual(['6400906']);
		expect(asked.body.notConsulted.map((e: { dlaCode: string }) => e.dlaCode)).toContain('6400907');
		zone.facts.consulted = ['6400906'];

		const after = await read('lao.6400906', zonePath);
		expect(after.status, 'once consulted').toBe(200);
		expect(after.body.revision.id).toBe(zone.revisionId);
		expect((await read('lao.6400907', zonePath)).status, 'covered, not consulted').toBe(404);

		const answerAs = (who: Who, answer: string, comment: string) =>
			send(who, 'POST', `${zonePath}/consultation/answer`, {
				revisionId: zone.revisionId,
				answer,
				comment
			});
		const objectionWithoutWhy = await answerAs('lao.6400906', 'object', '  ');
		expect(objectionWithoutWhy.status, objectionWithoutWhy.text).toBe(400);
		expect(problemRule(objectionWithoutWhy)).toBe('answer.comment_required');
		expect(objectionWithoutWhy.body.problems[0].field).toBe('comment');
		expect((await answerAs('lao.6400906', 'maybe', 'x')).status, 'not an answer').toBe(400);

		const answered = await answerAs(
			'lao.6400906',
			'agree_with_conditions',
			'ต้องไม่รุกล้ำที่สาธารณประโยชน์'
		);
		expect(answered.status, answered.text).toBe(200);
		// บ้านฝาง was not asked: it may not even see the zone.
		expect((await answerAs('lao.6400907', 'agree', '')).status).toBe(404);
		expect((await answerAs('governor.th40', 'agree', '')).status, 'not an LAO').toBe(403);
		expect((await answerAs('planner.th40', 'agree', '')).status, 'not an LAO').toBe(403);
		expect((await answerAs('planner.th30', 'agree', '')).status).toBe(404);
		expect((await answerAs('public', 'agree', '')).status).toBe(403);

		// The governor sees the answer, and who was not asked, after the planner submits.
		expect((await workflow('planner.th40', zone, 'submit')).status).toBe(200);
		const review = await read('governor.th40', `${zonePath}/review`);
		expect(review.status, review.text).toBe(200);
		expect(review.body.consultation.counts).toEqual({
			agree: 0,
			agree_with_conditions: 1,
			object: 0,
			not_answered: 0
		});
		expect(review.body.consultation.entries[0].answer.comment).toBe('ต้องไม่รุกล้ำที่สาธารณประโยชน์');
		expect(
			review.body.consultation.notConsulted.map((e: { dlaCode: string }) => e.dlaCode)
		).toContain('6400907');
		// The consulted LAO still reads the submitted zone; the other still does not.
		expect((await read('lao.6400906', zonePath)).status).toBe(200);
		expect((await read('lao.6400907', `${zonePath}/review`)).status).toBe(404);
		expect((await read('governor.th30', `${zonePath}/review`)).status).toBe(404);
	});

	test('an acting governor decides for the governor while designated, and not after revocation', async () => {
		showAppOutputOnFailure();
		// governor.th30 is designated by DLA to act for governor.th40 today.
		const first = await zoneIn('TH40', 'submitted');
		const second = await zoneIn('TH40', 'submitted');
		const amendment = await zoneIn('TH40', 'amendment_submitted');
		const governorTh40Id = userIds['governor.th40'];
		expect(governorTh40Id, 'governor.th40 approved on the way').toBeDefined();

		const notActing = demoUsers['governor.th30'];
		const acting: UserFacts = { ...notActing, actingFor: ['TH40'] };
		const check = async (user: UserFacts, zone: TestZone, label: string) => {
			const expected = expectedAnswer(user, zone.facts, 'approve');
			const answer = await workflow('governor.th30', zone, 'approve');
			expect(answer.status, `${label}: ${answer.text}`).toBe(expected.status);
			return answer;
		};
		await check(notActing, first, 'before the designation, a TH40 draft is not theirs to see');
		await check(notActing, amendment, 'before the designation, an approved zone is not theirs');

		// The acting page: DLA staff choose the province, then the user and the days.
		const page = await read('dla.demo', '/acting?province=TH40');
		expect(page.status).toBe(200);
		const option = [...page.text.matchAll(/<option value="(\d+)"[^>]*>([^<]*)/g)].find((m) =>
			m[2]!.startsWith('ผู้ว่าราชการจังหวัดนครราชสีมา (สาธิต)')
		);
		expect(option, 'governor.th30 among the candidates').toBeDefined();
		const governorTh30Id = Number(option![1]);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok' }).format(new Date());
		const designated = await answerOf(
			await http.postForm(
				'/acting?/designate',
				{
					provinceCode: 'TH40',
					actingUserId: String(governorTh30Id),
					startsOn: today,
					endsOn: today
				},
				cookies['dla.demo']
			)
		);
		expect(designated.status, designated.text.slice(0, 2000)).toBe(200);
		const listed = await read('dla.demo', '/acting?province=TH40');
		const designationId = /data-testid="designation-(\d+)"/.exec(listed.text)?.[1];
		expect(designationId, 'the designation is listed').toBeDefined();

		// While designated: the TH40 queue, and the decision, recorded as acting for governor.th40.
		const queue = await read('governor.th30', '/api/review/queue');
		expect(queue.status).toBe(200);
		expect(queue.body.map((item: { zoneId: number }) => item.zoneId)).toEqual(
			expect.arrayContaining([first.id, second.id, amendment.id])
		);
		const approved = await check(acting, first, 'acting for governor.th40');
		expect(approved.body.transition.actorUserId).toBe(governorTh30Id);
		expect(approved.body.transition.actingForUserId).toBe(governorTh40Id);
		const history = await read('dla.demo', `/api/zones/${first.id}/workflow`);
		expect(history.body.at(-1)).toMatchObject({
			event: 'approve',
			actorUserId: governorTh30Id,
			actingForUserId: governorTh40Id
		});
		// Acting for TH40 does not make them TH40's planner.
		const withdrawn = await workflow('governor.th30', second, 'withdraw');
		expect(withdrawn.status, withdrawn.text).toBe(
			expectedAnswer(acting, second.facts, 'withdraw').status
		);

		const revoked = await answerOf(
			await http.postForm('/acting?/revoke', { designationId: designationId! }, cookies['dla.demo'])
		);
		expect(revoked.status, revoked.text.slice(0, 2000)).toBe(200);
		const afterRevocation = await check(notActing, amendment, 'after revocation, approved zone');
		expect(afterRevocation.status).toBe(403);
		await check(notActing, second, 'after revocation, a TH40 draft');
		expect((await read('governor.th30', '/api/review/queue')).body).not.toContainEqual(
			expect.objectContaining({ zoneId: second.id })
		);
		// The governor is untouched by all this, and the record says so.
		const byGovernor = await workflow('governor.th40', amendment, 'approve');
		expect(byGovernor.status, byGovernor.text).toBe(200);
		expect(byGovernor.body.transition.actingForUserId).toBeNull();
	});

	// -------------------------------------------------------------------------------------------
	// Issue 17: the readiness rule sets and the governor's override, over HTTP. Last in the file:
	// the TH30 override set here would change the table above.

	test('only DLA staff read and set the readiness rule sets', async () => {
		const rules = {
			submit: {
				allCoveredLaosAsked: false,
				objectivesFilled: false,
				minNetworkSectors: 0,
				swotFilled: false
			},
			approve: { minAnsweredPercent: 50, noObjection: true }
		};
		const mismatches: string[] = [];
		for (const who of everyone) {
			const expected = demoUsers[who].role === 'dla_staff' ? 201 : 403;
			const saved = await send(who, 'POST', '/api/readiness-rules', {
				provinceCode: 'TH30',
				rules,
				note: `by ${who}`
			});
			if (saved.status !== expected)
				mismatches.push(`${who} · save: expected ${expected}, got ${saved.status} ${saved.text}`);
			const listed = await read(who, '/api/readiness-rules');
			const expectedRead = demoUsers[who].role === 'dla_staff' ? 200 : 403;
			if (listed.status !== expectedRead)
				mismatches.push(`${who} · read: expected ${expectedRead}, got ${listed.status}`);
			// The admin page: DLA staff see it; other officials are refused; the public must sign in.
			const page = await answerOf(await http.get('/admin/readiness', cookies[who]));
			const expectedPage = who === 'public' ? 303 : demoUsers[who].role === 'dla_staff' ? 200 : 403;
			if (page.status !== expectedPage)
				mismatches.push(`${who} · page: expected ${expectedPage}, got ${page.status}`);
			const formSave = await answerOf(
				await http.postForm(
					'/admin/readiness?/save',
					{ scope: 'TH30', minNetworkSectors: '0', minAnsweredPercent: '50', noObjection: 'on' },
					cookies[who]
				)
			);
			const expectedForm = demoUsers[who].role === 'dla_staff' ? 200 : who === 'public' ? 303 : 403;
			if (formSave.status !== expectedForm)
				mismatches.push(`${who} · form: expected ${expectedForm}, got ${formSave.status}`);
		}
		expect(mismatches).toEqual([]);
		// One API version and one form version by DLA staff, none by anyone else.
		const { body } = await read('dla.demo', '/api/readiness-rules');
		expect(
			body.history.filter((v: { provinceCode: string }) => v.provinceCode === 'TH30')
		).toHaveLength(2);
		expect(body.provinces).toEqual([
			expect.objectContaining({ provinceCode: 'TH30', version: 2, rules })
		]);

		// A set that contradicts itself is refused naming each field, and nothing is stored.
		const contradiction = await send('dla.demo', 'POST', '/api/readiness-rules', {
			provinceCode: null,
			rules: {
				...rules,
				submit: { ...rules.submit, minNetworkSectors: 8 },
				approve: { minAnsweredPercent: 120, noObjection: true }
			}
		});
		expect(contradiction.status).toBe(400);
		expect(contradiction.body.problems.map((p: { field: string }) => p.field).sort()).toEqual([
			'approve.minAnsweredPercent',
			'submit.minNetworkSectors'
		]);
		expect((await read('dla.demo', '/api/readiness-rules')).body.history).toHaveLength(
			body.history.length
		);
	});

	test('an approval with unmet rules needs the governor’s written reason; only the governor gives it', async () => {
		// TH30 now needs half of the asked LAOs to answer; this zone asked none.
		const zone = await zoneIn('TH30', 'submitted');
		const reason = 'อนุมัติเพื่อทันกรอบงบประมาณ (ทดสอบ)';
		for (const overrideReason of [undefined, '', '   ']) {
			const refused = await workflow('governor.th30', zone, 'approve', { overrideReason });
			expect(refused.status, refused.text).toBe(400);
			expect(refused.body.problems.map((p: { rule: string }) => p.rule)).toEqual([
				'readiness.answered_share',
				'readiness.override_reason_required'
			]);
			expect(refused.body.message).toContain('No LAO has been asked');
		}
		// The reason gives no one else the right to decide: the permission table still answers.
		for (const who of everyone) {
			if (who === 'governor.th30') continue;
			const expected = expectedAnswer(demoUsers[who], zone.facts, 'approve');
			const answer = await workflow(who, { ...zone, facts: { ...zone.facts } }, 'approve', {
				overrideReason: reason
			});
			expect(answer.status, `${who}: ${answer.text}`).toBe(expected.status);
		}
		const approved = await workflow('governor.th30', zone, 'approve', {
			overrideReason: reason
		});
		expect(approved.status, approved.text).toBe(200);
		expect(approved.body.transition.readinessOverride).toMatchObject({
			reason,
			ruleSet: { scope: 'province', provinceCode: 'TH30' },
			unmet: [expect.objectContaining({ rule: 'answered_share' })]
		});
	});
});
