import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, invalid } from '../domain-errors';
import * as attempts from './login-attempt.repository';
import { dummyPasswordHash, hashPassword, passwordProblems, verifyPassword } from './password';
import * as sessions from './session.repository';
import * as users from './user.repository';

/**
 * Log-in, sessions and the user's own password.
 *
 * The throttle: at most 5 failed attempts on one username (lower-cased, whether or not such a
 * user exists, so probing names is throttled as well) in any 15 minutes. A 6th attempt is
 * refused without looking at the password until the oldest of those 5 failures is 15 minutes
 * old. Failures are counted in that sliding window whatever happened in between: a successful
 * log-in neither resets nor shortens it. Resetting on success would let an attacker who
 * watches (or causes) the owner's log-ins earn 5 more guesses each time; the price is that an
 * attacker can keep one account locked for as long as they keep failing, which DLA accepts for
 * accounts that are few and known by name. Refused (throttled) attempts are not login attempts,
 * so they do not extend the lock, and the count and the record happen under a per-username lock,
 * so parallel guesses cannot all slip in under the limit.
 *
 * Every log-in, failed log-in, log-out and password change appends its audit entry in the
 * transaction that records it (a failed log-in's entry commits with its `login_attempt` row,
 * before the refusal is thrown). A throttled attempt is counted apart (`recordRefusal`).
 */

export const loginThrottle = { maxFailures: 5, windowSeconds: 15 * 60 } as const;
/** A session's idle expiry is pushed out at most this often, to spare a write per request. */
export const sessionTouchIntervalSeconds = 60;

export interface SessionSettings {
	/** How long a session lasts after its last use (SESSION_IDLE_HOURS). */
	idleHours: number;
}

export interface NewSession {
	/** The secret for the cookie; only its SHA-256 is stored. */
	token: string;
	sessionId: string;
	actor: Actor;
	expiresAt: Date;
}

/** 256 random bits, URL-safe: 43 characters. */
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function sessionIdOf(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
	return randomBytes(32).toString('base64url');
}

const loginFailed = () =>
	invalid(
		[{ rule: 'login.failed', field: 'password', message: 'Wrong username or password' }],
		'Wrong username or password'
	);

/** The `throttled` refusal when the username has used up its failures in the window, or null. */
async function throttleRefusal(db: Kysely<DB>, username: string): Promise<DomainError | null> {
	const failures = await attempts.recentFailures(
		db,
		username,
		loginThrottle.windowSeconds,
		loginThrottle.maxFailures
	);
	if (failures.length < loginThrottle.maxFailures) return null;
	// Newest first: the last is the oldest of the five; once it leaves, one more try is allowed.
	const oldest = failures[failures.length - 1]!;
	const retryAfterSeconds = Math.max(1, Math.ceil(oldest.leavesWindowInSeconds));
	return new DomainError(
		'throttled',
		`Too many failed log-ins: try again in ${retryAfterSeconds} s`,
		[
			{
				rule: 'login.throttled',
				field: 'username',
				message: 'Too many failed log-ins for this account',
				details: { retryAfterSeconds }
			}
		],
		retryAfterSeconds
	);
}

/**
 * Counts a throttled attempt (issue 12: they left no record): one `login_refusal` row per
 * username per 15-minute window holds the count, and the audit log gets `user.login_throttled`
 * at the window's 1st, 10th, 100th, 1000th… refusal — visible to DLA staff in /admin/audit,
 * with the count so far, yet at most a handful of entries however hard the account is
 * hammered. The refusal itself is still not a `login_attempt`, so it does not extend the lock.
 */
async function recordRefusal(
	db: Kysely<DB>,
	refusal: { username: string; actor: Actor | null; ipAddress: string | null }
): Promise<void> {
	const { refusedCount } = await attempts.countRefusal(db, {
		username: refusal.username,
		windowSeconds: loginThrottle.windowSeconds,
		ipAddress: refusal.ipAddress
	});
	if (!isAuditedRefusalCount(refusedCount)) return;
	await appendAudit(db, {
		actor: refusal.actor,
		action: 'user.login_throttled',
		entityType: 'user',
		entityId: refusal.username,
		// The entry's own time says when; the window is the 15 minutes around it.
		after: { username: refusal.username, refusedInWindow: refusedCount },
		ipAddress: refusal.ipAddress
	});
}

/** 1, 10, 100, 1000…: the counts at which a throttled window gets an audit entry. */
export function isAuditedRefusalCount(count: number): boolean {
	return count >= 1 && Number.isInteger(Math.log10(count));
}

/** The client's address as stored with attempts and audit entries. */
const storedAddress = (ipAddress: string | null | undefined) => ipAddress?.slice(0, 100) ?? null;

/** The name as the throttle and the lookup use it; longer input cannot name any account. */
function normaliseUsername(username: string): string {
	return username.trim().toLowerCase().slice(0, 64);
}

/**
 * Checks the password and opens a session. Unknown user and wrong password give the same
 * `invalid` error (`login.failed`) after the same work (an unknown name is verified against a
 * dummy hash); a disabled account is named as such only to someone who gave its password.
 */
export async function logIn(
	db: Kysely<DB>,
	input: {
		username: string;
		password: string;
		ipAddress?: string | null;
		userAgent?: string | null;
	},
	settings: SessionSettings
): Promise<NewSession> {
	const username = normaliseUsername(input.username);
	const dummy = await dummyPasswordHash();
	// One transaction holding the username's lock through the password check (tens of
	// milliseconds of argon2), so that check-then-record cannot be raced.
	const outcome = await db.transaction().execute(async (trx) => {
		await attempts.lockUsername(trx, username);
		const ipAddress = storedAddress(input.ipAddress);
		const throttled = await throttleRefusal(trx, username);
		if (throttled) {
			await recordRefusal(trx, { username, actor: null, ipAddress });
			return { kind: 'throttled' as const, refusal: throttled };
		}
		const user = await users.findUserByUsername(trx, username);
		const passwordOk = await verifyPassword(user?.password_hash ?? dummy, input.password);
		const succeeded = user !== undefined && passwordOk && !user.disabled;
		await attempts.recordAttempt(trx, { username, succeeded, ipAddress });
		if (!user || !passwordOk || user.disabled) {
			// By the name as typed (lower-cased): an unknown name has no user id to point at.
			await appendAudit(trx, {
				actor: null,
				action: 'user.login_failed',
				entityType: 'user',
				entityId: username,
				after: user && passwordOk ? { username, reason: 'disabled' } : { username },
				ipAddress
			});
			return user && passwordOk ? { kind: 'disabled' as const } : { kind: 'failed' as const };
		}
		await sessions.deleteExpiredSessions(trx);
		const token = newToken();
		const sessionId = sessionIdOf(token);
		const expiresAt = await sessions.insertSession(trx, {
			id: sessionId,
			userId: user.id,
			idleHours: settings.idleHours,
			userAgent: input.userAgent?.slice(0, 300) ?? null
		});
		const actor = await users.findActor(trx, user.id);
		if (!actor) throw new Error(`user ${user.id} vanished during log-in`);
		await appendAudit(trx, {
			actor,
			action: 'user.login',
			entityType: 'user',
			entityId: user.id,
			ipAddress
		});
		return { kind: 'succeeded' as const, session: { token, sessionId, actor, expiresAt } };
	});
	// Failures and throttled attempts are committed (they are counted) before the refusal is thrown.
	if (outcome.kind === 'throttled') throw outcome.refusal;
	if (outcome.kind === 'failed') throw loginFailed();
	if (outcome.kind === 'disabled') {
		throw invalid(
			[{ rule: 'login.disabled', field: 'username', message: 'This account is disabled' }],
			'This account is disabled'
		);
	}
	return outcome.session;
}

export interface ResolvedSession {
	actor: Actor;
	sessionId: string;
	expiresAt: Date;
	/** True when this call pushed the idle expiry out (the cookie's lifetime follows). */
	extended: boolean;
}

/**
 * The session a cookie's token opens, or null when it is unknown, expired or its user is
 * disabled. A session used again after at least a minute gets its idle expiry renewed.
 */
export async function resolveSession(
	db: Kysely<DB>,
	token: string,
	settings: SessionSettings
): Promise<ResolvedSession | null> {
	if (!tokenPattern.test(token)) return null;
	const found = await sessions.findLiveSession(db, sessionIdOf(token));
	if (!found) return null;
	if (found.seenSeconds < sessionTouchIntervalSeconds) {
		return {
			actor: found.actor,
			sessionId: found.sessionId,
			expiresAt: found.expiresAt,
			extended: false
		};
	}
	const expiresAt = await sessions.touchSession(db, found.sessionId, settings.idleHours);
	return { actor: found.actor, sessionId: found.sessionId, expiresAt, extended: true };
}

/**
 * Ends one session. The audit entry names the session's own user; a session already expired
 * (or of a disabled user) is deleted without an entry, as nobody was logged in with it.
 */
export async function logOut(
	db: Kysely<DB>,
	sessionId: string,
	context: { ipAddress?: string | null } = {}
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const session = await sessions.findLiveSession(trx, sessionId);
		await sessions.deleteSession(trx, sessionId);
		if (!session) return;
		await appendAudit(trx, {
			actor: session.actor,
			action: 'user.logout',
			entityType: 'user',
			entityId: session.actor.userId,
			ipAddress: storedAddress(context.ipAddress)
		});
	});
}

/** Ends every session of the actor, on every device, this one included; returns how many. */
export async function logOutEverywhere(
	db: Kysely<DB>,
	actor: Actor,
	context: { ipAddress?: string | null } = {}
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		const ended = await sessions.deleteSessionsOfUser(trx, actor.userId);
		await appendAudit(trx, {
			actor,
			action: 'user.logout',
			entityType: 'user',
			entityId: actor.userId,
			after: { everywhere: true, sessionsEnded: ended },
			ipAddress: storedAddress(context.ipAddress)
		});
		return ended;
	});
}

/**
 * Changes the actor's own password: the current one is required (a wrong one counts as a
 * failed log-in, so a borrowed session cannot be used to guess it), and every other session
 * of the user ends.
 */
export async function changeOwnPassword(
	db: Kysely<DB>,
	input: {
		actor: Actor;
		sessionId: string | null;
		currentPassword: string;
		newPassword: string;
		ipAddress?: string | null;
	}
): Promise<{ otherSessionsEnded: number }> {
	const problems = passwordProblems(input.newPassword, 'newPassword');
	if (problems.length > 0) throw invalid(problems);
	const newHash = await hashPassword(input.newPassword);
	const username = input.actor.username;
	const ipAddress = storedAddress(input.ipAddress);
	const outcome = await db.transaction().execute(async (trx) => {
		await attempts.lockUsername(trx, username);
		const throttled = await throttleRefusal(trx, username);
		if (throttled) {
			await recordRefusal(trx, { username, actor: input.actor, ipAddress });
			return { ok: false as const, refusal: throttled };
		}
		const user = await users.findUserById(trx, input.actor.userId);
		if (!user) throw new DomainError('not_found', 'No such user');
		const ok = await verifyPassword(user.password_hash, input.currentPassword);
		if (!ok) {
			await attempts.recordAttempt(trx, { username, succeeded: false, ipAddress });
			await appendAudit(trx, {
				actor: input.actor,
				action: 'user.login_failed',
				entityType: 'user',
				entityId: username,
				after: { username, reason: 'password_change' },
				ipAddress
			});
			return { ok: false as const, refusal: null };
		}
		await users.updateUser(trx, user.id, { password_hash: newHash });
		const ended = await sessions.deleteSessionsOfUser(trx, user.id, input.sessionId ?? undefined);
		await appendAudit(trx, {
			actor: input.actor,
			action: 'user.password_changed',
			entityType: 'user',
			entityId: user.id,
			after: { otherSessionsEnded: ended },
			ipAddress
		});
		return { ok: true as const, ended };
	});
	if (!outcome.ok) {
		if (outcome.refusal) throw outcome.refusal;
		throw invalid([
			{
				rule: 'password.current_wrong',
				field: 'currentPassword',
				message: 'The current password is wrong'
			}
		]);
	}
	return { otherSessionsEnded: outcome.ended };
}
