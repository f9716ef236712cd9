import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { defaultScoringModel } from '../../geo/scoring/default-model';
import { findActor } from '../accounts/user.repository';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { publishModelVersion } from '../scoring/scoring.service';
import { listZoneTransitions, runWorkflowEvent } from './workflow.service';
import { answerConsultation, getConsultation, requestResponses } from './consultation.service';
import { getReview, reviewQueue } from './review.service';
import { createZone, getZone, listZones, saveZoneRevision } from './zone.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let dla: Actor;
let planner40: Actor;
let planner41: Actor;
let governor40: Actor;
let governor41: Actor;
let squares: Polygon[];
let nextSquare = 0;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	// Not about readiness (issue 17): its own spec runs on the defaults.
	await turnReadinessRulesOff(database.db);
	const db = database.db;
	await loadOfficialModel(db);
	dla = await createTestUser(db, { role: 'dla_staff' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	squares = await tambonSquares(db, 'TH40', 40);
});
afterAll(() => database?.close());

async function draftIn40(name = 'เขตทดสอบขั้นตอน') {
	return createZone(database.db, {
		actor: planner40,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes(name),
			geometry: squares[nextSquare++]!,
			geometrySource: 'drawn'
		}
	});
}

/** An LAO officer of one of the LAOs the revision covers. */
async function officerOfCovered(coveredIndex: number, coveredLaos: { dlaCode: string }[]) {
	return createTestUser(database.db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: coveredLaos[coveredIndex]!.dlaCode
	});
}

const event = (
	actor: Actor | null,
	zoneId: number,
	revisionId: number,
	name: 'submit' | 'approve' | 'return' | 'reject' | 'withdraw' | 'revise',
	reasons: { reasonCodes?: string[]; reasonText?: string } = {}
) => runWorkflowEvent(database.db, { actor, zoneId, revisionId, event: name, ...reasons });

describe('the review workflow, end to end in the domain', () => {
	it('consults, submits, returns with reasons, revises, resubmits and approves', async () => {
		const { zone, revision } = await draftIn40('เขตทดลองเต็มรอบ');
		expect(revision.coveredLaos.length).toBeGreaterThan(0);
		const officer = await officerOfCovered(0, revision.coveredLaos);

		// Before the request the LAO officer cannot even learn the draft exists.
		expect(
			(await expectRefusal(getZone(database.db, { actor: officer, zoneId: zone.id }))).kind
		).toBe('not_found');
		const requested = await requestResponses(database.db, {
			actor: planner40,
			zoneId: zone.id,
			revisionId: revision.id
		});
		expect(requested.entries.map((e) => e.dlaCode)).toEqual(
			revision.coveredLaos.map((c) => c.dlaCode).sort()
		);
		expect(requested.counts.not_answered).toBe(revision.coveredLaos.length);
		expect((await getZone(database.db, { actor: officer, zoneId: zone.id })).revision.id).toBe(
			revision.id
		);

		// An objection must say why; then it counts.
		const noComment = await expectRefusal(
			answerConsultation(database.db, {
				actor: officer,
				zoneId: zone.id,
				revisionId: revision.id,
				input: { answer: 'object', comment: ' ' }
			})
		);
		expect(noComment.problems.map((p) => p.rule)).toEqual(['answer.comment_required']);
		const answered = await answerConsultation(database.db, {
			actor: officer,
			zoneId: zone.id,
			revisionId: revision.id,
			input: { answer: 'agree_with_conditions', comment: 'ขอให้เว้นพื้นที่ป่าชุมชน' }
		});
		const mine = answered.entries.find((e) => e.dlaCode === officer.dlaCode)!;
		// Answers are kept as given: the database refuses to rewrite or remove one.
		for (const statement of [
			sql`UPDATE lao_response SET answer = 'agree'`,
			sql`DELETE FROM lao_response`
		]) {
			await expect(statement.execute(database.db)).rejects.toThrow(/append-only/);
		}
		expect(mine.answer).toMatchObject({
			answer: 'agree_with_conditions',
			comment: 'ขอให้เว้นพื้นที่ป่าชุมชน',
			revisionNumber: 1,
			aboutEarlierRevision: false
		});

		// Submission with missing answers is allowed; the governor sees who has not answered.
		const submitted = await event(planner40, zone.id, revision.id, 'submit');
		expect(submitted.zone).toMatchObject({ status: 'submitted', approvedRevisionId: null });
		expect(submitted.zone.submittedAt).not.toBeNull();
		const queue = await reviewQueue(database.db, { actor: governor40 });
		const queued = queue.find((q) => q.zoneId === zone.id)!;
		expect(queued.answers).toMatchObject({
			agree_with_conditions: 1,
			not_answered: revision.coveredLaos.length - 1
		});
		expect(
			(await reviewQueue(database.db, { actor: governor41 })).map((q) => q.zoneId)
		).not.toContain(zone.id);

		// A submitted zone is not edited: it is withdrawn first.
		const editWhileSubmitted = await expectRefusal(
			saveZoneRevision(database.db, {
				actor: planner40,
				rules: defaultRules,
				zoneId: zone.id,
				baseRevisionId: revision.id,
				input: {
					attributes: zoneAttributes('ระหว่างพิจารณา'),
					geometry: revision.geometry,
					geometrySource: 'drawn'
				}
			})
		);
		expect(editWhileSubmitted.kind).toBe('conflict');

		// Returning needs reasons.
		const bare = await expectRefusal(event(governor40, zone.id, revision.id, 'return'));
		expect(bare.kind).toBe('invalid');
		expect(bare.problems.map((p) => p.rule)).toEqual(['decision.reason_required']);
		const returned = await event(governor40, zone.id, revision.id, 'return', {
			reasonCodes: ['boundary_unclear', 'other'],
			reasonText: 'ขอแผนที่แนวเขตที่ชัดเจน'
		});
		expect(returned.zone.status).toBe('returned');
		expect(returned.transition).toMatchObject({
			event: 'return',
			reasonCodes: ['boundary_unclear', 'other'],
			reasonText: 'ขอแผนที่แนวเขตที่ชัดเจน',
			actorUserId: governor40.userId,
			actingForUserId: null
		});

		// The planner's next save is the next draft; it is submitted again.
		const revised = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: revision.id,
			input: {
				attributes: zoneAttributes('เขตทดลองเต็มรอบ (แก้ไข)'),
				geometry: revision.geometry,
				geometrySource: 'drawn'
			}
		});
		expect(revised.zone.status).toBe('draft');
		expect(revised.revision.revisionNumber).toBe(2);
		// The earlier answer now reads as about an earlier revision.
		const consultation = await getConsultation(database.db, { actor: governor40, zoneId: zone.id });
		expect(consultation.entries.find((e) => e.dlaCode === officer.dlaCode)!.answer).toMatchObject({
			aboutEarlierRevision: true
		});
		await event(planner40, zone.id, revised.revision.id, 'submit');

		// The second look shows the earlier reasons and what changed since.
		const review = await getReview(database.db, { actor: governor40, zoneId: zone.id });
		expect(review.decide).toEqual({ allowed: true, actingForName: null });
		expect(review.earlierReturns).toHaveLength(1);
		expect(review.earlierReturns[0]!.transition.reasonCodes).toEqual(['boundary_unclear', 'other']);
		expect(review.earlierReturns[0]!.changedSince?.attributeChanges).toEqual([
			{ field: 'name', before: 'เขตทดลองเต็มรอบ', after: 'เขตทดลองเต็มรอบ (แก้ไข)' }
		]);
		expect(review.sincePrevious?.diff).toMatchObject({ addedKm2: 0, removedKm2: 0 });
		expect(review.availableEvents).toEqual(['approve', 'return', 'reject']);

		const approved = await event(governor40, zone.id, revised.revision.id, 'approve');
		expect(approved.zone).toMatchObject({
			status: 'approved',
			approvedRevisionId: revised.revision.id
		});
		const versions = approved.transition.dataVersions as {
			measuredWith: { scoringModel: { id: number } | null; boundaryAndRegistryImportRunId: number };
			atDecision: { importRunId: number; officialModelId: number };
		};
		expect(versions.measuredWith.scoringModel?.id).toBe(revised.revision.scoringModelId);
		expect(versions.measuredWith.boundaryAndRegistryImportRunId).toBe(
			versions.atDecision.importRunId
		);

		// Each transition is in the audit trail with its before and after.
		const audit = await listAuditEntries(
			database.db,
			{ entityType: 'zone', entityId: String(zone.id) },
			{ limit: 100, order: 'oldest_first' }
		);
		expect(audit.entries.map((e) => e.action)).toEqual([
			'zone.created',
			'zone.response_requested',
			'zone.response_answered',
			'zone.submitted',
			'zone.returned',
			'zone.revision_started',
			'zone.revision_saved',
			'zone.submitted',
			'zone.approved'
		]);
		expect(audit.entries.at(-1)).toMatchObject({
			before: { status: 'submitted', approvedRevisionId: null },
			after: { status: 'approved', approvedRevisionId: revised.revision.id }
		});
	});

	it('keeps the approved revision, its figures and data versions, whatever comes later', async () => {
		const { zone, revision } = await draftIn40('เขตอนุมัติแล้ว');
		await event(planner40, zone.id, revision.id, 'submit');
		const approval = await event(governor40, zone.id, revision.id, 'approve');
		const publicBefore = await getZone(database.db, { actor: null, zoneId: zone.id });

		// A later data update: a new official model rescoring every LAO.
		await publishModelVersion(database.db, {
			actor: dla,
			document: {
				...defaultScoringModel,
				criteria: defaultScoringModel.criteria.map((c) =>
					c.indicator === 'area_km2' ? { ...c, weight: 0.7 } : { ...c, weight: 0.1 }
				)
			}
		});
		// An amendment drafted and submitted: the revision in force stays public.
		const amendment = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: zone.id,
			baseRevisionId: revision.id,
			input: {
				attributes: zoneAttributes('เขตอนุมัติแล้ว ฉบับแก้ไข'),
				geometry: revision.geometry,
				geometrySource: 'drawn'
			}
		});
		await event(planner40, zone.id, amendment.revision.id, 'submit');
		const publicAfter = await getZone(database.db, { actor: null, zoneId: zone.id });
		expect(publicAfter.revision).toEqual(publicBefore.revision);
		expect(publicAfter.revision.name).toBe('เขตอนุมัติแล้ว');
		expect(
			(await listZones(database.db, { actor: null })).find((z) => z.id === zone.id)
		).toMatchObject({ status: 'approved', currentRevision: { id: revision.id } });
		const transitions = await listZoneTransitions(database.db, {
			actor: governor40,
			zoneId: zone.id
		});
		expect(transitions.find((t) => t.id === approval.transition.id)).toEqual(approval.transition);

		// The database itself refuses to rewrite them.
		for (const statement of [
			sql`UPDATE zone_revision SET score = 1 WHERE id = ${revision.id}`,
			sql`UPDATE zone_transition SET data_versions = '{}' WHERE id = ${approval.transition.id}`,
			sql`DELETE FROM zone_transition WHERE id = ${approval.transition.id}`
		]) {
			await expect(statement.execute(database.db)).rejects.toThrow(/append-only/);
		}

		// Rejecting the amendment leaves the approval in force; the public still sees it.
		await event(governor40, zone.id, amendment.revision.id, 'reject', {
			reasonCodes: ['objectives_unclear']
		});
		const afterReject = await getZone(database.db, { actor: null, zoneId: zone.id });
		expect(afterReject.revision.id).toBe(revision.id);
		expect(afterReject.zone).toMatchObject({ status: 'rejected', approvedRevisionId: revision.id });
	});

	it('lets only the province’s governor decide, and refuses events that do not apply', async () => {
		const { zone, revision } = await draftIn40('เขตสิทธิ์');
		for (const actor of [planner41, governor40, governor41, null]) {
			const refused = await expectRefusal(event(actor, zone.id, revision.id, 'submit'));
			expect(refused.kind).toBe(
				actor === planner41 || actor === governor41 ? 'not_found' : 'forbidden'
			);
		}
		expect((await expectRefusal(event(governor40, zone.id, revision.id, 'approve'))).kind).toBe(
			'conflict'
		);
		await event(planner40, zone.id, revision.id, 'submit');
		for (const actor of [dla, planner40, governor41, null]) {
			const refused = await expectRefusal(event(actor, zone.id, revision.id, 'approve'));
			expect(refused.kind).toBe(actor === governor41 ? 'not_found' : 'forbidden');
		}
		const stale = await expectRefusal(event(governor40, zone.id, revision.id + 100000, 'approve'));
		expect(stale.problems[0]?.rule).toBe('workflow.stale_revision');
		// Nothing was written by the refusals.
		expect(await listZoneTransitions(database.db, { actor: dla, zoneId: zone.id })).toHaveLength(1);
	});

	it('lets exactly one of two simultaneous decisions win', async () => {
		const { zone, revision } = await draftIn40('เขตตัดสินพร้อมกัน');
		await event(planner40, zone.id, revision.id, 'submit');
		const results = await Promise.allSettled([
			event(governor40, zone.id, revision.id, 'approve'),
			event(governor40, zone.id, revision.id, 'return', { reasonCodes: ['data_outdated'] })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((lost.reason as DomainError).kind).toBe('conflict');
		const decisions = (
			await listZoneTransitions(database.db, { actor: dla, zoneId: zone.id })
		).filter((t) => t.event !== 'submit');
		expect(decisions).toHaveLength(1);
	});
});

describe('acting governors', () => {
	it('decide for the governor while designated, and the record says for whom', async () => {
		const deputy = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH41' });
		const today = (
			await sql<{ d: string }>`SELECT (now() AT TIME ZONE 'Asia/Bangkok')::date::text AS d`.execute(
				database.db
			)
		).rows[0]!.d;
		const designation = await database.db
			.insertInto('acting_designation')
			.values({
				province_code: 'TH40',
				governor_user_id: governor40.userId,
				acting_user_id: deputy.userId,
				starts_on: today,
				ends_on: today,
				created_by: dla.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const acting = (await findActor(database.db, deputy.userId))!;
		expect(acting.actingFor).toEqual([
			expect.objectContaining({ provinceCode: 'TH40', governorUserId: governor40.userId })
		]);

		const { zone, revision } = await draftIn40('เขตผู้ปฏิบัติราชการแทน');
		await event(planner40, zone.id, revision.id, 'submit');
		expect((await reviewQueue(database.db, { actor: acting })).map((q) => q.zoneId)).toContain(
			zone.id
		);
		const review = await getReview(database.db, { actor: acting, zoneId: zone.id });
		expect(review.decide).toEqual({ allowed: true, actingForName: governor40.displayName });
		const approved = await event(acting, zone.id, revision.id, 'approve');
		expect(approved.transition).toMatchObject({
			actorUserId: deputy.userId,
			actingForUserId: governor40.userId,
			actingForName: governor40.displayName
		});
		const audit = await listAuditEntries(
			database.db,
			{ entityType: 'zone', entityId: String(zone.id), actionPrefix: 'zone.approved' },
			{ limit: 10 }
		);
		expect(audit.entries[0]).toMatchObject({ actingForUserId: governor40.userId });

		// Revoked: even a session that still carries the designation may not decide.
		const second = await draftIn40('เขตหลังยกเลิก');
		await event(planner40, second.zone.id, second.revision.id, 'submit');
		await database.db
			.updateTable('acting_designation')
			.set({ revoked_at: new Date(), revoked_by: dla.userId })
			.where('id', '=', designation.id)
			.execute();
		const refused = await expectRefusal(
			event(acting, second.zone.id, second.revision.id, 'approve')
		);
		expect(refused.kind).toBe('forbidden');
		expect((await findActor(database.db, deputy.userId))!.actingFor).toBeUndefined();
	});
});
