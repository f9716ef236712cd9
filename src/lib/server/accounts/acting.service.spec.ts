import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { listAuditEntries } from '../audit/audit.repository';
import type { Database } from '../db/database';
import {
	designateActing,
	listDesignationCandidates,
	listDesignations,
	revokeActing
} from './acting.service';
import { decidingCapacity } from './permissions';
import { findLiveSession, insertSession } from './session.repository';
import { findActor } from './user.repository';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

let database: Database;
let today: string;
let dla: Actor;
let governor40: Actor;
let governor41: Actor;
let planner40: Actor;
let planner41: Actor;
let laoOfficer40: Actor;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	const { rows } = await sql<{
		today: string;
	}>`SELECT (now() AT TIME ZONE 'Asia/Bangkok')::date::text AS today`.execute(db);
	today = rows[0]!.today;
	dla = await createTestUser(db, { role: 'dla_staff' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	governor41 = await createTestUser(db, { role: 'governor', provinceCode: 'TH41' });
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	planner41 = await createTestUser(db, { role: 'planner', provinceCode: 'TH41' });
	const lao = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH40')
		.orderBy('dla_code')
		.executeTakeFirstOrThrow();
	laoOfficer40 = await createTestUser(db, {
		role: 'lao_officer',
		provinceCode: 'TH40',
		dlaCode: lao.dla_code
	});
});
afterAll(() => database?.close());

/** An ISO date `days` after `iso`. */
function addDays(iso: string, days: number): string {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

/** The actor as a fresh session loads it, and as `findActor` does. */
async function sessionActor(userId: number) {
	// Sessions are keyed by a SHA-256 in hex: any 64 hex digits do here.
	const id = randomBytes(32).toString('hex');
	await insertSession(database.db, { id, userId, idleHours: 1, userAgent: null });
	const session = await findLiveSession(database.db, id);
	const actor = await findActor(database.db, userId);
	return { session: session!.actor, actor: actor! };
}

/** `designateActing` by DLA staff for TH40, today only, unless `input` says otherwise. */
const designate = (
	input: Partial<Parameters<typeof designateActing>[1]> & { actingUserId: number }
) =>
	designateActing(database.db, {
		actor: dla,
		provinceCode: 'TH40',
		startsOn: today,
		endsOn: today,
		...input
	});

/** A fresh user who may be designated (a governor of another province). */
const freshActingUser = () =>
	createTestUser(database.db, { role: 'governor', provinceCode: 'TH44' });

describe('designateActing', () => {
	it('designates for today: the session and the actor then act for the governor', async () => {
		const acting = await freshActingUser();
		const before = await sessionActor(acting.userId);
		expect(before.session.actingFor).toBeUndefined();

		const designation = await designate({ actingUserId: acting.userId, endsOn: addDays(today, 6) });
		expect(designation).toMatchObject({
			provinceCode: 'TH40',
			governorUserId: governor40.userId,
			governorName: governor40.displayName,
			actingUserId: acting.userId,
			actingName: acting.displayName,
			startsOn: today,
			endsOn: addDays(today, 6),
			createdByName: dla.displayName,
			revokedAt: null,
			state: 'in_force'
		});

		const { session, actor } = await sessionActor(acting.userId);
		const expected = [
			{
				designationId: designation.id,
				provinceCode: 'TH40',
				governorUserId: governor40.userId,
				governorName: governor40.displayName,
				endsOn: addDays(today, 6)
			}
		];
		expect(session.actingFor).toEqual(expected);
		expect(actor.actingFor).toEqual(expected);
		expect(decidingCapacity(session, 'TH40')).toEqual({
			as: 'acting',
			governorUserId: governor40.userId,
			governorName: governor40.displayName,
			designationId: designation.id
		});
		expect(decidingCapacity(session, 'TH41')).toBeNull();
	});

	it('appends the audit entry in the same transaction', async () => {
		const acting = await freshActingUser();
		const designation = await designate({
			actor: governor40,
			actingUserId: acting.userId,
			startsOn: addDays(today, 1),
			endsOn: addDays(today, 2)
		});
		const { entries } = await listAuditEntries(
			database.db,
			{ entityType: 'user', entityId: String(acting.userId) },
			{ limit: 10 }
		);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			action: 'user.acting_designated',
			actorUserId: governor40.userId,
			provinceCode: 'TH40',
			after: {
				designationId: designation.id,
				governorUserId: governor40.userId,
				startsOn: addDays(today, 1),
				endsOn: addDays(today, 2)
			}
		});
	});

	it('a designation starting tomorrow is upcoming: not yet in the session', async () => {
		const acting = await freshActingUser();
		const designation = await designate({
			actingUserId: acting.userId,
			startsOn: addDays(today, 1),
			endsOn: addDays(today, 3)
		});
		expect(designation.state).toBe('upcoming');
		const { session, actor } = await sessionActor(acting.userId);
		expect(session.actingFor).toBeUndefined();
		expect(actor.actingFor).toBeUndefined();
	});

	it.each([
		['DLA staff', 'ok', (): Actor => dla],
		['the governor of the province', 'ok', (): Actor => governor40],
		['the governor of another province', 'forbidden', (): Actor => governor41],
		['a planner', 'forbidden', (): Actor => planner40],
		['an LAO officer', 'forbidden', (): Actor => laoOfficer40],
		['the public', 'forbidden', (): Actor | null => null]
	] as const)('%s designating for TH40: %s', async (_, outcome, who) => {
		const acting = await freshActingUser();
		const call = designate({ actor: who(), actingUserId: acting.userId });
		if (outcome === 'ok') {
			expect((await call).state).toBe('in_force');
		} else {
			await expectRefusal(call, 'forbidden');
			const count = await database.db
				.selectFrom('acting_designation')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('acting_user_id', '=', acting.userId)
				.executeTakeFirstOrThrow();
			expect(Number(count.n)).toBe(0);
		}
	});

	it.each([
		['a planner of the same province', (): Actor => planner40],
		['a planner of another province', (): Actor => planner41],
		['an LAO officer', (): Actor => laoOfficer40]
	] as const)('%s cannot be designated (the problem names actingUserId)', async (_, who) => {
		const error = await expectRefusal(designate({ actingUserId: who().userId }));
		expect(error.kind).toBe('invalid');
		expect(error.problems).toEqual([
			expect.objectContaining({ rule: 'acting.not_eligible', field: 'actingUserId' })
		]);
	});

	it('the governor of another province, or DLA staff, can be designated', async () => {
		for (const [who, days] of [
			[governor41, 10],
			[dla, 12]
		] as const) {
			const designation = await designate({
				actingUserId: who.userId,
				startsOn: addDays(today, days),
				endsOn: addDays(today, days + 1)
			});
			expect(designation.actingUserId).toBe(who.userId);
		}
	});

	it('refuses a disabled user, the governor themself and an unknown user', async () => {
		const disabled = await freshActingUser();
		await database.db
			.updateTable('app_user')
			.set({ disabled: true })
			.where('id', '=', disabled.userId)
			.execute();
		for (const [userId, rule] of [
			[disabled.userId, 'acting.not_eligible'],
			[governor40.userId, 'acting.self'],
			[999999, 'acting.no_user']
		] as const) {
			const error = await expectRefusal(designate({ actingUserId: userId }));
			expect(error.kind).toBe('invalid');
			expect(error.problems).toEqual([expect.objectContaining({ rule, field: 'actingUserId' })]);
		}
	});

	it('checks the dates, naming each field', async () => {
		const acting = await freshActingUser();
		const attempt = (startsOn: string, endsOn: string) =>
			expectRefusal(designate({ actingUserId: acting.userId, startsOn, endsOn }));
		const past = await attempt(addDays(today, -1), today);
		expect(past.problems).toEqual([
			expect.objectContaining({ rule: 'acting.starts_in_past', field: 'startsOn' })
		]);
		const reversed = await attempt(addDays(today, 3), addDays(today, 2));
		expect(reversed.problems).toEqual([
			expect.objectContaining({ rule: 'acting.ends_before_start', field: 'endsOn' })
		]);
		const garbage = await attempt('2026-02-30', 'tomorrow');
		expect(garbage.problems.map((p) => [p.rule, p.field])).toEqual([
			['acting.date_invalid', 'startsOn'],
			['acting.date_invalid', 'endsOn']
		]);
	});

	it('names the governor: required when the province has several, refused when not its governor', async () => {
		const acting = await freshActingUser();
		// TH30 has no governor yet.
		const none = await expectRefusal(designate({ provinceCode: 'TH30', actingUserId: dla.userId }));
		expect(none.problems).toEqual([
			expect.objectContaining({ rule: 'acting.no_governor', field: 'governorUserId' })
		]);
		const first = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH30' });
		const second = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH30' });
		const several = await expectRefusal(
			designate({ provinceCode: 'TH30', actingUserId: dla.userId })
		);
		expect(several.problems).toEqual([
			expect.objectContaining({ rule: 'acting.choose_governor', field: 'governorUserId' })
		]);
		const notTheirs = await expectRefusal(
			designate({
				actingUserId: acting.userId,
				governorUserId: first.userId
			})
		);
		expect(notTheirs.problems).toEqual([
			expect.objectContaining({ rule: 'acting.not_governor', field: 'governorUserId' })
		]);
		// One governor of TH30 acts for the other.
		const designation = await designate({
			provinceCode: 'TH30',
			actingUserId: second.userId,
			governorUserId: first.userId
		});
		expect(designation.governorUserId).toBe(first.userId);
		const { session } = await sessionActor(second.userId);
		// A governor decides their own province as its governor; the designation is still loaded.
		expect(decidingCapacity(session, 'TH30')).toEqual({ as: 'governor' });
		expect(session.actingFor).toEqual([
			expect.objectContaining({ designationId: designation.id, governorUserId: first.userId })
		]);
	});

	it('refuses an overlapping designation of the same user for the same province', async () => {
		const acting = await freshActingUser();
		const first = await designate({
			actingUserId: acting.userId,
			startsOn: addDays(today, 2),
			endsOn: addDays(today, 5)
		});
		const overlap = await expectRefusal(
			designate({
				actor: governor40,
				actingUserId: acting.userId,
				startsOn: addDays(today, 5),
				endsOn: addDays(today, 8)
			})
		);
		expect(overlap.kind).toBe('conflict');
		expect(overlap.details).toEqual({ designationId: first.id });
		expect(overlap.problems).toEqual([
			expect.objectContaining({ rule: 'acting.overlap', field: 'startsOn' })
		]);
		// The next day on is fine; so is the same period for another province.
		await designate({
			actingUserId: acting.userId,
			startsOn: addDays(today, 6),
			endsOn: addDays(today, 8)
		});
		await designate({
			provinceCode: 'TH41',
			actingUserId: acting.userId,
			startsOn: addDays(today, 2),
			endsOn: addDays(today, 5)
		});
		// Once revoked, the period is free again.
		await revokeActing(database.db, { actor: dla, designationId: first.id });
		const again = await designate({
			actingUserId: acting.userId,
			startsOn: addDays(today, 2),
			endsOn: addDays(today, 5)
		});
		expect(again.state).toBe('upcoming');
	});
});

describe('in force, revoked, expired, disabled governor', () => {
	it('revoked: the session no longer acts; the record stays with who revoked it', async () => {
		const acting = await freshActingUser();
		const designation = await designate({
			actor: governor40,
			actingUserId: acting.userId,
			endsOn: addDays(today, 3)
		});
		expect((await sessionActor(acting.userId)).session.actingFor).toHaveLength(1);

		const revoked = await revokeActing(database.db, {
			actor: governor40,
			designationId: designation.id
		});
		expect(revoked).toMatchObject({ state: 'revoked', revokedByName: governor40.displayName });
		expect(revoked.revokedAt).not.toBeNull();
		const { session, actor } = await sessionActor(acting.userId);
		expect(session.actingFor).toBeUndefined();
		expect(actor.actingFor).toBeUndefined();
		expect(decidingCapacity(session, 'TH40')).toBeNull();

		const { entries } = await listAuditEntries(
			database.db,
			{ entityType: 'user', entityId: String(acting.userId), actionPrefix: 'user.acting_revoked' },
			{ limit: 10 }
		);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorUserId: governor40.userId,
			provinceCode: 'TH40',
			before: { designationId: designation.id, state: 'in_force' },
			after: { designationId: designation.id, revokedAt: revoked.revokedAt }
		});

		const twice = await expectRefusal(
			revokeActing(database.db, { actor: governor40, designationId: designation.id })
		);
		expect(twice.kind).toBe('conflict');
	});

	it('expired: ended yesterday, not in force, cannot be revoked', async () => {
		const acting = await freshActingUser();
		// Made directly: the service refuses a period in the past.
		const row = await database.db
			.insertInto('acting_designation')
			.values({
				province_code: 'TH40',
				governor_user_id: governor40.userId,
				acting_user_id: acting.userId,
				starts_on: addDays(today, -10),
				ends_on: addDays(today, -1),
				created_by: dla.userId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const { session, actor } = await sessionActor(acting.userId);
		expect(session.actingFor).toBeUndefined();
		expect(actor.actingFor).toBeUndefined();
		const listed = (await listDesignations(database.db, { actor: dla })).find(
			(d) => d.id === row.id
		);
		expect(listed?.state).toBe('ended');
		await expectRefusal(
			revokeActing(database.db, { actor: dla, designationId: row.id }),
			'conflict'
		);
	});

	it('a disabled governor: their designations are not in force', async () => {
		const governor = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH42' });
		const acting = await freshActingUser();
		const designation = await designate({ provinceCode: 'TH42', actingUserId: acting.userId });
		expect((await sessionActor(acting.userId)).session.actingFor).toHaveLength(1);
		await database.db
			.updateTable('app_user')
			.set({ disabled: true })
			.where('id', '=', governor.userId)
			.execute();
		const { session, actor } = await sessionActor(acting.userId);
		expect(session.actingFor).toBeUndefined();
		expect(actor.actingFor).toBeUndefined();
		const listed = (await listDesignations(database.db, { actor: dla, provinceCode: 'TH42' }))[0];
		expect(listed).toMatchObject({ id: designation.id, governorDisabled: true });
	});

	it('revoking: forbidden to the governor of another province, a planner and the public', async () => {
		const acting = await freshActingUser();
		const designation = await designate({ actingUserId: acting.userId });
		for (const actor of [governor41, planner40, laoOfficer40, null]) {
			const error = await expectRefusal(
				revokeActing(database.db, { actor, designationId: designation.id })
			);
			expect(error.kind).toBe('forbidden');
		}
		await expectRefusal(
			revokeActing(database.db, { actor: dla, designationId: 999999 }),
			'not_found'
		);
		expect(
			(await revokeActing(database.db, { actor: dla, designationId: designation.id })).state
		).toBe('revoked');
	});
});

describe('listDesignations and listDesignationCandidates', () => {
	it('DLA staff see every province; a governor their own; others are refused', async () => {
		const all = await listDesignations(database.db, { actor: dla });
		expect(new Set(all.map((d) => d.provinceCode))).toEqual(
			new Set(['TH30', 'TH40', 'TH41', 'TH42'])
		);
		const own = await listDesignations(database.db, { actor: governor41 });
		expect(own.length).toBeGreaterThan(0);
		expect(own.every((d) => d.provinceCode === 'TH41')).toBe(true);
		expect(own[0]).toMatchObject({
			provinceNameTh: expect.any(String),
			actingName: expect.any(String)
		});
		await expectRefusal(
			listDesignations(database.db, { actor: governor41, provinceCode: 'TH40' }),
			'forbidden'
		);
		for (const actor of [planner40, laoOfficer40, null]) {
			await expectRefusal(listDesignations(database.db, { actor }), 'forbidden');
		}
	});

	it('candidates: the governor and who may act, without LAO officers or the province planners', async () => {
		const choices = await listDesignationCandidates(database.db, {
			actor: governor40,
			provinceCode: 'TH40'
		});
		expect(choices.governors.map((g) => g.id)).toEqual([governor40.userId]);
		const ids = choices.candidates.map((c) => c.id);
		expect(ids).toContain(dla.userId);
		expect(ids).toContain(governor41.userId);
		expect(ids).not.toContain(governor40.userId);
		expect(ids).not.toContain(planner40.userId);
		// Another province's planner is not offered (issue 15), nor an LAO officer.
		expect(ids).not.toContain(planner41.userId);
		expect(ids).not.toContain(laoOfficer40.userId);
		expect(choices.candidates.every((c) => c.role === 'governor' || c.role === 'dla_staff')).toBe(
			true
		);
		await expectRefusal(
			listDesignationCandidates(database.db, { actor: governor41, provinceCode: 'TH40' }),
			'forbidden'
		);
	});
});
