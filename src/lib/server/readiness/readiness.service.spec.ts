import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { decisionMemoParagraphs, decisionMemoFigures } from '../../memo/DecisionMemo.svelte';
import { defaultReadinessRules } from '../../zones/readiness';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import { getDecisionMemo } from '../memo/decision-memo.service';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { runWorkflowEvent } from '../zones/workflow.service';
import { answerConsultation, requestResponses } from '../zones/consultation.service';
import { getReview } from '../zones/review.service';
import { createZone, saveZoneRevision, type ZoneInput } from '../zones/zone.service';
import { appliedRuleSet, ruleSetsOverview, saveRuleSet, zoneReadiness } from './readiness.service';
import { findZone } from '../zones/zone.repository';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

/**
 * Issue 17 on the real database (PGlite by default, PostgreSQL with TEST_DATABASE_URL): the rule
 * sets and their versions, and the workflow refusing what the default rules do not allow.
 */

let database: Database;
let dla: Actor;
let planner: Actor;
let governor: Actor;
let squares: Polygon[];
let nextSquare = 0;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await loadOfficialModel(database.db);
	dla = await createTestUser(database.db, { role: 'dla_staff' });
	planner = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	governor = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	squares = await tambonSquares(database.db, 'TH40', 8);
});
afterAll(() => database?.close());

const swot = {
	strengths: ['แหล่งน้ำตลอดปี'],
	weaknesses: ['ถนนเข้าหมู่บ้านชำรุด'],
	opportunities: ['ตลาดชายแดน'],
	threats: ['น้ำท่วมฤดูฝน']
};

async function draft(attributes: Partial<ZoneInput['attributes']> = {}) {
	return createZone(database.db, {
		actor: planner,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: { ...zoneAttributes('เขตทดสอบความพร้อม'), ...attributes },
			geometry: squares[nextSquare++]!,
			geometrySource: 'drawn'
		}
	});
}

const workflow = (
	actor: Actor,
	zoneId: number,
	revisionId: number,
	event: 'submit' | 'approve',
	overrideReason?: string
) => runWorkflowEvent(database.db, { actor, zoneId, revisionId, event, overrideReason });

describe('the defaults', () => {
	it('apply until DLA staff save a set, and say so', async () => {
		expect(await appliedRuleSet(database.db, 'TH40')).toEqual({
			scope: 'defaults',
			provinceCode: null,
			version: 0,
			rules: defaultReadinessRules
		});
	});
});

describe('submitting and approving under the default rules', () => {
	it('refuses a submit naming each unmet rule in words, then accepts it once they are met', async () => {
		const { zone, revision } = await draft({ objectives: '', partners: [] });
		const refused = await expectRefusal(workflow(planner, zone.id, revision.id, 'submit'));
		expect(refused.kind).toBe('invalid');
		expect(refused.problems.map((p) => p.rule)).toEqual([
			'readiness.all_laos_asked',
			'readiness.objectives',
			'readiness.network_sectors',
			'readiness.swot'
		]);
		expect(refused.message).toContain('No objectives yet');
		expect(refused.message).toContain('Partners from 0 sectors: 2 more needed');
		expect(refused.problems[3]!.details).toMatchObject({
			missing: { th: 'ยังไม่ได้ระบุ: จุดแข็ง จุดอ่อน โอกาส อุปสรรค' }
		});
		expect((await findZone(database.db, zone.id))!.status).toBe('draft');

		// The SWOT is part of the revision: saving it makes revision 2.
		const saved = await saveZoneRevision(database.db, {
			actor: planner,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: revision.id,
			input: {
				attributes: { ...zoneAttributes('เขตทดสอบความพร้อม'), swot },
				geometry: revision.geometry,
				geometrySource: 'drawn'
			}
		});
		expect(saved.unchanged).toBe(false);
		expect(saved.revision.swot).toEqual(swot);
		const stillUnasked = await expectRefusal(
			workflow(planner, zone.id, saved.revision.id, 'submit')
		);
		expect(stillUnasked.problems.map((p) => p.rule)).toEqual(['readiness.all_laos_asked']);

		await requestResponses(database.db, {
			actor: planner,
			zoneId: zone.id,
			revisionId: saved.revision.id
		});
		const submitted = await workflow(planner, zone.id, saved.revision.id, 'submit');
		expect(submitted.zone.status).toBe('submitted');
	});

	it('refuses an approval without answers unless the governor writes why; the reason is kept in the transition, the audit log and the memo', async () => {
		const { zone, revision } = await draft({ swot });
		await requestResponses(database.db, {
			actor: planner,
			zoneId: zone.id,
			revisionId: revision.id
		});
		await workflow(planner, zone.id, revision.id, 'submit');
		const covered = revision.coveredLaos;

		const review = await getReview(database.db, { actor: governor, zoneId: zone.id });
		expect(review.readiness.approve.ready).toBe(false);

		for (const reason of [undefined, '', '   \n ']) {
			const refused = await expectRefusal(
				workflow(governor, zone.id, revision.id, 'approve', reason)
			);
			expect(refused.kind).toBe('invalid');
			expect(refused.problems.map((p) => p.rule)).toEqual([
				'readiness.answered_share',
				'readiness.override_reason_required'
			]);
			expect(refused.message).toContain(`0 of ${covered.length} answered`);
		}
		expect((await findZone(database.db, zone.id))!.status).toBe('submitted');

		const reason = 'เร่งด่วนเพื่อรับงบประมาณปี 2570 อปท. ยืนยันด้วยวาจาในที่ประชุม';
		const approved = await workflow(governor, zone.id, revision.id, 'approve', ` ${reason} `);
		expect(approved.zone.status).toBe('approved');
		expect(approved.transition.readinessOverride).toMatchObject({
			reason,
			ruleSet: { scope: 'defaults', version: 0 },
			unmet: [
				{
					rule: 'answered_share',
					missing: {
						en: `0 of ${covered.length} answered; at least ${Math.ceil(covered.length / 2)} needed`
					}
				}
			]
		});

		const audit = await listAuditEntries(
			database.db,
			{ actionPrefix: 'zone.approved', entityType: 'zone', entityId: String(zone.id) },
			{ limit: 10 }
		);
		expect(audit.entries[0]!.after).toMatchObject({ readinessOverride: { reason } });

		const memo = await getDecisionMemo(database.db, {
			actor: governor,
			zoneId: zone.id,
			transitionId: approved.transition.id
		});
		const decision = decisionMemoParagraphs(memo)[2]!;
		expect(decision).toContain('ยังไม่เป็นไปตามเกณฑ์ความพร้อมก่อนอนุมัติ');
		expect(decision).toContain(reason);
		const figures = decisionMemoFigures(memo);
		expect(figures).toContainEqual({ label: 'จุดแข็ง', value: 'แหล่งน้ำตลอดปี' });
		expect(figures).toContainEqual({ label: 'อนุมัติแม้ยังไม่ครบเกณฑ์ความพร้อม', value: reason });
	});

	it('approves without an override once enough LAOs answered and none objects; an objection blocks again', async () => {
		const { zone, revision } = await draft({ swot });
		await requestResponses(database.db, {
			actor: planner,
			zoneId: zone.id,
			revisionId: revision.id
		});
		const officers = await Promise.all(
			revision.coveredLaos.map((c) =>
				createTestUser(database.db, {
					role: 'lao_officer',
					provinceCode: 'TH40',
					dlaCode: c.dlaCode
				})
			)
		);
		await answerConsultation(database.db, {
			actor: officers[0]!,
			zoneId: zone.id,
			revisionId: revision.id,
			input: { answer: 'object', comment: 'ทับพื้นที่ป่าชุมชน' }
		});
		for (const officer of officers.slice(1))
			await answerConsultation(database.db, {
				actor: officer,
				zoneId: zone.id,
				revisionId: revision.id,
				input: { answer: 'agree', comment: '' }
			});
		await workflow(planner, zone.id, revision.id, 'submit');
		const objected = await expectRefusal(workflow(governor, zone.id, revision.id, 'approve'));
		expect(objected.problems.map((p) => p.rule)).toEqual([
			'readiness.no_objection',
			'readiness.override_reason_required'
		]);
		await answerConsultation(database.db, {
			actor: officers[0]!,
			zoneId: zone.id,
			revisionId: revision.id,
			input: { answer: 'agree_with_conditions', comment: 'กันพื้นที่ป่าชุมชนออก' }
		});
		const approved = await workflow(governor, zone.id, revision.id, 'approve');
		expect(approved.zone.status).toBe('approved');
		expect(approved.transition.readinessOverride).toBeNull();
	});
});

describe('rule sets', () => {
	const rules = (submit: object = {}, approve: object = {}) => ({
		submit: { ...defaultReadinessRules.submit, ...submit },
		approve: { ...defaultReadinessRules.approve, ...approve }
	});

	it('only DLA staff set them', async () => {
		for (const actor of [null, planner, governor]) {
			expect(
				(
					await expectRefusal(
						saveRuleSet(database.db, { actor, provinceCode: null, rules: rules() })
					)
				).kind
			).toBe('forbidden');
			expect((await expectRefusal(ruleSetsOverview(database.db, { actor }))).kind).toBe(
				'forbidden'
			);
		}
	});

	it('refuses a set that contradicts itself naming each field, and stores nothing', async () => {
		const refused = await expectRefusal(
			saveRuleSet(database.db, {
				actor: dla,
				provinceCode: null,
				rules: rules({ minNetworkSectors: 9 }, { minAnsweredPercent: 150 })
			})
		);
		expect(refused.kind).toBe('invalid');
		expect(refused.problems.map((p) => p.field).sort()).toEqual([
			'approve.minAnsweredPercent',
			'submit.minNetworkSectors'
		]);
		expect(refused.problems.map((p) => p.message).join(' ')).toMatch(
			/cannot exceed 100.*|.*7 network sectors/
		);
		const national = await expectRefusal(
			saveRuleSet(database.db, { actor: dla, provinceCode: null, rules: null })
		);
		expect(national.problems[0]!.rule).toBe('readiness.national_required');
		expect((await ruleSetsOverview(database.db, { actor: dla })).history).toEqual([]);
	});

	it('keeps every version, audit-logged; a province override wins until it is removed', async () => {
		const v1 = await saveRuleSet(database.db, {
			actor: dla,
			provinceCode: null,
			rules: rules({ minNetworkSectors: 3 }),
			note: 'สามภาคี'
		});
		const v2 = await saveRuleSet(database.db, {
			actor: dla,
			provinceCode: null,
			rules: rules({ minNetworkSectors: 4 })
		});
		expect([v1.version, v2.version]).toEqual([1, 2]);
		expect(await appliedRuleSet(database.db, 'TH40')).toMatchObject({
			scope: 'national',
			version: 2,
			rules: { submit: { minNetworkSectors: 4 } }
		});

		const own = await saveRuleSet(database.db, {
			actor: dla,
			provinceCode: 'TH40',
			rules: rules({}, { minAnsweredPercent: 100 })
		});
		expect(own.version).toBe(1);
		expect(await appliedRuleSet(database.db, 'TH40')).toMatchObject({
			scope: 'province',
			provinceCode: 'TH40',
			version: 1,
			rules: { submit: { minNetworkSectors: 2 }, approve: { minAnsweredPercent: 100 } }
		});
		expect((await appliedRuleSet(database.db, 'TH41')).scope).toBe('national');
		// The checklist of a TH40 zone follows the province's set.
		const { zone } = await draft({ swot });
		const readiness = await zoneReadiness(database.db, (await findZone(database.db, zone.id))!);
		expect(readiness.ruleSet.scope).toBe('province');
		expect(readiness.approve.items[0]!.label.en).toBe(
			'At least 100 % of the LAOs asked have answered'
		);

		await saveRuleSet(database.db, { actor: dla, provinceCode: 'TH40', rules: null });
		expect((await appliedRuleSet(database.db, 'TH40')).scope).toBe('national');

		const overview = await ruleSetsOverview(database.db, { actor: dla });
		expect(overview.national.version).toBe(2);
		expect(overview.provinces).toEqual([]);
		expect(overview.history.map((v) => [v.provinceCode, v.version])).toEqual([
			[null, 2],
			[null, 1],
			['TH40', 2],
			['TH40', 1]
		]);
		expect(overview.history[1]).toMatchObject({
			note: 'สามภาคี',
			createdByName: expect.any(String)
		});

		const audit = await listAuditEntries(
			database.db,
			{ actionPrefix: 'readiness_rules.changed' },
			{ limit: 10, order: 'oldest_first' }
		);
		expect(audit.entries.map((e) => e.entityId)).toEqual(['national', 'national', 'TH40', 'TH40']);
		expect(audit.entries[1]!.before).toMatchObject({ version: 1 });
		expect(audit.entries[1]!.after).toMatchObject({
			version: 2,
			rules: { submit: { minNetworkSectors: 4 } }
		});
	});
});
