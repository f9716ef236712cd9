import type { Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedZone, planInput } from '../../../../tests/fixtures/plans';
import { expectRefusal } from '../../../../tests/fixtures/refusals';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import { createZone } from '../zones/zone.service';
import { getPlan, getPlanRevision, listPlanHistory, runPlanEvent, savePlan } from './plan.service';

let database: Database;
let planner40: Actor;
let planner41: Actor;
let governor40: Actor;
let squares: Polygon[];

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await turnReadinessRulesOff(database.db);
	planner40 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH41' });
	governor40 = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
	squares = await tambonSquares(database.db, 'TH40', 4);
});
afterAll(() => database?.close());

describe(`zone plans on ${engine}`, () => {
	it('are drafted, submitted, approved by the governor, amended as a new revision, and read by the public as approved', async () => {
		const { zoneId, dlaCodes } = await approvedZone(database.db, {
			planner: planner40,
			governor: governor40,
			geometry: squares[0]!,
			name: 'เขตแผนทดสอบ'
		});
		const db = database.db;
		// Nothing in force yet: the public learns of no plan.
		await expectRefusal(getPlan(db, { actor: null, zoneId }), 'not_found');

		const first = await savePlan(db, { actor: planner40, zoneId, input: planInput(dlaCodes[0]!) });
		expect(first.status).toBe('draft');
		expect(first.inForce).toBeNull();
		const draft = first.workingCopy!;
		expect(draft.revisionNumber).toBe(1);
		expect(draft.targets.map((t) => [t.key, t.unit])).toEqual([
			['t1', 'ครัวเรือน'],
			['t2', 'households']
		]);
		expect(draft.targets[1]!.nameTh).toMatch(/\S/);
		expect(draft.activities[0]).toMatchObject({
			key: 'a1',
			sectors: ['government', 'people'],
			responsible: { kind: 'lao', dlaCode: dlaCodes[0] },
			budgetBaht: { lao: 100_000, province: 50_000, central: 0, partner: 0 },
			startDate: '2026-11-01',
			status: 'planned'
		});

		// Another province's planner may not submit it; the governor may not approve a draft.
		const foreign = await expectRefusal(
			runPlanEvent(db, {
				actor: planner41,
				zoneId,
				input: { event: 'submit', revisionId: draft.id }
			})
		);
		expect(foreign.kind).toBe('forbidden');
		const early = await expectRefusal(
			runPlanEvent(db, {
				actor: governor40,
				zoneId,
				input: { event: 'approve', revisionId: draft.id }
			})
		);
		expect([early.kind, early.problems[0]?.rule]).toEqual(['conflict', 'plan.not_submitted']);

		await runPlanEvent(db, {
			actor: planner40,
			zoneId,
			input: { event: 'submit', revisionId: draft.id }
		});
		// Submitted: the planner waits for the decision; a planner may not decide.
		const waiting = await expectRefusal(
			savePlan(db, {
				actor: planner40,
				zoneId,
				input: { ...planInput(dlaCodes[0]!), basedOnRevisionId: draft.id }
			})
		);
		expect(waiting.problems[0]?.rule).toBe('plan.awaiting_decision');
		await expectRefusal(
			runPlanEvent(db, {
				actor: planner40,
				zoneId,
				input: { event: 'approve', revisionId: draft.id }
			}),
			'forbidden'
		);
		const approved = await runPlanEvent(db, {
			actor: governor40,
			zoneId,
			input: { event: 'approve', revisionId: draft.id }
		});
		expect([approved.status, approved.inForce?.id]).toEqual(['approved', draft.id]);

		// The public reads the plan in force, without the name of who wrote it.
		const publicView = await getPlan(db, { actor: null, zoneId });
		expect(publicView.readsWorkingCopy).toBe(false);
		expect(publicView.workingCopy).toBeNull();
		expect(publicView.inForce?.targets).toHaveLength(2);
		expect(publicView.inForce).not.toHaveProperty('createdByName');
		expect(JSON.stringify(publicView)).not.toContain(planner40.displayName);

		// An amendment: keys kept, a new target gets a new key; the plan in force stays until approval.
		const amended = await savePlan(db, {
			actor: planner40,
			zoneId,
			input: planInput(dlaCodes[0]!, {
				basedOnRevisionId: draft.id,
				targets: [
					{ ...planInput(dlaCodes[0]!).targets[0], key: 't1', targetValue: 350 },
					{
						indicator: { kind: 'plan', nameTh: 'พื้นที่เกษตรทฤษฎีใหม่', unit: 'ไร่' },
						baselineValue: 40,
						baselineDate: '2026-10-01',
						targetValue: 90,
						targetDate: '2027-09-30',
						source: 'สำนักงานเกษตรอำเภอ'
					}
				],
				activities: [{ ...planInput(dlaCodes[0]!).activities[0], key: 'a1', status: 'in_progress' }]
			})
		});
		expect(amended.status).toBe('draft');
		expect(amended.workingCopy!.revisionNumber).toBe(2);
		expect(amended.workingCopy!.targets.map((t) => [t.key, t.targetValue])).toEqual([
			['t1', 350],
			['t3', 90]
		]);
		expect((await getPlan(db, { actor: null, zoneId })).inForce?.id).toBe(draft.id);
		// The public may read an approved revision by number, not the draft amendment.
		expect((await getPlanRevision(db, { actor: null, zoneId, revisionNumber: 1 })).id).toBe(
			draft.id
		);
		await expectRefusal(
			getPlanRevision(db, { actor: null, zoneId, revisionNumber: 2 }),
			'not_found'
		);

		// Returned with a reason, then amended again and approved.
		await runPlanEvent(db, {
			actor: planner40,
			zoneId,
			input: { event: 'submit', revisionId: amended.workingCopy!.id }
		});
		const noReason = await expectRefusal(
			runPlanEvent(db, {
				actor: governor40,
				zoneId,
				input: { event: 'return', revisionId: amended.workingCopy!.id }
			})
		);
		expect([noReason.kind, noReason.problems[0]?.field]).toEqual(['invalid', 'reasonText']);
		const returned = await runPlanEvent(db, {
			actor: governor40,
			zoneId,
			input: { event: 'return', revisionId: amended.workingCopy!.id, reasonText: 'ขอค่าฐานที่ใหม่กว่า' }
		});
		expect(returned.status).toBe('returned');
		const history = await listPlanHistory(db, { actor: governor40, zoneId });
		expect(history.transitions.map((t) => [t.event, t.toStatus])).toEqual([
			['submit', 'submitted'],
			['approve', 'approved'],
			['revise', 'draft'],
			['submit', 'submitted'],
			['return', 'returned']
		]);
		expect(history.transitions.at(-1)!.reasonText).toBe('ขอค่าฐานที่ใหม่กว่า');
		await expectRefusal(listPlanHistory(db, { actor: null, zoneId }), 'not_found');

		const audit = await listAuditEntries(
			db,
			{ entityType: 'plan', entityId: String(zoneId) },
			{ order: 'oldest_first', limit: 50 }
		);
		expect(audit.entries.map((e) => e.action)).toEqual([
			'plan.saved',
			'plan.submitted',
			'plan.approved',
			'plan.revision_started',
			'plan.submitted',
			'plan.returned'
		]);
	});

	it('refuses a target without a baseline date, naming the field, and saves nothing', async () => {
		const { zoneId, dlaCodes } = await approvedZone(database.db, {
			planner: planner40,
			governor: governor40,
			geometry: squares[1]!,
			name: 'เขตแผนข้อมูลผิด'
		});
		const input = planInput(dlaCodes[0]!);
		const withoutDate: Record<string, unknown> = { ...input.targets[0]! };
		delete withoutDate.baselineDate;
		const noDate = await expectRefusal(
			savePlan(database.db, {
				actor: planner40,
				zoneId,
				input: { ...input, targets: [withoutDate, input.targets[1]] }
			})
		);
		expect(noDate.kind).toBe('invalid');
		expect(noDate.problems.map((p) => p.field)).toEqual(['targets.0.baselineDate']);

		const wrong = await expectRefusal(
			savePlan(database.db, {
				actor: planner40,
				zoneId,
				input: planInput(dlaCodes[0]!, {
					targets: [
						{ ...input.targets[1], indicator: { kind: 'store', key: 'no_such_indicator' } }
					],
					activities: [
						{
							...input.activities[0],
							sectors: [],
							budgetBaht: { lao: -1, province: 0.5, central: 0, partner: 0 }
						}
					]
				})
			})
		);
		expect(wrong.problems.map((p) => p.field).sort()).toEqual([
			'activities.0.budgetBaht.lao',
			'activities.0.budgetBaht.province',
			'activities.0.sectors'
		]);
		const backwards = await expectRefusal(
			savePlan(database.db, {
				actor: planner40,
				zoneId,
				input: planInput(dlaCodes[0]!, {
					activities: [{ ...input.activities[0], endDate: '2026-10-01' }]
				})
			})
		);
		expect(backwards.problems.map((p) => p.field)).toEqual(['activities.0.endDate']);
		const unknown = await expectRefusal(
			savePlan(database.db, {
				actor: planner40,
				zoneId,
				input: planInput(dlaCodes[0]!, {
					targets: [
						{ ...input.targets[1], indicator: { kind: 'store', key: 'no_such_indicator' } }
					],
					activities: [{ ...input.activities[0], responsible: { kind: 'lao', dlaCode: '1000000' } }]
				})
			})
		);
		expect(unknown.problems.map((p) => p.field)).toEqual(['targets.0.indicator.key']);
		const lao = await expectRefusal(
			savePlan(database.db, {
				actor: planner40,
				zoneId,
				input: planInput('1000000')
			})
		);
		expect(lao.problems.map((p) => p.field)).toEqual(['activities.0.responsible.dlaCode']);
		// Nothing half-saved: the zone still has no plan.
		const view = await getPlan(database.db, { actor: planner40, zoneId });
		expect([view.status, view.workingCopy]).toEqual([null, null]);
	});

	it('refuses a save on a working copy that moved on, and a plan for a zone not yet approved', async () => {
		const { zoneId, dlaCodes } = await approvedZone(database.db, {
			planner: planner40,
			governor: governor40,
			geometry: squares[2]!,
			name: 'เขตแผนชนกัน'
		});
		const first = await savePlan(database.db, {
			actor: planner40,
			zoneId,
			input: planInput(dlaCodes[0]!)
		});
		// A second "first save" from someone who opened the empty plan earlier.
		const stale = await expectRefusal(
			savePlan(database.db, { actor: planner40, zoneId, input: planInput(dlaCodes[0]!) })
		);
		expect([stale.kind, stale.problems[0]?.rule]).toEqual(['conflict', 'plan.stale_revision']);
		expect(stale.problems[0]?.details).toEqual({
			currentRevisionId: first.workingCopy!.id,
			basedOnRevisionId: null
		});

		const { zone } = await createZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			input: {
				provinceCode: 'TH40',
				attributes: zoneAttributes('เขตยังไม่อนุมัติ'),
				geometry: squares[3]!,
				geometrySource: 'drawn'
			}
		});
		const notApproved = await expectRefusal(
			savePlan(database.db, { actor: planner40, zoneId: zone.id, input: planInput(dlaCodes[0]!) })
		);
		expect([notApproved.kind, notApproved.problems[0]?.rule]).toEqual([
			'conflict',
			'plan.zone_not_approved'
		]);
	});
});
