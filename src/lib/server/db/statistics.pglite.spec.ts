import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { refreshAnalysis } from '../scoring/refresh-analysis.service';
import type { Database } from './database';
import { plannerStatisticsMissing } from './statistics';

/** The planner's row estimate for the LAOs' area values (the /scores diagnostic's join). */
async function estimatedAreaRows(db: Database['db']): Promise<number> {
	const plan = await sql<{ 'QUERY PLAN': string }>`
		EXPLAIN SELECT * FROM indicator_value
		WHERE indicator_key = 'area_km2' AND unit_kind = 'lao'`.execute(db);
	return Number(/rows=(\d+)/.exec(plan.rows[0]!['QUERY PLAN'])![1]);
}

describe('planner statistics on the embedded engine (no autovacuum)', () => {
	let empty: Database;
	let imported: Database;
	beforeAll(async () => {
		[empty, imported] = await Promise.all([
			openTestDatabase('empty'),
			openTestDatabase('imported')
		]);
	});
	afterAll(async () => {
		await empty?.close();
		await imported?.close();
	});

	it('are missing on a database nothing has analysed', async () => {
		expect(await plannerStatisticsMissing(empty.db)).toBe(true);
	});

	it('are gathered by the import and by the analysis that follows it', async () => {
		expect(await plannerStatisticsMissing(imported.db)).toBe(false);
		await refreshAnalysis(imported.db);
		const stored = await sql<{ n: number }>`
			SELECT count(*)::int AS n FROM indicator_value
			WHERE indicator_key = 'area_km2' AND unit_kind = 'lao'`.execute(imported.db);
		expect(stored.rows[0]!.n).toBeGreaterThan(7000);
		// Unanalysed, the planner took these thousands of rows for one.
		expect(await estimatedAreaRows(imported.db)).toBeGreaterThan(stored.rows[0]!.n * 0.8);
	});
});
