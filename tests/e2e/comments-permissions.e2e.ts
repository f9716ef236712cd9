/**
 * The public comments' actions × every kind of user, over HTTP against the built app (issue
 * 17), in the style of workflow-permissions.e2e.ts: the expected answer of each cell comes from
 * the rule written once below (anyone posts; the province's planners and DLA staff moderate and
 * read the queue), not from a table typed by hand. Then the refusals a visitor meets, each with
 * its field named and nothing stored (the moderators' queue keeps its count), and the 429 of the
 * 11th post from one address within the hour, with Retry-After. The app runs behind a
 * "proxy": ADDRESS_HEADER=x-forwarded-for, so each request says which address it comes from.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	type MadeZone,
	turnReadinessRulesOff
} from './zone-setup';

let app: RunningApp | undefined;
let http: HttpClient;
const showAppOutputOnFailure = () => reportAppOutput(() => app);

type Province = 'TH40' | 'TH30';
interface UserFacts {
	role: 'dla_staff' | 'planner' | 'governor' | 'lao_officer' | 'public';
	provinceCode: Province | null;
}
const users = {
	'dla.demo': { role: 'dla_staff', provinceCode: null },
	'planner.th40': { role: 'planner', provinceCode: 'TH40' },
	'planner.th30': { role: 'planner', provinceCode: 'TH30' },
	'governor.th40': { role: 'governor', provinceCode: 'TH40' },
	'governor.th30': { role: 'governor', provinceCode: 'TH30' },
	'lao.6400906': { role: 'lao_officer', provinceCode: 'TH40' },
	public: { role: 'public', provinceCode: null }
} as const satisfies Record<string, UserFacts>;
type Who = keyof typeof users;
const everyone = Object.keys(users) as Who[];
const cookies = {} as Record<Who, string | undefined>;

/** The rule, written once: the province's planners and DLA staff moderate its comments. */
const moderates = (user: UserFacts, province: Province) =>
	user.role === 'dla_staff' || (user.role === 'planner' && user.provinceCode === province);
const opensQueue = (user: UserFacts) => user.role === 'dla_staff' || user.role === 'planner';

let addressCounter = 0;
/** A fresh client address (documentation range), so the rate limit of one cell never meets another's. */
const freshAddress = () => `203.0.113.${++addressCounter % 250}`;

async function request(
	method: 'GET' | 'POST',
	path: string,
	who: Who,
	body?: unknown,
	address = freshAddress()
): Promise<Response> {
	const headers: Record<string, string> = {
		origin: app!.url,
		'x-forwarded-for': address,
		...(body !== undefined && { 'content-type': 'application/json' }),
		...(cookies[who] && { cookie: cookies[who] })
	};
	return fetch(`${app!.url}${path}`, {
		method,
		redirect: 'manual',
		headers,
		...(body !== undefined && { body: JSON.stringify(body) })
	});
}

let zone40: MadeZone;
let draft40: MadeZone;

async function postComment(text: string, zoneId = zone40.id, address?: string): Promise<number> {
	const response = await request(
		'POST',
		`/api/zones/${zoneId}/comments`,
		'public',
		{
			category: 'concern',
			text
		},
		address
	);
	expect(response.status, await response.clone().text()).toBe(201);
	return ((await response.json()) as { id: number }).id;
}

async function pendingTotal(): Promise<number> {
	const response = await request('GET', '/api/comments/queue', 'dla.demo');
	expect(response.status).toBe(200);
	return ((await response.json()) as { total: number }).total;
}

describe('public comments: who may do what, over HTTP', () => {
	beforeAll(async () => {
		app = await startApp({
			env: { DEMO_MODE: 'true', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
		});
		await waitUntilReady(app);
		// Log-ins and setup go through the same header (adapter-node wants it on every request).
		http = httpClient(app.url);
		const withHeader = (init: RequestInit = {}) => ({
			...init,
			headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': '192.0.2.1' }
		});
		const realFetch = globalThis.fetch;
		globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
			realFetch(input, withHeader(init))) as typeof fetch;
		for (const who of everyone) if (who !== 'public') cookies[who] = await http.logInAs(who);
		// Not about the readiness rules (tests/e2e/readiness.e2e.ts is): every rule off.
		await turnReadinessRulesOff(http);
		zone40 = await approvedZoneOfLaos(
			http,
			{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
			{ provinceCode: 'TH40', dlaCodes: ['6400906'], name: 'เขตทดสอบสิทธิ์ความคิดเห็น' }
		);
		draft40 = await draftZoneOfLaos(http, cookies['planner.th40']!, {
			provinceCode: 'TH40',
			dlaCodes: ['6400907'],
			name: 'เขตร่างไม่รับความคิดเห็น'
		});
		globalThis.fetch = realFetch;
	}, 240_000);
	afterAll(async () => {
		await app?.stop();
	});

	test('posting: everyone, signed in or not (201); reading the published and their places: everyone (200)', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		for (const who of everyone) {
			const posted = await request('POST', `/api/zones/${zone40.id}/comments`, who, {
				category: 'question',
				text: `คำถามจาก ${who}`
			});
			if (posted.status !== 201)
				wrong.push(`POST by ${who}: ${posted.status} ${await posted.text()}`);
			const read = await request('GET', `/api/zones/${zone40.id}/comments`, who);
			if (read.status !== 200) wrong.push(`GET by ${who}: ${read.status}`);
			// The places of an approved zone's published comments: as public as the comments.
			const pins = await request('GET', `/api/zones/${zone40.id}/comments/pins`, who);
			if (pins.status !== 200) wrong.push(`GET pins by ${who}: ${pins.status}`);
		}
		expect(wrong).toEqual([]);
	});

	test('publish and hide: the province planner and DLA staff only; the queue and its page likewise', async () => {
		showAppOutputOnFailure();
		const wrong: string[] = [];
		for (const who of everyone) {
			const user: UserFacts = users[who];
			const id = await postComment(`ตรวจสิทธิ์ ${who}`);
			const expected = moderates(user, 'TH40') ? 200 : 403;
			const published = await request('POST', `/api/comments/${id}/moderation`, who, {
				decision: 'publish'
			});
			if (published.status !== expected)
				wrong.push(`publish by ${who}: ${published.status}, expected ${expected}`);
			const hidden = await request('POST', `/api/comments/${id}/moderation`, who, {
				decision: 'hide',
				reason: 'ทดสอบการซ่อน'
			});
			if (hidden.status !== expected)
				wrong.push(`hide by ${who}: ${hidden.status}, expected ${expected}`);

			const queue = await request('GET', '/api/comments/queue', who);
			const queueExpected = opensQueue(user) ? 200 : 403;
			if (queue.status !== queueExpected)
				wrong.push(`queue by ${who}: ${queue.status}, expected ${queueExpected}`);
			if (queue.status === 200) {
				const body = (await queue.json()) as { comments: { provinceCode: string }[] };
				const foreign = body.comments.filter(
					(c) => user.role !== 'dla_staff' && c.provinceCode !== user.provinceCode
				);
				if (foreign.length > 0) wrong.push(`queue by ${who} lists other provinces' comments`);
			}

			const page = await request('GET', '/review/comments', who);
			const pageExpected = who === 'public' ? 303 : opensQueue(user) ? 200 : 403;
			if (page.status !== pageExpected)
				wrong.push(`moderation page by ${who}: ${page.status}, expected ${pageExpected}`);
			await page.body?.cancel();
		}
		expect(wrong).toEqual([]);
	});

	test('the public JSON of published comments never carries a name or contact', async () => {
		showAppOutputOnFailure();
		const response = await request('POST', `/api/zones/${zone40.id}/comments`, 'public', {
			category: 'support',
			text: 'เห็นด้วยกับเขตนี้',
			name: 'ชื่อที่ต้องไม่เผยแพร่',
			contact: 'private@example.com'
		});
		const { id } = (await response.json()) as { id: number };
		await request('POST', `/api/comments/${id}/moderation`, 'planner.th40', {
			decision: 'publish'
		});
		const json = await (await request('GET', `/api/zones/${zone40.id}/comments`, 'public')).text();
		expect(json).toContain('เห็นด้วยกับเขตนี้');
		expect(json).not.toContain('ชื่อที่ต้องไม่เผยแพร่');
		expect(json).not.toContain('private@example.com');
		const pins = await (
			await request('GET', `/api/zones/${zone40.id}/comments/pins`, 'public')
		).text();
		expect(pins).not.toContain('ชื่อที่ต้องไม่เผยแพร่');
		expect(pins).not.toContain('private@example.com');
		const html = await (await request('GET', `/zones/${zone40.id}`, 'public')).text();
		expect(html).toContain('เห็นด้วยกับเขตนี้');
		expect(html).not.toContain('ชื่อที่ต้องไม่เผยแพร่');
		expect(html).not.toContain('private@example.com');
		const geojson = await (
			await request('GET', `/zones/${zone40.id}/export/zone.geojson`, 'public')
		).text();
		expect(geojson).not.toContain('private@example.com');
	});

	test('bad input is refused naming the field, and nothing is stored', async () => {
		showAppOutputOnFailure();
		const before = await pendingTotal();
		const cases: [string, Record<string, unknown>, number, string][] = [
			['over 2,000 characters', { category: 'support', text: 'ก'.repeat(2001) }, 400, 'text'],
			['HTML', { category: 'support', text: '<script>alert(1)</script>' }, 400, 'text'],
			['the honeypot', { category: 'support', text: 'ok', website: 'x' }, 400, 'website'],
			[
				'a point outside the zone',
				{
					category: 'support',
					text: 'ok',
					geometry: { type: 'Point', coordinates: [100.5, 13.75] }
				},
				400,
				'geometry'
			]
		];
		for (const [what, body, status, field] of cases) {
			const response = await request('POST', `/api/zones/${zone40.id}/comments`, 'public', body);
			expect(response.status, what).toBe(status);
			const answer = (await response.json()) as { problems: { field?: string }[] };
			expect(
				answer.problems.map((p) => p.field),
				what
			).toContain(field);
		}
		const notCommentable = await request('POST', `/api/zones/${draft40.id}/comments`, 'public', {
			category: 'support',
			text: 'ok'
		});
		expect(notCommentable.status).toBe(404);
		expect(await pendingTotal()).toBe(before);
	});

	test('the 11th post from one address within the hour: 429 with Retry-After, not stored', async () => {
		showAppOutputOnFailure();
		const address = '198.51.100.77';
		for (let i = 1; i <= 10; i++) await postComment(`ครั้งที่ ${i}`, zone40.id, address);
		const before = await pendingTotal();
		const refused = await request(
			'POST',
			`/api/zones/${zone40.id}/comments`,
			'public',
			{ category: 'support', text: 'ครั้งที่ 11' },
			address
		);
		expect(refused.status).toBe(429);
		const retryAfter = Number(refused.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(3500);
		expect(retryAfter).toBeLessThanOrEqual(3600);
		expect(await pendingTotal()).toBe(before);
		// Another address still may.
		await postComment('อีกเครื่องหนึ่ง', zone40.id, '198.51.100.78');
	});
});
