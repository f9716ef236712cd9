import { expect } from 'vitest';
import type { HttpClient } from './http-client';

/**
 * Zones made over HTTP with the demo accounts (DEMO_MODE=true), for the end-to-end tests that
 * need one in a given state before they open pages: the planner draws it as the union of some
 * LAOs, submits it, and the governor approves it — the same requests the pages send.
 */

type Lon = number;
type Lat = number;

/** A square of `sizeDegrees` (0.012° is about 1.7 km² in Thailand) with its south-west corner given. */
export function square(lon: Lon, lat: Lat, sizeDegrees = 0.012) {
	return {
		type: 'Polygon' as const,
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

/**
 * The demo provinces' grids: 50 squares of 0.012° on a 0.03° grid inside each province (checked
 * once against the boundaries), so zones drawn on different squares never overlap.
 */
export const gridProvinces = ['TH40', 'TH30'] as const;
export type GridProvince = (typeof gridProvinces)[number];
const gridOrigin: Record<GridProvince, [Lon, Lat]> = {
	TH40: [102.6, 16.35], // around ขอนแก่น city
	TH30: [101.95, 15.05] // north of นครราชสีมา city
};
export const gridSquareCount = 50;

/** Square number `index` (0–49) of the province's grid. */
export function gridSquare(province: GridProvince, index: number) {
	if (index >= gridSquareCount) throw new Error(`no grid square ${index} in ${province}`);
	const [lon, lat] = gridOrigin[province];
	return square(lon + 0.03 * (index % 10), lat + 0.03 * Math.floor(index / 10));
}

/** The JSON a planner posts to `/api/zones` for a drawn zone. */
export function zoneBody(provinceCode: string, name: string, geometry: unknown) {
	return {
		provinceCode,
		baseRevisionId: null,
		attributes: {
			name,
			description: 'เขตสำหรับการทดสอบ',
			objectives: '',
			objectiveTags: [],
			partners: [{ sector: 'people', name: 'วิสาหกิจชุมชนทดสอบ' }]
		},
		geometry,
		geometrySource: 'drawn'
	};
}

export interface MadeZone {
	id: number;
	revisionId: number;
	name: string;
	areaKm2: number;
}

async function ok(response: Response, what: string, status = 200) {
	const text = await response.text();
	expect(response.status, `${what}: ${text}`).toBe(status);
	return JSON.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A draft zone of `provinceCode` covering the union of `dlaCodes`, by that province's planner. */
export async function draftZoneOfLaos(
	http: HttpClient,
	plannerCookie: string,
	args: { provinceCode: string; dlaCodes: string[]; name: string }
): Promise<MadeZone> {
	const union = await ok(
		await http.json(
			'POST',
			'/api/zones/union',
			{ provinceCode: args.provinceCode, dlaCodes: args.dlaCodes },
			plannerCookie
		),
		'the union of the LAOs'
	);
	const created = await ok(
		await http.json(
			'POST',
			'/api/zones',
			{ ...zoneBody(args.provinceCode, args.name, union.geometry), geometrySource: 'laos' },
			plannerCookie
		),
		'creating the zone',
		201
	);
	return {
		id: created.zone.id,
		revisionId: created.revision.id,
		name: created.revision.name,
		areaKm2: created.revision.areaKm2
	};
}

/** Sends one workflow event naming the zone's current revision; returns the answer's body. */
export async function workflowEvent(
	http: HttpClient,
	cookie: string,
	zone: MadeZone,
	event: string,
	reasons: { reasonCodes?: string[]; reasonText?: string } = {}
) {
	return ok(
		await http.json(
			'POST',
			`/api/zones/${zone.id}/workflow`,
			{ event, revisionId: zone.revisionId, ...reasons },
			cookie
		),
		`${event} zone ${zone.id}`
	);
}

/** A zone drafted, submitted and approved: its revision 1 is in force. */
export async function approvedZoneOfLaos(
	http: HttpClient,
	cookies: { planner: string; governor: string },
	args: { provinceCode: string; dlaCodes: string[]; name: string }
): Promise<MadeZone & { approveTransitionId: number }> {
	const zone = await draftZoneOfLaos(http, cookies.planner, args);
	await workflowEvent(http, cookies.planner, zone, 'submit');
	const approved = await workflowEvent(http, cookies.governor, zone, 'approve');
	return { ...zone, approveTransitionId: approved.transition.id };
}

/**
 * For end-to-end files that submit and approve zones but are not about the readiness rules
 * (issue 17): DLA staff turn every rule off nationally, over the same API the admin page's
 * service serves. Each file's app has its own data directory, so this never reaches
 * `readiness.e2e.ts`, which runs on the defaults.
 */
export async function turnReadinessRulesOff(http: HttpClient): Promise<void> {
	const dla = await http.logInAs('dla.demo');
	await ok(
		await http.json(
			'POST',
			'/api/readiness-rules',
			{
				provinceCode: null,
				rules: {
					submit: {
						allCoveredLaosAsked: false,
						objectivesFilled: false,
						minNetworkSectors: 0,
						swotFilled: false
					},
					approve: { minAnsweredPercent: 0, noObjection: false }
				},
				note: 'End-to-end tests not about readiness: every rule off'
			},
			dla
		),
		'turning the readiness rules off',
		201
	);
}
