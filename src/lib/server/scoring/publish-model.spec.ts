import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { createTestUser } from '../../../../tests/fixtures/users';
import { defaultScoringModel } from '../../geo/scoring/default-model';
import type { Actor } from '../../accounts/roles';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { refreshAnalysis } from './refresh-analysis.service';
import { loadOfficialModel } from './scores-page.service';
import { findOfficialModelId, publishModelVersion } from './scoring.service';

let database: Database;
let dlaStaff: Actor;
beforeAll(async () => {
	database = await openTestDatabase('imported');
	await refreshAnalysis(database.db);
	dlaStaff = await createTestUser(database.db, { role: 'dla_staff' });
});
afterAll(() => database?.close());

const areaHeavier = {
	...defaultScoringModel,
	criteria: defaultScoringModel.criteria.map((c) =>
		c.indicator === 'area_km2' ? { ...c, weight: 0.7 } : { ...c, weight: 0.1 }
	)
};

describe('publishing a scoring model version', () => {
	it('is refused to everyone but DLA staff, and nothing is saved', async () => {
		const before = await database.db
			.selectFrom('scoring_model')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow();
		const others: (Actor | null)[] = [
			null,
			await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' }),
			await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' }),
			await createTestUser(database.db, { role: 'lao_officer', dlaCode: '6400906' })
		];
		for (const actor of others) {
			const refused = await publishModelVersion(database.db, {
				actor,
				document: areaHeavier
			}).catch((e: unknown) => e);
			expect(refused).toBeInstanceOf(DomainError);
			expect((refused as DomainError).kind).toBe('forbidden');
		}
		const after = await database.db
			.selectFrom('scoring_model')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);
	});

	it('names the bad field of an invalid document', async () => {
		const refused = await publishModelVersion(database.db, {
			actor: dlaStaff,
			document: { ...areaHeavier, criteria: [{ ...areaHeavier.criteria[0], weight: -1 }] }
		}).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(DomainError);
		expect((refused as DomainError).kind).toBe('invalid');
		expect((refused as DomainError).problems.map((p) => p.field)).toContain('criteria.0.weight');
	});

	it('makes the new version the only official one, with its scores, and keeps the old', async () => {
		const previousId = await findOfficialModelId(database.db);
		const published = await publishModelVersion(database.db, {
			actor: dlaStaff,
			document: areaHeavier
		});
		// The default is published as version 2 (version 1 kept): the next one is 3.
		expect(published.version).toBe(3);
		expect(published.scoredCount).toBeGreaterThan(4000);

		const official = await database.db
			.selectFrom('scoring_model')
			.select(['id', 'created_by'])
			.where('is_official', '=', true)
			.execute();
		expect(official).toEqual([{ id: published.id, created_by: dlaStaff.username }]);
		expect(await findOfficialModelId(database.db)).toBe(published.id);
		expect((await loadOfficialModel(database.db)).model.criteria[0]?.weight).toBe(0.7);

		const scoreCount = async (modelId: number) =>
			Number(
				(
					await database.db
						.selectFrom('lao_score')
						.select((eb) => eb.fn.countAll<string>().as('n'))
						.where('model_id', '=', modelId)
						.executeTakeFirstOrThrow()
				).n
			);
		// The earlier version keeps its scores: what was judged against it stays explainable.
		expect(await scoreCount(previousId)).toBeGreaterThan(0);
		expect(await scoreCount(published.id)).toBe(published.laoCount);

		// A later data refresh recomputes the official model only.
		const refreshed = await refreshAnalysis(database.db);
		expect(refreshed.scoredModels.map((m) => m.id)).toEqual([published.id]);
	});

	it('appends a scoring_model.published entry with the weights, in the publishing transaction', async () => {
		const lighter = {
			...defaultScoringModel,
			criteria: defaultScoringModel.criteria.map((c) => ({ ...c, weight: 0.25 }))
		};
		const published = await publishModelVersion(database.db, {
			actor: dlaStaff,
			document: lighter
		});
		const { entries } = await listAuditEntries(
			database.db,
			{ entityType: 'scoring_model', entityId: String(published.id) },
			{ limit: 10 }
		);
		expect(entries).toEqual([
			expect.objectContaining({
				actorUserId: dlaStaff.userId,
				actorUsername: dlaStaff.username,
				action: 'scoring_model.published',
				entityType: 'scoring_model',
				entityId: String(published.id),
				before: null,
				after: {
					name: published.name,
					version: published.version,
					criteria: defaultScoringModel.criteria.map((c) => ({
						indicator: c.indicator,
						weight: 0.25
					}))
				}
			})
		]);
	});

	it('appends no entry for a refused publish', async () => {
		const count = async () =>
			(await listAuditEntries(database.db, { actionPrefix: 'scoring_model.' }, { limit: 1000 }))
				.entries.length;
		const before = await count();
		await publishModelVersion(database.db, { actor: null, document: areaHeavier }).catch(
			(e: unknown) => e
		);
		await publishModelVersion(database.db, {
			actor: dlaStaff,
			document: { ...areaHeavier, criteria: [] }
		}).catch((e: unknown) => e);
		expect(await count()).toBe(before);
	});
});
