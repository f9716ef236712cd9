import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { ZoneRevisionView, ZoneView } from '$lib/zones/zone-api';
import { attributesOf, emptyAttributes, type ApiAnswer } from './zone-client';
import { ZoneSave } from './zone-save.svelte';

const geometry: MultiPolygon = {
	type: 'MultiPolygon',
	coordinates: [
		[
			[
				[102, 16],
				[102.1, 16],
				[102.1, 16.1],
				[102, 16]
			]
		]
	]
};

const zone: ZoneView = {
	id: 12,
	provinceCode: 'TH40',
	status: 'draft',
	currentRevisionId: 30,
	approvedRevisionId: null,
	submittedAt: null,
	createdAt: '2026-12-01T00:00:00Z',
	updatedAt: '2026-12-01T00:00:00Z'
};

function revision(id: number, revisionNumber: number, name: string): ZoneRevisionView {
	return {
		id,
		zoneId: zone.id,
		revisionNumber,
		name,
		areaKm2: 112.5,
		vertexCount: 4,
		geometrySource: 'drawn',
		basedOnRevisionId: null,
		createdAt: '2026-12-01T00:00:00Z',
		createdById: 1,
		createdByName: 'ผู้วางแผน',
		description: '',
		objectives: '',
		objectiveTags: [],
		partners: [],
		swot: { strengths: [], weaknesses: [], opportunities: [], threats: [] },
		geometry,
		coveredLaos: [],
		populationCovered: null,
		score: null,
		scoringModelId: null,
		metrics: {}
	};
}

/** The HTTP calls the module makes, answered in order from `answers` (no server in a unit spec). */
function standIn(answers: ApiAnswer<unknown>[]) {
	const calls: { path: string; method?: string; body?: unknown }[] = [];
	const call = (async (path: string, init: { method?: string; body?: unknown } = {}) => {
		calls.push({ path, method: init.method, body: init.body });
		const answer = answers.shift();
		if (!answer) throw new Error(`unexpected call ${path}`);
		return answer;
	}) as ConstructorParameters<typeof ZoneSave>[3];
	return { call, calls };
}

const named = (name: string) => ({ ...emptyAttributes(), name });

describe('ZoneSave (save, conflict, rebase)', () => {
	it('refuses to save without a name or a geometry, before asking the server', async () => {
		const { call, calls } = standIn([]);
		const save = new ZoneSave(null, null, emptyAttributes(), call);
		expect(await save.save('TH40', emptyAttributes(), geometry, 'drawn')).toEqual({
			kind: 'invalid'
		});
		expect([save.state, save.nameError, save.note]).toEqual([
			'failed',
			true,
			{ key: 'planNameRequired' }
		]);
		expect(await save.save('TH40', named('เขต'), null, 'drawn')).toEqual({ kind: 'invalid' });
		expect(save.note).toEqual({ key: 'planNothingDrawn' });
		expect(calls).toEqual([]);
	});

	it('saves a revision on the base revision and builds the next save on the saved one', async () => {
		const mine = revision(30, 1, 'เขตเดิม');
		const saved = revision(31, 2, 'เขตใหม่');
		const { call, calls } = standIn([{ ok: true, status: 200, body: { zone, revision: saved } }]);
		const save = new ZoneSave(zone, mine, attributesOf(mine), call);
		expect(save.attributesChanged(named('เขตใหม่'))).toBe(true);
		const outcome = await save.save('TH40', named('เขตใหม่'), geometry, 'drawn');
		expect(outcome).toEqual({ kind: 'saved', zone, revision: saved });
		expect(calls[0]).toMatchObject({
			path: '/api/zones/12',
			method: 'PUT',
			body: { baseRevisionId: 30 }
		});
		expect([save.state, save.baseRevisionId, save.note]).toEqual([
			'saved',
			31,
			{ key: 'planSavedRevision', number: 2 }
		]);
		expect(save.attributesChanged(attributesOf(saved))).toBe(false);
	});

	it('on a conflict loads their revision when the refusal lacks it; rebase then builds on theirs', async () => {
		const mine = revision(30, 1, 'เขตเดิม');
		const theirs = revision(32, 2, 'เขตของผู้อื่น');
		const { call, calls } = standIn([
			{ ok: false, status: 409, body: { error: 'zone.conflict', details: { current: null } } },
			{ ok: true, status: 200, body: { zone, revision: theirs } },
			{ ok: true, status: 200, body: { zone, revision: revision(33, 3, 'เขตของฉัน') } }
		]);
		const save = new ZoneSave(zone, mine, attributesOf(mine), call);
		expect(await save.save('TH40', named('เขตของฉัน'), geometry, 'drawn')).toEqual({
			kind: 'conflict'
		});
		expect(calls.map((c) => c.path)).toEqual(['/api/zones/12', '/api/zones/12']);
		expect(save.conflict).toEqual({ theirs });
		expect([save.state, save.note]).toEqual(['failed', { key: 'planConflictShort' }]);
		save.rebaseOntoTheirs();
		expect([save.conflict, save.state, save.baseRevisionId]).toEqual([null, 'idle', 32]);
		expect(save.note).toEqual({ key: 'planRebased' });
		await save.save('TH40', named('เขตของฉัน'), geometry, 'drawn');
		expect(calls[2]).toMatchObject({ method: 'PUT', body: { baseRevisionId: 32 } });
	});

	it('taking theirs adopts their revision and keeps what I typed to copy from', async () => {
		const mine = revision(30, 1, 'เขตเดิม');
		const theirs = revision(32, 2, 'เขตของผู้อื่น');
		const { call } = standIn([
			{ ok: false, status: 409, body: { error: 'zone.conflict', details: { current: theirs } } }
		]);
		const save = new ZoneSave(zone, mine, attributesOf(mine), call);
		await save.save('TH40', named('เขตของฉัน'), geometry, 'drawn');
		expect(save.takeTheirs(named('เขตของฉัน'))).toEqual(theirs);
		expect(save.kept?.name).toBe('เขตของฉัน');
		expect([save.revision, save.baseRevisionId, save.conflict]).toEqual([theirs, 32, null]);
		expect(save.attributesChanged(attributesOf(theirs))).toBe(false);
		expect(save.note).toEqual({ key: 'planTookTheirs' });
	});

	it('hands the server’s problems back on a refusal, and names the status of an unexpected one', async () => {
		const problems = [{ rule: 'zone.overlaps_zone', message: 'overlap' }];
		const { call, calls } = standIn([
			{ ok: false, status: 400, body: { error: 'zone.invalid', problems } },
			{ ok: false, status: 503, body: { error: 'http_503' } }
		]);
		const save = new ZoneSave(null, null, emptyAttributes(), call);
		expect(await save.save('TH40', named('เขต'), geometry, 'drawn')).toEqual({
			kind: 'problems',
			problems
		});
		expect(calls[0]).toMatchObject({
			path: '/api/zones',
			body: { provinceCode: 'TH40', baseRevisionId: null }
		});
		expect(save.note).toEqual({ key: 'planSaveRefusedProblems' });
		expect(await save.save('TH40', named('เขต'), geometry, 'drawn')).toEqual({ kind: 'failed' });
		expect(save.note).toEqual({ key: 'planRequestFailed', status: 503 });
	});
});
