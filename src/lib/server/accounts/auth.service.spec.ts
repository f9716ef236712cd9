import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import {
	changeOwnPassword,
	logIn,
	logOut,
	logOutEverywhere,
	resolveSession,
	sessionIdOf
} from './auth.service';
import { commandLineOperator, createUser, updateUser } from './user.service';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

const settings = { idleHours: 12 };
const password = 'ข้าวเหนียวส้มตำไก่ย่าง';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('empty');
});
afterAll(() => database?.close());

let counter = 0;
/** A DLA staff user of its own for each test (no province or LAO needed). */
async function newUser(username = `auth.user${++counter}`) {
	const { userId } = await createUser(database.db, commandLineOperator, {
		username,
		displayName: `ผู้ทดสอบ ${counter}`,
		position: null,
		role: 'dla_staff',
		provinceCode: null,
		dlaCode: null,
		password
	});
	return { userId, username };
}

/** The refusal a promise ends with (fails the test when it resolves). */

async function attemptsOf(username: string) {
	return database.db
		.selectFrom('login_attempt')
		.select(['succeeded'])
		.where('username', '=', username)
		.orderBy('id')
		.execute();
}

/** Failed attempts `minutesAgo` before the database's now, as if typed then. */
async function insertFailures(username: string, minutesAgo: number[]) {
	for (const minutes of minutesAgo) {
		await database.db
			.insertInto('login_attempt')
			.values({
				username,
				succeeded: false,
				ip_address: null,
				attempted_at: sql<Date>`now() - make_interval(secs => ${minutes * 60})`
			})
			.execute();
	}
}

describe('logging in', () => {
	it('opens a session stored only by the SHA-256 of its token', async () => {
		const { userId, username } = await newUser();
		const session = await logIn(
			database.db,
			{ username: `  ${username.toUpperCase()} `, password, ipAddress: '127.0.0.1' },
			settings
		);
		expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(session.sessionId).toBe(sessionIdOf(session.token));
		expect(session.actor).toEqual({
			userId,
			username,
			displayName: expect.stringContaining('ผู้ทดสอบ'),
			role: 'dla_staff',
			provinceCode: null,
			dlaCode: null
		});
		const stored = await database.db
			.selectFrom('user_session')
			.selectAll()
			.where('user_id', '=', userId)
			.execute();
		expect(stored.map((s) => s.id)).toEqual([session.sessionId]);
		expect(stored[0]!.id).not.toBe(session.token);
		expect(await attemptsOf(username)).toEqual([{ succeeded: true }]);
	});

	it('gives the same refusal for an unknown user and a wrong password, and records both', async () => {
		const { username } = await newUser();
		const wrongPassword = await expectRefusal(
			logIn(database.db, { username, password: 'not-the-password' }, settings)
		);
		const unknownUser = await expectRefusal(
			logIn(database.db, { username: 'nobody.here', password }, settings)
		);
		expect(wrongPassword.kind).toBe('invalid');
		expect(unknownUser.kind).toBe('invalid');
		expect(unknownUser.problems).toEqual(wrongPassword.problems);
		expect(wrongPassword.problems[0]!.rule).toBe('login.failed');
		expect(await attemptsOf(username)).toEqual([{ succeeded: false }]);
		expect(await attemptsOf('nobody.here')).toEqual([{ succeeded: false }]);
	});

	it('refuses a disabled user even with the right password', async () => {
		const { userId, username } = await newUser();
		await newUser(); // another DLA staff member, so this one may be disabled
		await updateUser(database.db, commandLineOperator, userId, { disabled: true });
		const refused = await expectRefusal(logIn(database.db, { username, password }, settings));
		expect(refused.problems[0]!.rule).toBe('login.disabled');
		const sessions = await database.db
			.selectFrom('user_session')
			.select('id')
			.where('user_id', '=', userId)
			.execute();
		expect(sessions).toEqual([]);
	});
});

describe('the log-in throttle', () => {
	it('refuses the 6th attempt after 5 failures in 15 minutes, until the oldest leaves', async () => {
		const { username } = await newUser();
		await insertFailures(username, [14, 10, 5, 3, 1]);
		// Even the right password is refused: the throttle answers before the password is read.
		const refused = await expectRefusal(logIn(database.db, { username, password }, settings));
		expect(refused.kind).toBe('throttled');
		// The oldest failure (14 minutes ago) leaves the 15-minute window in about a minute.
		expect(refused.retryAfterSeconds).toBeGreaterThan(50);
		expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
		expect(refused.problems[0]).toMatchObject({
			rule: 'login.throttled',
			details: { retryAfterSeconds: refused.retryAfterSeconds }
		});
		// A refused attempt is not a login attempt, so it does not prolong the wait.
		expect(await attemptsOf(username)).toHaveLength(5);
	});

	it('does not count failures older than 15 minutes', async () => {
		const { username } = await newUser();
		await insertFailures(username, [16, 20, 30, 40, 50, 60, 4, 3, 2, 1]);
		const session = await logIn(database.db, { username, password }, settings);
		expect(session.actor.username).toBe(username);
	});

	it('throttles unknown usernames too, after five real failures', async () => {
		const username = 'ghost.account';
		for (let i = 0; i < 5; i++) {
			const refused = await expectRefusal(
				logIn(database.db, { username, password: `guess-number-${i}` }, settings)
			);
			expect(refused.kind).toBe('invalid');
		}
		const sixth = await expectRefusal(
			logIn(database.db, { username: 'Ghost.Account', password: 'guess-number-5' }, settings)
		);
		expect(sixth.kind).toBe('throttled');
		expect(sixth.retryAfterSeconds).toBeGreaterThan(14 * 60);
		expect(sixth.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
	});

	it('is not reset by a successful log-in in between', async () => {
		const { username } = await newUser();
		await insertFailures(username, [12, 11, 10, 9]);
		await logIn(database.db, { username, password }, settings);
		await expectRefusal(
			logIn(database.db, { username, password: 'a-fifth-wrong-guess' }, settings)
		);
		const refused = await expectRefusal(logIn(database.db, { username, password }, settings));
		expect(refused.kind).toBe('throttled');
		// The oldest of the last five failures is 12 minutes old: three minutes to wait.
		expect(refused.retryAfterSeconds).toBeGreaterThan(170);
		expect(refused.retryAfterSeconds).toBeLessThanOrEqual(180);
	});
});

describe('sessions', () => {
	it('resolves a token to its actor, and nothing else', async () => {
		const { username } = await newUser();
		const session = await logIn(database.db, { username, password }, settings);
		const resolved = await resolveSession(database.db, session.token, settings);
		expect(resolved).toMatchObject({ actor: session.actor, sessionId: session.sessionId });
		expect(await resolveSession(database.db, 'x'.repeat(43), settings)).toBeNull();
		expect(await resolveSession(database.db, session.sessionId, settings)).toBeNull();
		expect(await resolveSession(database.db, '', settings)).toBeNull();
	});

	it('ends after the idle time and pushes the expiry out when used, at most once a minute', async () => {
		const { username } = await newUser();
		const session = await logIn(database.db, { username, password }, settings);
		const first = await resolveSession(database.db, session.token, settings);
		expect(first?.extended).toBe(false);

		// Last used two minutes ago, expiring in an hour: this use renews the 12 idle hours.
		await database.db
			.updateTable('user_session')
			.set({
				last_seen_at: sql<Date>`now() - interval '2 minutes'`,
				expires_at: sql<Date>`now() + interval '1 hour'`
			})
			.where('id', '=', session.sessionId)
			.execute();
		const renewed = await resolveSession(database.db, session.token, settings);
		expect(renewed?.extended).toBe(true);
		const row = await database.db
			.selectFrom('user_session')
			.select(sql<number>`extract(epoch from expires_at - now())::float8 / 3600`.as('hours_left'))
			.where('id', '=', session.sessionId)
			.executeTakeFirstOrThrow();
		expect(Number(row.hours_left)).toBeGreaterThan(11.9);
		expect((await resolveSession(database.db, session.token, settings))?.extended).toBe(false);

		// Idle past its expiry: gone.
		await database.db
			.updateTable('user_session')
			.set({ expires_at: sql<Date>`now() - interval '1 second'` })
			.where('id', '=', session.sessionId)
			.execute();
		expect(await resolveSession(database.db, session.token, settings)).toBeNull();
	});

	it('ends with its user being disabled', async () => {
		const { userId, username } = await newUser();
		await newUser();
		const session = await logIn(database.db, { username, password }, settings);
		await updateUser(database.db, commandLineOperator, userId, { disabled: true });
		expect(await resolveSession(database.db, session.token, settings)).toBeNull();
	});

	it('logs out one session, or every session of the user everywhere', async () => {
		const { username } = await newUser();
		const other = await newUser();
		const laptop = await logIn(database.db, { username, password }, settings);
		const phone = await logIn(database.db, { username, password }, settings);
		const tablet = await logIn(database.db, { username, password }, settings);
		const someoneElse = await logIn(database.db, { username: other.username, password }, settings);

		await logOut(database.db, laptop.sessionId);
		expect(await resolveSession(database.db, laptop.token, settings)).toBeNull();
		expect(await resolveSession(database.db, phone.token, settings)).not.toBeNull();

		expect(await logOutEverywhere(database.db, phone.actor)).toBe(2);
		expect(await resolveSession(database.db, phone.token, settings)).toBeNull();
		expect(await resolveSession(database.db, tablet.token, settings)).toBeNull();
		expect(await resolveSession(database.db, someoneElse.token, settings)).not.toBeNull();
	});
});

describe('throttled attempts are counted (issue 12)', () => {
	async function refusalsOf(username: string) {
		return database.db
			.selectFrom('login_refusal')
			.selectAll()
			.where('username', '=', username)
			.execute();
	}
	async function throttledAuditOf(username: string) {
		return database.db
			.selectFrom('audit_log')
			.select(['actor_user_id', 'after', 'ip_address'])
			.where('action', '=', 'user.login_throttled')
			.where('entity_id', '=', username)
			.orderBy('id')
			.execute();
	}

	it('one row per username per window holds the count; no password is stored anywhere', async () => {
		const { username } = await newUser();
		await insertFailures(username, [4, 3, 2, 1, 0]);
		const secret = 'a-secret-guess-that-must-not-be-kept';
		for (let i = 0; i < 12; i++) {
			const refused = await expectRefusal(
				logIn(
					database.db,
					{
						username: i % 2 ? username.toUpperCase() : username,
						password: `${secret}-${i}`,
						ipAddress: `192.0.2.${i}`
					},
					settings
				)
			);
			expect(refused.kind).toBe('throttled');
		}
		const rows = await refusalsOf(username);
		// 12 refusals in a few milliseconds: one window, unless the test straddled its boundary.
		expect(rows.reduce((sum, row) => sum + row.refused_count, 0)).toBe(12);
		expect(rows.length).toBeLessThanOrEqual(2);
		expect(rows.at(-1)!.last_ip_address).toBe('192.0.2.11');
		// Still not login attempts: the lock is not prolonged by them.
		expect(await attemptsOf(username)).toHaveLength(5);

		// The audit log: at the 1st and 10th refusal of the window, with the count so far.
		const audit = await throttledAuditOf(username);
		const counts = audit.map(
			(entry) => (entry.after as { refusedInWindow: number }).refusedInWindow
		);
		expect(counts).toEqual(rows.length === 1 ? [1, 10] : expect.arrayContaining([1]));
		expect(audit[0]).toMatchObject({ actor_user_id: null, ip_address: '192.0.2.0' });
		expect(audit[0]!.after).toMatchObject({ username });

		const everything = JSON.stringify({ rows, audit });
		expect(everything).not.toContain(secret);
	});

	it('audits at 1, 10, 100, 1000 refusals of a window only', async () => {
		const { isAuditedRefusalCount } = await import('./auth.service');
		const audited = Array.from({ length: 2000 }, (_, i) => i + 1).filter(isAuditedRefusalCount);
		expect(audited).toEqual([1, 10, 100, 1000]);
	});

	it('a throttled password change is counted too, under the user who tried', async () => {
		const { username } = await newUser();
		const here = await logIn(database.db, { username, password }, settings);
		await insertFailures(username, [4, 3, 2, 1, 0]);
		const refused = await expectRefusal(
			changeOwnPassword(database.db, {
				actor: here.actor,
				sessionId: here.sessionId,
				currentPassword: password,
				newPassword: 'ฝนตกที่ขอนแก่นทั้งวัน'
			})
		);
		expect(refused.kind).toBe('throttled');
		expect((await refusalsOf(username)).map((row) => row.refused_count)).toEqual([1]);
		expect(await throttledAuditOf(username)).toMatchObject([{ actor_user_id: here.actor.userId }]);
	});
});

describe('changing one’s own password', () => {
	it('needs the current password, counts a wrong one as a failed log-in, and ends other sessions', async () => {
		const { username } = await newUser();
		const here = await logIn(database.db, { username, password }, settings);
		const elsewhere = await logIn(database.db, { username, password }, settings);
		const newPassword = 'ฝนตกที่ขอนแก่นทั้งวัน';

		const wrong = await expectRefusal(
			changeOwnPassword(database.db, {
				actor: here.actor,
				sessionId: here.sessionId,
				currentPassword: 'not-my-password',
				newPassword
			})
		);
		expect(wrong.problems).toMatchObject([
			{ rule: 'password.current_wrong', field: 'currentPassword' }
		]);
		expect((await attemptsOf(username)).filter((a) => !a.succeeded)).toHaveLength(1);

		const weak = await expectRefusal(
			changeOwnPassword(database.db, {
				actor: here.actor,
				sessionId: here.sessionId,
				currentPassword: password,
				newPassword: 'password1234'
			})
		);
		expect(weak.problems).toMatchObject([{ rule: 'password.common', field: 'newPassword' }]);

		const changed = await changeOwnPassword(database.db, {
			actor: here.actor,
			sessionId: here.sessionId,
			currentPassword: password,
			newPassword
		});
		expect(changed.otherSessionsEnded).toBe(1);
		expect(await resolveSession(database.db, here.token, settings)).not.toBeNull();
		expect(await resolveSession(database.db, elsewhere.token, settings)).toBeNull();
		await expectRefusal(logIn(database.db, { username, password }, settings));
		const again = await logIn(database.db, { username, password: newPassword }, settings);
		expect(again.actor.username).toBe(username);
	});
});
