import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { analysisMissing, refreshAnalysis } from './refresh-analysis.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

describe('refreshAnalysis after a data import', () => {
	it('derives the built-in indicators and stores the official scores, idempotently', async () => {
		expect(await analysisMissing(database.db)).toBe(true);
		const first = await refreshAnalysis(database.db);
		expect(await analysisMissing(database.db)).toBe(false);
		expect(first.indicatorCounts.area_km2).toBeGreaterThan(7000);
		expect(first.scoredModels).toHaveLength(1);
		expect(first.scoredModels[0]!.scored).toBeGreaterThan(4000);

		const scoresOf = () =>
			database.db
				.selectFrom('lao_score')
				.select(['dla_code', 'score', 'national_rank', 'sensitivity_top10_share'])
				.orderBy('dla_code')
				.execute();
		const before = await scoresOf();
		const second = await refreshAnalysis(database.db);
		expect(second.scoredModels).toEqual(first.scoredModels);
		expect(await scoresOf()).toEqual(before);
	});
});
