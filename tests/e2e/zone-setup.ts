import { expect } from 'vitest';
import type { HttpClient } from './http-client';

/**
 * Zones made over HTTP with the demo accounts (DEMO_MODE=true), for the end-to-end tests that
 * need one in a given state before they open pages: the planner draws it as the union of some
 * LAOs, submits it, and the governor approves it — the same requests the pages send.
 */

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
			{
				provinceCode: args.provinceCode,
				baseRevisionId: null,
				attributes: {
					name: args.name,
					description: 'เขตสำหรับการทดสอบ',
					objectives: '',
					objectiveTags: [],
					partners: []
				},
				geometry: union.geometry,
				geometrySource: 'laos'
			},
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
