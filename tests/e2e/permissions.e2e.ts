/**
 * The permission table of the zones issue, over HTTP against the built app (the same cells are
 * tested in the service layer beside the zone service). Every refusal must come from the server:
 * these are plain requests, no page, no hidden button. A refusal is 403, or 404 where the mere
 * existence of a draft must not leak (another province's planner or governor, an LAO officer
 * whose response has not been requested, the public).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';

let app: RunningApp | undefined;
let http: HttpClient;
/** Session cookies by demo account; `public` has none. */
const cookies: Record<string, string | undefined> = { public: undefined };
const actors = [
	'dla.demo',
	'planner.th40',
	'planner.th30',
	'governor.th40',
	'governor.th30',
	'lao.6400906',
	'district.th4001'
] as const;
type Who = (typeof actors)[number] | 'public';

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** A square of `sizeDegrees` with its south-west corner at (lon, lat), well inside ขอนแก่น. */
function square(lon: number, lat: number, sizeDegrees = 0.02) {
	return {
		type: 'Polygon',
		coordinates: [
			[
				[lon, lat],
				[lon + sizeDegrees, lat],
				[lon + sizeDegrees, lat + sizeDegrees],
				[lon, lat + sizeDegrees],
				[lon, lat]
			]
		]
	};
}

function zoneBody(name: string, geometry: unknown) {
	return {
		provinceCode: 'TH40',
		baseRevisionId: null,
		attributes: {
			name,
			description: 'ทดสอบสิทธิ์',
			objectives: '',
			objectiveTags: [],
			partners: [{ sector: 'people', name: 'วิสาหกิจชุมชนบ้านฝาง' }]
		},
		geometry,
		geometrySource: 'drawn'
	};
}

async function statusOf(response: Response): Promise<number> {
	await response.body?.cancel();
	return response.status;
}

/** The zone every read and edit cell works on: a draft of ขอนแก่น made by its planner. */
let zoneId: number;
let revisionId: number;

describe('the zone permission table over HTTP', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		for (const who of actors) cookies[who] = await http.logInAs(who);
		const created = await http.json(
			'POST',
			'/api/zones',
			zoneBody('เขตทดสอบสิทธิ์', square(102.8, 16.4)),
			cookies['planner.th40']
		);
		expect(created.status, await created.clone().text()).toBe(201);
		const body = (await created.json()) as { zone: { id: number }; revision: { id: number } };
		zoneId = body.zone.id;
		revisionId = body.revision.id;
	}, 240_000);

	afterAll(async () => {
		await app?.stop();
	});

	test('create a zone in ขอนแก่น: DLA staff and its own planner only', async () => {
		showAppOutputOnFailure();
		const expected: Record<Who, number> = {
			'dla.demo': 201,
			'planner.th40': 201,
			'planner.th30': 403,
			'governor.th40': 403,
			'governor.th30': 403,
			'lao.6400906': 403,
			'district.th4001': 403,
			public: 403
		};
		const seen: Record<string, number> = {};
		// Squares 0.05° apart along 16.55° N, all inside ขอนแก่น, so allowed creations never
		// overlap each other.
		let lon = 102.15;
		for (const who of Object.keys(expected) as Who[]) {
			lon += 0.05;
			const response = await http.json(
				'POST',
				'/api/zones',
				zoneBody(`เขตของ ${who}`, square(lon, 16.55)),
				cookies[who]
			);
			seen[who] = response.status;
			if (response.status === 400) console.error(who, await response.text());
			else await response.body?.cancel();
		}
		expect(seen).toEqual(expected);
	});

	test('read a draft: DLA staff, the province’s planner and governor; 404 for everyone else', async () => {
		showAppOutputOnFailure();
		const expected: Record<Who, number> = {
			'dla.demo': 200,
			'planner.th40': 200,
			'planner.th30': 404,
			'governor.th40': 200,
			'governor.th30': 404,
			// Not until the planner requests this LAO's response (the review workflow).
			'lao.6400906': 404,
			'district.th4001': 404,
			public: 404
		};
		const seen: Record<string, number> = {};
		const seenExport: Record<string, number> = {};
		for (const who of Object.keys(expected) as Who[]) {
			seen[who] = await statusOf(await http.get(`/api/zones/${zoneId}`, cookies[who]));
			seenExport[who] = await statusOf(
				await http.get(`/zones/${zoneId}/export/zone.geojson`, cookies[who])
			);
		}
		expect(seen).toEqual(expected);
		expect(seenExport).toEqual(expected);
		// The workspace page answers the same for another province's planner.
		expect(await statusOf(await http.get(`/plan/zones/${zoneId}`, cookies['planner.th30']))).toBe(
			404
		);
	});

	test('edit a draft: DLA staff and the province’s planner; the governor may read but not edit', async () => {
		showAppOutputOnFailure();
		const expected: Record<Who, number> = {
			'dla.demo': 200,
			'planner.th40': 200,
			'planner.th30': 404,
			'governor.th40': 403,
			'governor.th30': 404,
			'lao.6400906': 404,
			'district.th4001': 404,
			// The public may not change anything: refused before the zone is even looked up.
			public: 403
		};
		const seen: Record<string, number> = {};
		let base = revisionId;
		for (const who of Object.keys(expected) as Who[]) {
			const response = await http.json(
				'PUT',
				`/api/zones/${zoneId}`,
				{ ...zoneBody(`แก้โดย ${who}`, square(102.8, 16.4, 0.021)), baseRevisionId: base },
				cookies[who]
			);
			seen[who] = response.status;
			if (response.status === 200) {
				base = ((await response.json()) as { revision: { id: number } }).revision.id;
			} else await response.body?.cancel();
		}
		expect(seen).toEqual(expected);
	});

	test('import a file: DLA staff and the province’s planner only', async () => {
		showAppOutputOnFailure();
		const geojson = JSON.stringify({
			type: 'Feature',
			properties: {},
			geometry: square(102.7, 16.2)
		});
		const expected: Record<Who, number> = {
			'dla.demo': 200,
			'planner.th40': 200,
			'planner.th30': 403,
			'governor.th40': 403,
			'governor.th30': 403,
			'lao.6400906': 403,
			'district.th4001': 403,
			public: 403
		};
		const seen: Record<string, number> = {};
		for (const who of Object.keys(expected) as Who[]) {
			const form = new FormData();
			form.set('provinceCode', 'TH40');
			form.set('file', new Blob([geojson], { type: 'application/geo+json' }), 'zone.geojson');
			const response = await fetch(`${app!.url}/api/zones/import`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: app!.url, ...(cookies[who] && { cookie: cookies[who] }) },
				body: form
			});
			seen[who] = await statusOf(response);
		}
		expect(seen).toEqual(expected);
	});

	test('publish a scoring model: DLA staff only', async () => {
		showAppOutputOnFailure();
		const expectedPage: Record<Who, number> = {
			'dla.demo': 200,
			'planner.th40': 403,
			'planner.th30': 403,
			'governor.th40': 403,
			'governor.th30': 403,
			'lao.6400906': 403,
			'district.th4001': 403,
			public: 303
		};
		const seenPage: Record<string, number> = {};
		for (const who of Object.keys(expectedPage) as Who[]) {
			seenPage[who] = await statusOf(await http.get('/admin/models', cookies[who]));
		}
		expect(seenPage).toEqual(expectedPage);
		// The action itself refuses too, whatever a page shows: a planner posting the form.
		const posted = await http.postForm(
			'/admin/models',
			{ name: 'แบบจำลองของผู้วางแผน', 'criterion.0.indicator': 'area_km2' },
			cookies['planner.th40']
		);
		expect(await statusOf(posted)).toBe(403);
	});

	test('a refused or missing page says so in the reader’s language, never in the developer’s words', async () => {
		showAppOutputOnFailure();
		const refused = await http.get('/admin/audit', cookies['planner.th40']);
		expect(refused.status).toBe(403);
		// What the page shows: its HTML without the hydration script (which carries the error's
		// message for the client router, as SvelteKit does; nothing renders it).
		const shown = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '');
		const thai = shown(await refused.text());
		expect(thai).toContain('ไม่มีสิทธิ์เข้าถึงหน้านี้');
		expect(thai).toContain('รหัสข้อผิดพลาด 403');
		expect(thai).not.toContain('Not allowed');
		const missing = await http.get('/no-such-page?lang=en', cookies['planner.th40']);
		expect(missing.status).toBe(404);
		const english = shown(await missing.text());
		expect(english).toContain('Page not found');
		expect(english).not.toContain('Not Found');
	});
});
