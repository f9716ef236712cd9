import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { scoreLaos } from '../../geo/scoring/score-laos';
import { allMessages } from '../../i18n';
import type { Database } from '../db/database';
import {
	findOfficialLaoScore,
	loadOfficialScoringInputs,
	loadScoresPage,
	scoresToCsv
} from './scores-page.service';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

describe('the scores page service', () => {
	it('scores lazily, then lists the busiest province best first', async () => {
		const page = await loadScoresPage(database.db, undefined);
		// The default's current edition (version 1, the first default, is kept beside it).
		expect(page.model.version).toBe(2);
		expect(page.model.rationaleTh).toContain('มท ๐๘๐๑.๒/ว ๕๒');
		const busiest = Math.max(...page.provinces.map((p) => p.scoredCount));
		const chosen = page.provinces.find((p) => p.code === page.provinceCode);
		expect(chosen?.scoredCount).toBe(busiest);
		expect(page.rows).toHaveLength(busiest);
		const ranks = page.rows.map((r) => r.provinceRank);
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
		expect(page.rows[0]!.provinceRank).toBe(1);
		for (const row of page.rows) {
			expect(row.provinceCode).toBe(page.provinceCode);
			expect(row.sensitivityTop10Share).toBeGreaterThanOrEqual(0);
			expect(row.sensitivityTop10Share).toBeLessThanOrEqual(1);
		}
	});

	it('shows the province asked for, and falls back to the busiest for an unknown one', async () => {
		const khonKaen = await loadScoresPage(database.db, 'TH40');
		expect(khonKaen.provinceCode).toBe('TH40');
		const unknown = await loadScoresPage(database.db, 'TH99');
		const byDefault = await loadScoresPage(database.db, undefined);
		expect(byDefault.provinceCode).toMatch(/^TH\d\d$/);
		expect(unknown.provinceCode).toBe(byDefault.provinceCode);
	});

	it('writes CSV with a BOM, Thai headers and one line per LAO', async () => {
		const page = await loadScoresPage(database.db, 'TH40');
		const csv = scoresToCsv(page.rows, allMessages().th, {
			modelName: page.model.name,
			modelVersion: page.model.version,
			sources: ['Source A', 'Source B']
		});
		expect(csv.startsWith('\uFEFFอันดับในจังหวัด,อันดับประเทศ,รหัส อปท.,')).toBe(true);
		expect(csv.split('\r\n')[0]).toMatch(/,แบบจำลอง,ที่มาของข้อมูล$/);
		const lines = csv.trimEnd().split('\r\n');
		expect(lines).toHaveLength(page.rows.length + 1);
		expect(lines[1]).toContain(page.rows[0]!.dlaCode);
		expect(lines[1]).toContain('องค์การบริหารส่วนตำบล');
		expect(lines[1]).toContain(`${page.model.name} รุ่น 2,Source A · Source B`);
	});

	it('gives the browser the inputs that reproduce the stored scores', async () => {
		const { model, inputs } = await loadOfficialScoringInputs(database.db);
		expect(inputs.length).toBeGreaterThan(7000);
		expect(model.criteria.map((c) => c.indicator)).toContain('area_km2');
		// Re-scored here with the browser's own code, from what the browser is given.
		const rescored = new Map(scoreLaos(model, inputs).map((s) => [s.dlaCode, s]));
		const page = await loadScoresPage(database.db, 'TH40');
		expect(page.rows.length).toBeGreaterThan(100);
		for (const row of page.rows) {
			const again = rescored.get(row.dlaCode);
			expect(again?.score, row.dlaCode).toBeCloseTo(row.score!, 9);
			expect(again?.provinceRank, row.dlaCode).toBe(row.provinceRank);
		}
		const best = await findOfficialLaoScore(database.db, page.rows[0]!.dlaCode);
		expect(best?.score).toBe(page.rows[0]!.score);
		expect(best?.breakdown).toEqual(rescored.get(page.rows[0]!.dlaCode)!.breakdown);
	});
});
