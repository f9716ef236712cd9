import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { openTestDatabase, sharedGeodataDir } from '../../../../tests/setup/test-database';
import {
	defaultModelEdition,
	defaultScoringModel,
	defaultScoringModelV1
} from '../../geo/scoring/default-model';
import { osmPoiPackSourceLine } from '../../indicators/osm-poi-pack';
import type { Database } from '../db/database';
import { importIndicatorsAndRescore } from '../indicators/indicator-packs.service';
import { diagnoseStoredModel } from './model-diagnostic.service';
import { officialScoresCsv } from './official-scores-csv.service';
import { analysisMissing, refreshAnalysis } from './refresh-analysis.service';
import * as scoring from './scoring.repository';
import {
	computeAndStoreScores,
	findOfficialModelId,
	publishModelVersion,
	saveModelVersion
} from './scoring.service';

const memo = fs.readFileSync(
	path.join(sharedGeodataDir, '..', 'reference', 'moi-directive-sedz-2564.txt'),
	'utf8'
);
const osmFile = path.join(sharedGeodataDir, '..', 'indicators', 'osm_tambon_poi_density_2024.csv');

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

const versions = () =>
	database.db
		.selectFrom('scoring_model')
		.select(['id', 'name', 'version', 'is_official', 'created_by'])
		.orderBy('id')
		.execute();

describe('the default model, version 2', () => {
	it('quotes the memo word for word and names who said what', () => {
		const advisor = 'พื้นที่ขององค์กรปกครองส่วนท้องถิ่นหลายแห่งที่มีพื้นที่ขนาดใหญ่และมีศักยภาพ';
		const directive = 'ให้ท้องถิ่นจังหวัดสนับสนุนผู้ว่าราชการจังหวัดในการดำเนินงานเรื่องเขตพัฒนาเศรษฐกิจพอเพียง';
		// Both sentences are in the memo, the first in the advisor's row, the second in the
		// Permanent Secretary's directive on SEDZ.
		const advisorRow = memo.indexOf('ผู้ช่วยศาสตราจารย์ พิเชฐ โสวิทยสกุล');
		expect(advisorRow).toBeGreaterThan(0);
		expect(memo.indexOf(advisor)).toBeGreaterThan(advisorRow);
		expect(memo.indexOf(directive)).toBeGreaterThan(0);
		expect(memo.indexOf(directive)).toBeLessThan(advisorRow);
		for (const text of [defaultScoringModel.rationale_th, defaultScoringModel.rationale_en]) {
			expect(text).toContain(advisor);
			expect(text).toContain(directive);
			expect(text).toContain('พิเชฐ');
		}
		// Version 1 put the advisor's words in the Permanent Secretary's mouth.
		expect(defaultScoringModelV1.rationale_en).toMatch(
			/Permanent Secretary for the Interior's directive/
		);
		expect(defaultScoringModel.rationale_en).not.toMatch(
			/Permanent Secretary for the Interior's directive/
		);
	});

	it('keeps area, but not alone: a criterion per km² that is not size', () => {
		const weights = Object.fromEntries(
			defaultScoringModel.criteria.map((c) => [c.indicator, c.weight])
		);
		const total = Object.values(weights).reduce((a, b) => a + b, 0);
		expect(weights.area_km2! / total).toBeLessThan(0.4 / 1);
		expect(Math.max(...Object.values(weights))).toBe(weights.area_km2);
		expect(Object.keys(weights).some((k) => k.endsWith('_per_km2'))).toBe(true);
	});

	it('replaces the system’s version 1 as official, keeping version 1 and its scores', async () => {
		// A database scored before version 2 existed: version 1 official, with its scores.
		const v1 = await saveModelVersion(database.db, defaultScoringModelV1, {
			isOfficial: true,
			createdBy: null
		});
		await computeAndStoreScores(database.db, v1.id);
		expect(await analysisMissing(database.db)).toBe(true);
		await refreshAnalysis(database.db);
		expect(await versions()).toMatchObject([
			{ id: v1.id, version: 1, is_official: false },
			{ version: defaultModelEdition, is_official: true, created_by: null }
		]);
		const v1Scores = await database.db
			.selectFrom('lao_score')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('model_id', '=', v1.id)
			.executeTakeFirstOrThrow();
		expect(Number(v1Scores.n)).toBeGreaterThan(7000);
		expect(await analysisMissing(database.db)).toBe(false);
		const audit = await database.db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('action', '=', 'scoring_model.published')
			.execute();
		expect(audit).toHaveLength(1);
	});

	it('without the OSM pack, says which criteria have no data', async () => {
		const diagnostic = await diagnoseStoredModel(
			database.db,
			await findOfficialModelId(database.db)
		);
		expect(diagnostic.missingCriteria.sort()).toEqual([
			'osm_local_assets_per_km2',
			'osm_places_of_worship_per_km2',
			'osm_schools_per_km2'
		]);
	});

	it('with the OSM pack: |r(score, ln area)| ≤ 0.7, and version 1 warns it ranks by area', async () => {
		const imported = await importIndicatorsAndRescore(database.db, {
			fileName: osmFile,
			bytes: fs.readFileSync(osmFile),
			trigger: 'test'
		});
		expect(imported.status).toBe('succeeded');
		expect(imported.rescored).toMatchObject([{ version: defaultModelEdition }]);
		const officialId = await findOfficialModelId(database.db);
		const v2 = await diagnoseStoredModel(database.db, officialId);
		expect(v2.missingCriteria).toEqual([]);
		expect(v2.scoredCount).toBeGreaterThan(4000);
		console.log(
			`default v2 on the real data: r(score, ln area) = ${v2.lnArea.r!.toFixed(3)}; ` +
				v2.criteria.map((c) => `${c.indicator} ${c.r!.toFixed(2)}`).join(', ')
		);
		expect(Math.abs(v2.lnArea.r!)).toBeLessThanOrEqual(0.7);
		expect(v2.dominant).toBeNull();

		const [v1] = await versions();
		await computeAndStoreScores(database.db, v1!.id);
		const first = await diagnoseStoredModel(database.db, v1!.id);
		expect(first.lnArea.r!).toBeGreaterThan(0.9);
		expect(first.dominant?.indicator).toMatch(/^(area_km2|ln_area)$/);
	});

	it('marks a score approximate only where a figure behind it is built from part-tambons', async () => {
		const officialId = await findOfficialModelId(database.db);
		const scores = await database.db
			.selectFrom('lao_score')
			.innerJoin('lao', 'lao.dla_code', 'lao_score.dla_code')
			.select(['lao_score.approximate', 'lao_score.breakdown', 'lao.geom_approximate'])
			.where('model_id', '=', officialId)
			.where('score', 'is not', null)
			.execute();
		const approximate = scores.filter((s) => s.approximate).length;
		console.log(`approximate badge: ${approximate} of ${scores.length} official scores`);
		expect(approximate).toBeGreaterThan(0);
		expect(approximate).toBeLessThan(scores.length / 2);
		for (const s of scores) {
			expect(s.approximate).toBe(s.geom_approximate || s.breakdown.some((b) => b.approximate));
			// Population is an estimate labelled with its method, never the reason for the badge.
			expect(s.breakdown.find((b) => b.indicator === 'population')?.approximate ?? false).toBe(
				false
			);
		}
	});

	it('publishes every LAO’s official score as CSV with the model version and source lines', async () => {
		const { csv, version } = await officialScoresCsv(database.db);
		expect(version).toBe(defaultModelEdition);
		expect(csv.startsWith('\uFEFFdla_code,name_th,name_en,lao_type,province_code,')).toBe(true);
		const lines = csv.trimEnd().split('\r\n');
		const header = lines[0]!.replace('\uFEFF', '').split(',');
		for (const c of defaultScoringModel.criteria)
			expect(header).toEqual(
				expect.arrayContaining([`${c.indicator}_raw`, `${c.indicator}_normalised`])
			);
		const laoCount = await database.db
			.selectFrom('lao')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow();
		expect(lines).toHaveLength(Number(laoCount.n) + 1);
		// The best LAO first, with its ranks, the model and the sources.
		const first = lines[1]!;
		expect(first).toMatch(/,true,,[0-9.]+,1,1,(true|false),/);
		expect(first).toContain(`,${defaultScoringModel.name},${defaultModelEdition},`);
		expect(first).toContain(osmPoiPackSourceLine);
		// A PAO has no score, and says why.
		expect(lines.find((l) => l.includes(',provincial_admin_org,'))).toMatch(
			/,false,lao_type_not_in_model,,,,/
		);
	});

	it('never replaces a model DLA staff published', async () => {
		const dla = await createTestUser(database.db, { role: 'dla_staff' });
		await publishModelVersion(database.db, {
			actor: dla,
			document: { ...defaultScoringModel, name: 'แบบจำลองของ สถ.' }
		});
		const official = await scoring.findOfficialModel(database.db);
		expect(official?.name).toBe('แบบจำลองของ สถ.');
		expect(await analysisMissing(database.db)).toBe(false);
		await refreshAnalysis(database.db);
		expect((await scoring.findOfficialModel(database.db))?.name).toBe('แบบจำลองของ สถ.');
	});
});
