import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { defaultScoringModel } from '../../geo/scoring/default-model';
import { scoreLaos } from '../../geo/scoring/score-laos';
import type { Database } from '../db/database';
import { refreshBuiltInIndicators } from '../indicators/built-in-indicators.service';
import {
	computeAndStoreScores,
	ensureDefaultModel,
	getScores,
	InvalidScoringModelError,
	loadScoringInputs,
	saveModelVersion
} from './scoring.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
	// The built-in indicators (area, population, density, compactness) from the real data.
	const stored = await database.db
		.selectFrom('indicator_value')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	if (Number(stored.n) === 0) await refreshBuiltInIndicators(database.db);
});
afterAll(() => database?.close());

describe('scoring models', () => {
	it('saves each version of a name with the next number, and refuses a bad document', async () => {
		const first = await saveModelVersion(database.db, { ...defaultScoringModel, name: 'ทดสอบ' });
		const second = await saveModelVersion(database.db, {
			...defaultScoringModel,
			name: 'ทดสอบ',
			version: 99
		});
		expect([first.version, second.version]).toEqual([1, 2]);
		const stored = await database.db
			.selectFrom('scoring_model')
			.select(['document'])
			.where('id', '=', second.id)
			.executeTakeFirstOrThrow();
		expect(stored.document.version).toBe(2);
		await expect(
			saveModelVersion(database.db, { ...defaultScoringModel, criteria: [] })
		).rejects.toThrow(InvalidScoringModelError);
		await expect(
			saveModelVersion(database.db, { ...defaultScoringModel, criteria: [] })
		).rejects.toThrow(/criteria: needs at least one criterion/);
	});

	it('saves the default model once, as official', async () => {
		const a = await ensureDefaultModel(database.db);
		const b = await ensureDefaultModel(database.db);
		expect(b).toEqual(a);
		const row = await database.db
			.selectFrom('scoring_model')
			.select(['is_official', 'name', 'version'])
			.where('id', '=', a.id)
			.executeTakeFirstOrThrow();
		// Version 1 (issue 4's edition) is kept, not official; the default is published as version 2.
		expect(row).toEqual({ is_official: true, name: defaultScoringModel.name, version: 2 });
	});
});

describe('scores of the real data with the default model', () => {
	it('scores every eligible LAO with data, stores them all, and repeats exactly', async () => {
		const model = await ensureDefaultModel(database.db);
		const result = await computeAndStoreScores(database.db, model.id);
		const laoCount = await database.db
			.selectFrom('lao')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(result.laoCount).toBe(Number(laoCount.n));
		expect(result.eligibleCount).toBeGreaterThan(0);

		const { model: named, scores } = await getScores(database.db, model.id);
		expect(named).toMatchObject({ id: model.id, name: defaultScoringModel.name, version: 2 });
		expect(scores).toHaveLength(result.laoCount);
		for (const s of scores) {
			if (!s.eligible) {
				expect(s.lao_type !== 'subdistrict_admin_org' || s.ineligible_reason !== null).toBe(true);
				expect(s.score).toBeNull();
				continue;
			}
			expect(s.lao_type).toBe('subdistrict_admin_org');
			const hasData = s.breakdown.some((b) => b.raw !== null);
			if (hasData) {
				expect(Number.isFinite(s.score)).toBe(true);
				expect(s.score).toBeGreaterThanOrEqual(0);
				expect(s.score).toBeLessThanOrEqual(100);
				expect(s.national_rank).toBeGreaterThanOrEqual(1);
				expect(s.sensitivity_top10_share).toBeGreaterThanOrEqual(0);
				expect(s.sensitivity_top10_share).toBeLessThanOrEqual(1);
			}
		}
		expect(scores[0]!.national_rank).toBe(1);
		// Every province (76 with LAOs) has a first.
		const top = scores.filter((s) => s.province_rank === 1);
		expect(top.length).toBeGreaterThan(70);

		// The stored scores are the pure engine's, and a recomputation gives the same rows.
		const inputs = await loadScoringInputs(database.db, defaultScoringModel);
		const pure = new Map(scoreLaos(defaultScoringModel, inputs).map((s) => [s.dlaCode, s]));
		for (const s of scores) expect(s.score).toBe(pure.get(s.dla_code)!.score);
		await computeAndStoreScores(database.db, model.id);
		expect((await getScores(database.db, model.id)).scores).toEqual(scores);
	});

	it('filters by province', async () => {
		const model = await ensureDefaultModel(database.db);
		const { scores } = await getScores(database.db, model.id, { provinceCode: 'TH30' });
		expect(scores.length).toBeGreaterThan(0);
		expect(scores.every((s) => s.province_code === 'TH30')).toBe(true);
		const ranks = scores.filter((s) => s.province_rank !== null).map((s) => s.province_rank);
		expect(Math.min(...(ranks as number[]))).toBe(1);
	});
});
