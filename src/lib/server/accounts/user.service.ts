import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor, Role } from '../../accounts/roles';
import { appendAudit, type AuditSnapshot } from '../audit/audit.repository';
import type { AuditAction } from '../audit/audit-actions';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound } from '../domain-errors';
import { hashPassword, passwordProblems } from './password';
import { canManageUsers } from './permissions';
import * as sessions from './session.repository';
import * as users from './user.repository';
import {
	newUserInput,
	problemsFromZod,
	userChangesInput,
	type NewUserInput,
	type UserChanges
} from './user.schemas';

import { registryProblems, scopeOf, scopeProblems } from './user-scope';

/**
 * User administration: DLA staff only (or the operator at the server's command line, who holds
 * the database anyway). Every change is one transaction; province and LAO codes are checked
 * against the registry that is loaded, and every refusal names its field. Each change appends
 * its audit entries in its own transaction; password hashes never go into them.
 *
 * Over 400 lines: creating and changing a user share the audit of each field and the scope checks
 * (user-scope.ts); the writes are in user.repository.ts.
 */

/** Whoever runs `npm run user` on the server: not a signed-in user, and allowed to manage users. */
export const commandLineOperator = { kind: 'command_line_operator' } as const;
export type UserManager = Actor | typeof commandLineOperator | null;

/** The audit entry's actor: the signed-in manager, or null (the system) for the command line. */
function auditActorOf(by: UserManager): Actor | null {
	return by !== null && !('kind' in by) ? by : null;
}

/** Marks what the command-line operator did, as they have no user to name. */
function viaOf(by: UserManager): AuditSnapshot {
	return by !== null && 'kind' in by ? { via: 'cli' } : {};
}

/**
 * An email address for notices, as forms and the command line give it: blank means none.
 * Lower-cased; the same shape as the table's check. The rule names the problem for the UI.
 */
export const emailField = z.preprocess(
	(value) => (typeof value === 'string' && value.trim() === '' ? null : value),
	z
		.string({ error: 'user.email.format' })
		.trim()
		.toLowerCase()
		.max(254, { error: 'user.email.too_long' })
		.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'user.email.format' })
		.nullable()
		.default(null)
);

const emailMessages: Record<string, string> = {
	'user.email.format': 'An email address looks like name@example.go.th',
	'user.email.too_long': 'An email address has at most 254 characters'
};

/** The email of a form or call, parsed; a bad one is refused naming the `email` field. */
export function parseEmail(value: unknown): string | null {
	const parsed = emailField.safeParse(value);
	if (parsed.success) return parsed.data;
	const rule = parsed.error.issues[0]?.message ?? 'user.email.format';
	throw invalid([
		{ rule, field: 'email', message: emailMessages[rule] ?? emailMessages['user.email.format']! }
	]);
}

/**
 * An address as the audit trail keeps it: enough to see that it changed and to which domain,
 * without keeping the full address after the user has removed it (PDPA: data minimisation).
 */
function maskedEmail(email: string | null): string | null {
	if (email === null) return null;
	const [local = '', domain = ''] = email.split('@');
	return `${local.slice(0, 1)}***@${domain}`;
}

/** A user's audited fields (never the password hash), by the names the forms use. */
interface AuditedUser {
	displayName: string;
	position: string | null;
	role: Role;
	provinceCode: string | null;
	dlaCode: string | null;
	districtCode: string | null;
	disabled: boolean;
	email: string | null;
}

/**
 * The verb each changed field is logged under: one entry per verb, so that filtering on
 * `user.role_changed` or `user.disabled` finds every such change, whatever came with it.
 */
function auditVerbOf(field: keyof AuditedUser, after: AuditedUser): AuditAction {
	switch (field) {
		case 'role':
		case 'provinceCode':
		case 'dlaCode':
		case 'districtCode':
			return 'user.role_changed';
		case 'disabled':
			return after.disabled ? 'user.disabled' : 'user.enabled';
		case 'displayName':
		case 'position':
		case 'email':
			return 'user.updated';
	}
}

/** Refuses (forbidden) anyone who may not manage users; routes call it before parsing a form. */
export function requireUserManager(by: UserManager): void {
	if (by !== null && 'kind' in by) return;
	if (!canManageUsers(by)) throw forbidden('Only DLA staff manage users');
}

const usernameTaken = (username: string) =>
	new DomainError('conflict', `The username ${username} is taken`, [
		{ rule: 'user.username.taken', field: 'username', message: 'This username is taken' }
	]);

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const parsed = schema.safeParse(value);
	if (!parsed.success) throw invalid(problemsFromZod(parsed.error));
	return parsed.data;
}

export async function listUsers(db: Kysely<DB>, by: UserManager): Promise<users.UserListing[]> {
	requireUserManager(by);
	return users.listUsers(db);
}

/** The signed-in user's own account, as the account page shows it. */
export async function describeOwnAccount(
	db: Kysely<DB>,
	actor: Actor | null
): Promise<users.UserListing> {
	if (!actor) throw forbidden('Log in to see your account');
	const [own] = await users.listUsers(db, actor.userId);
	if (!own) throw notFound('No such user');
	return own;
}

/** The provinces to choose from in the user form, by Thai name. */
export async function listProvinceChoices(db: Kysely<DB>, by: UserManager) {
	requireUserManager(by);
	return users.listProvinceChoices(db);
}

/** Creates a user; returns the new id. The email (for notices) is optional. */
export async function createUser(
	db: Kysely<DB>,
	by: UserManager,
	input: Omit<NewUserInput, 'districtCode'> & {
		districtCode?: string | null;
		email?: string | null;
	}
): Promise<{ userId: number }> {
	requireUserManager(by);
	const user = parse(newUserInput, input);
	const email = parseEmail(input.email);
	const scope = scopeOf(user.role, user.provinceCode, user.dlaCode, user.districtCode);
	const problems = [...scopeProblems(user.role, scope), ...passwordProblems(user.password)];
	if (problems.length > 0) throw invalid(problems);
	const passwordHash = await hashPassword(user.password);
	return db.transaction().execute(async (trx) => {
		const unknown = await registryProblems(trx, scope);
		if (unknown.length > 0) throw invalid(unknown);
		if (await users.findUserByUsername(trx, user.username)) throw usernameTaken(user.username);
		const row = await users
			.insertUser(trx, {
				username: user.username,
				display_name: user.displayName,
				position: user.position,
				role: user.role,
				province_code: scope.provinceCode,
				dla_code: scope.dlaCode,
				district_code: scope.districtCode,
				password_hash: passwordHash,
				email
			})
			.catch((error: unknown) => {
				// Another administrator took the name between the check and the insert.
				if ((error as { code?: string }).code === '23505') throw usernameTaken(user.username);
				throw error;
			});
		await appendAudit(trx, {
			actor: auditActorOf(by),
			action: 'user.created',
			entityType: 'user',
			entityId: row.id,
			provinceCode: scope.provinceCode,
			after: {
				username: user.username,
				displayName: user.displayName,
				position: user.position,
				role: user.role,
				provinceCode: scope.provinceCode,
				dlaCode: scope.dlaCode,
				...(scope.districtCode !== null ? { districtCode: scope.districtCode } : {}),
				disabled: false,
				// Only when given, masked (see maskedEmail).
				...(email !== null ? { email: maskedEmail(email) } : {}),
				...viaOf(by)
			}
		});
		return { userId: row.id };
	});
}

/**
 * Changes a user's role, scope, names or disabled flag (fields left out stay as they are).
 * Never leaves the system without an enabled DLA staff member: the last one cannot be demoted
 * or disabled, by themselves or from the command line. Disabling ends the user's sessions.
 */
export async function updateUser(
	db: Kysely<DB>,
	by: UserManager,
	userId: number,
	changes: UserChanges & { email?: string | null }
): Promise<void> {
	requireUserManager(by);
	const change = parse(userChangesInput, changes);
	const email = changes.email !== undefined ? parseEmail(changes.email) : undefined;
	await db.transaction().execute(async (trx) => {
		// Locked before the user is read, so two demotions at once are decided one after the other.
		const enabledDlaStaff =
			change.role !== undefined || change.disabled !== undefined
				? await users.lockEnabledDlaStaff(trx)
				: [];
		const current = await users.findUserById(trx, userId);
		if (!current) throw notFound(`No user ${userId}`);
		const role = change.role ?? current.role;
		const disabled = change.disabled ?? current.disabled;
		const scope = scopeOf(
			role,
			change.provinceCode !== undefined ? change.provinceCode : current.province_code,
			change.dlaCode !== undefined ? change.dlaCode : current.dla_code,
			change.districtCode !== undefined ? change.districtCode : current.district_code
		);
		const problems = scopeProblems(role, scope);
		if (problems.length > 0) throw invalid(problems);
		// Only codes that change are checked: a user whose province left a later import can
		// still be renamed.
		const districtChanged = scope.districtCode !== current.district_code;
		const unknown = await registryProblems(trx, {
			provinceCode:
				scope.provinceCode !== current.province_code || districtChanged ? scope.provinceCode : null,
			dlaCode: scope.dlaCode !== current.dla_code ? scope.dlaCode : null,
			districtCode: districtChanged ? scope.districtCode : null
		});
		if (unknown.length > 0) throw invalid(unknown);

		const wasEnabledDlaStaff = current.role === 'dla_staff' && !current.disabled;
		const staysEnabledDlaStaff = role === 'dla_staff' && !disabled;
		if (
			wasEnabledDlaStaff &&
			!staysEnabledDlaStaff &&
			enabledDlaStaff.every((id) => id === userId)
		) {
			throw new DomainError('conflict', 'The last enabled DLA staff member must stay', [
				{
					rule: 'user.last_dla_staff',
					field: disabled ? 'disabled' : 'role',
					message: 'This is the last enabled DLA staff account: add or enable another one first'
				}
			]);
		}
		const before: AuditedUser = {
			displayName: current.display_name,
			position: current.position,
			role: current.role,
			provinceCode: current.province_code,
			dlaCode: current.dla_code,
			districtCode: current.district_code,
			disabled: current.disabled,
			email: current.email
		};
		const after: AuditedUser = {
			displayName: change.displayName ?? current.display_name,
			position: change.position !== undefined ? change.position : current.position,
			role,
			provinceCode: scope.provinceCode,
			dlaCode: scope.dlaCode,
			districtCode: scope.districtCode,
			disabled,
			email: email !== undefined ? email : current.email
		};
		await users.updateUser(trx, userId, {
			display_name: after.displayName,
			position: after.position,
			role: after.role,
			province_code: after.provinceCode,
			dla_code: after.dlaCode,
			district_code: after.districtCode,
			disabled: after.disabled,
			email: after.email
		});
		const sessionsEnded =
			disabled && !current.disabled ? await sessions.deleteSessionsOfUser(trx, userId) : 0;

		// Only the fields that changed, grouped by verb; a change of nothing logs nothing.
		const entries = new Map<AuditAction, { before: AuditSnapshot; after: AuditSnapshot }>();
		for (const field of Object.keys(after) as (keyof AuditedUser)[]) {
			if (before[field] === after[field]) continue;
			const verb = auditVerbOf(field, after);
			const entry = entries.get(verb) ?? { before: {}, after: {} };
			entry.before[field] = field === 'email' ? maskedEmail(before.email) : before[field];
			entry.after[field] = field === 'email' ? maskedEmail(after.email) : after[field];
			entries.set(verb, entry);
		}
		for (const [action, entry] of entries) {
			await appendAudit(trx, {
				actor: auditActorOf(by),
				action,
				entityType: 'user',
				entityId: userId,
				provinceCode: after.provinceCode,
				before: { username: current.username, ...entry.before },
				after: {
					username: current.username,
					...entry.after,
					...(action === 'user.disabled' ? { sessionsEnded } : {}),
					...viaOf(by)
				}
			});
		}
	});
}

/**
 * The signed-in user sets or removes their own email address for notices (blank removes it).
 * Audited as `user.updated`, like the same change made by DLA staff.
 */
export async function changeOwnEmail(
	db: Kysely<DB>,
	actor: Actor | null,
	value: unknown
): Promise<{ email: string | null }> {
	if (!actor) throw forbidden('Log in to change your email address');
	const email = parseEmail(value);
	return db.transaction().execute(async (trx) => {
		const current = await users.findUserById(trx, actor.userId);
		if (!current || current.disabled) throw notFound('No such user');
		if (current.email === email) return { email };
		await users.updateUser(trx, actor.userId, { email });
		await appendAudit(trx, {
			actor,
			action: 'user.updated',
			entityType: 'user',
			entityId: actor.userId,
			provinceCode: current.province_code,
			before: { username: current.username, email: maskedEmail(current.email) },
			after: { username: current.username, email: maskedEmail(email), byThemselves: true }
		});
		return { email };
	});
}

/** Sets a new password for a user (who forgot theirs) and ends all their sessions. */
export async function resetPassword(
	db: Kysely<DB>,
	by: UserManager,
	userId: number,
	newPassword: string
): Promise<void> {
	requireUserManager(by);
	const problems = passwordProblems(newPassword);
	if (problems.length > 0) throw invalid(problems);
	const passwordHash = await hashPassword(newPassword);
	await db.transaction().execute(async (trx) => {
		const user = await users.findUserById(trx, userId);
		if (!user) throw notFound(`No user ${userId}`);
		await users.updateUser(trx, userId, { password_hash: passwordHash });
		const sessionsEnded = await sessions.deleteSessionsOfUser(trx, userId);
		await appendAudit(trx, {
			actor: auditActorOf(by),
			action: 'user.password_changed',
			entityType: 'user',
			entityId: userId,
			provinceCode: user.province_code,
			after: { username: user.username, reset: true, sessionsEnded, ...viaOf(by) }
		});
	});
}

/** The user with this name, for the command line's `disable --username`. */
export async function findUserIdByUsername(
	db: Kysely<DB>,
	by: UserManager,
	username: string
): Promise<number> {
	requireUserManager(by);
	const user = await users.findUserByUsername(db, username.trim().toLowerCase());
	if (!user) {
		throw new DomainError('not_found', `No user ${username}`, [
			{ rule: 'user.unknown', field: 'username', message: `There is no user ${username}` }
		]);
	}
	return user.id;
}
