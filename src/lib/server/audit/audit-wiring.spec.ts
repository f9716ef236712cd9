import type { Polygon } from 'geojson';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import { changeOwnPassword, logIn, logOut, logOutEverywhere } from '../accounts/auth.service';
import {
	commandLineOperator,
	createUser,
	resetPassword,
	updateUser,
	type UserManager
} from '../accounts/user.service';
import type { Database } from '../db/database';
import { importIndicatorCsv } from '../indicators/indicator-import.service';
import { loadOfficialModel } from '../scoring/scores-page.service';
import { createZone, saveZoneRevision } from '../zones/zone.service';
import { createZoneFromCandidate } from '../zones/zone-workspace.service';
import type { AuditAction } from './audit-actions';
import { listAuditEntries, type AuditEntry } from './audit.repository';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

/**
 * Each service that changes something appends its audit entry in the same transaction: the
 * change is made through the service, then the entry is read back from the log. (Scoring-model
 * publishing and the geodata import are checked in their own spec files, beside their setup.)
 */

const settings = { idleHours: 12 };
const password = 'ข้าวเหนียวส้มตำไก่ย่าง';
const newPassword = 'บึงแก่นนครยามเย็น';

let database: Database;
let admin: Actor;
let planner40: Actor;
let squares: Polygon[];
let nextSquare = 0;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	// Zone saves read the official model's scores; computed once here, outside the tests' time.
	await loadOfficialModel(database.db);
	admin = await createTestUser(database.db, { role: 'dla_staff', username: 'wiring.admin' });
	planner40 = await createTestUser(database.db, {
		role: 'planner',
		provinceCode: 'TH40',
		username: 'wiring.planner'
	});
	squares = await tambonSquares(database.db, 'TH40', 6);
});
afterAll(() => database?.close());

/** Every entry about one entity, oldest first. */
async function entriesOf(entityType: string, entityId: string | number): Promise<AuditEntry[]> {
	const page = await listAuditEntries(
		database.db,
		{ entityType, entityId: String(entityId) },
		{ limit: 1000, order: 'oldest_first' }
	);
	return page.entries;
}

async function entriesOfAction(
	entityType: string,
	entityId: string | number,
	action: AuditAction
): Promise<AuditEntry[]> {
	return (await entriesOf(entityType, entityId)).filter((e) => e.action === action);
}

/** The refusal a promise ends with (fails the test when it resolves). */

/** Every session token handed out here, to look for in the log at the end. */
const tokens: string[] = [];
async function signIn(input: Parameters<typeof logIn>[1]) {
	const session = await logIn(database.db, input, settings);
	tokens.push(session.token);
	return session;
}

let counter = 0;
/** A DLA staff user with a real password, made by `by`. */
async function newUser(by: UserManager = admin) {
	counter += 1;
	const username = `wiring.user${counter}`;
	const { userId } = await createUser(database.db, by, {
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

describe(`audit entries of log-in and log-out on ${engine}`, () => {
	it('logs a log-in with the user as actor and entity, and the address', async () => {
		const { userId, username } = await newUser();
		await signIn({ username, password, ipAddress: '192.0.2.1' });
		const [entry, ...more] = await entriesOfAction('user', userId, 'user.login');
		expect(more).toEqual([]);
		expect(entry).toMatchObject({
			actorUserId: userId,
			actorUsername: username,
			entityType: 'user',
			entityId: String(userId),
			before: null,
			after: null,
			ipAddress: '192.0.2.1'
		});
	});

	it('logs a failed log-in by the lower-cased name although the log-in is refused', async () => {
		const { username } = await newUser();
		const refused = await expectRefusal(
			logIn(
				database.db,
				{
					username: `  ${username.toUpperCase()} `,
					password: 'not-the-password',
					ipAddress: '192.0.2.2'
				},
				settings
			)
		);
		expect(refused.kind).toBe('invalid');
		const refusedUnknown = await expectRefusal(
			logIn(database.db, { username: 'Nobody.Here', password, ipAddress: '192.0.2.3' }, settings)
		);
		expect(refusedUnknown.kind).toBe('invalid');

		expect(await entriesOf('user', username)).toEqual([
			expect.objectContaining({
				actorUserId: null,
				actorUsername: null,
				action: 'user.login_failed',
				entityType: 'user',
				entityId: username,
				after: { username },
				ipAddress: '192.0.2.2'
			})
		]);
		expect(await entriesOf('user', 'nobody.here')).toEqual([
			expect.objectContaining({
				actorUserId: null,
				action: 'user.login_failed',
				after: { username: 'nobody.here' },
				ipAddress: '192.0.2.3'
			})
		]);
	});

	it('logs the right password of a disabled account as a failed log-in', async () => {
		const { userId, username } = await newUser();
		await updateUser(database.db, admin, userId, { disabled: true });
		await expectRefusal(logIn(database.db, { username, password }, settings));
		expect(await entriesOfAction('user', username, 'user.login_failed')).toEqual([
			expect.objectContaining({ actorUserId: null, after: { username, reason: 'disabled' } })
		]);
		expect(await entriesOfAction('user', userId, 'user.login')).toEqual([]);
	});

	it('logs a log-out as the session’s user, and none for a session already gone', async () => {
		const { userId, username } = await newUser();
		const session = await signIn({ username, password });
		await logOut(database.db, session.sessionId, { ipAddress: '192.0.2.4' });
		await logOut(database.db, session.sessionId, { ipAddress: '192.0.2.4' });
		expect(await entriesOfAction('user', userId, 'user.logout')).toEqual([
			expect.objectContaining({
				actorUserId: userId,
				actorUsername: username,
				entityId: String(userId),
				after: null,
				ipAddress: '192.0.2.4'
			})
		]);
	});

	it('logs a log-out everywhere with the number of sessions ended', async () => {
		const { userId, username } = await newUser();
		const first = await signIn({ username, password });
		await signIn({ username, password });
		const ended = await logOutEverywhere(database.db, first.actor, { ipAddress: '192.0.2.5' });
		expect(ended).toBe(2);
		expect(await entriesOfAction('user', userId, 'user.logout')).toEqual([
			expect.objectContaining({
				actorUserId: userId,
				after: { everywhere: true, sessionsEnded: 2 },
				ipAddress: '192.0.2.5'
			})
		]);
	});

	it('logs the user’s own password change, and a wrong current password as a failure', async () => {
		const { userId, username } = await newUser();
		const session = await signIn({ username, password });
		await expectRefusal(
			changeOwnPassword(database.db, {
				actor: session.actor,
				sessionId: session.sessionId,
				currentPassword: 'not-the-password',
				newPassword,
				ipAddress: '192.0.2.6'
			})
		);
		expect(await entriesOfAction('user', userId, 'user.password_changed')).toEqual([]);
		expect(await entriesOfAction('user', username, 'user.login_failed')).toEqual([
			expect.objectContaining({
				actorUserId: userId,
				after: { username, reason: 'password_change' },
				ipAddress: '192.0.2.6'
			})
		]);
		await signIn({ username, password });
		await changeOwnPassword(database.db, {
			actor: session.actor,
			sessionId: session.sessionId,
			currentPassword: password,
			newPassword,
			ipAddress: '192.0.2.6'
		});
		expect(await entriesOfAction('user', userId, 'user.password_changed')).toEqual([
			expect.objectContaining({
				actorUserId: userId,
				actorUsername: username,
				after: { otherSessionsEnded: 1 },
				ipAddress: '192.0.2.6'
			})
		]);
	});
});

describe(`audit entries of user administration on ${engine}`, () => {
	it('logs a creation with the new user, without the password hash', async () => {
		const { userId: created } = await createUser(database.db, admin, {
			username: 'Wiring.Planner2',
			displayName: 'นักวางแผน ขอนแก่น',
			position: 'นักวิเคราะห์นโยบายและแผน',
			role: 'planner',
			provinceCode: 'th40',
			dlaCode: null,
			password
		});
		expect(await entriesOf('user', created)).toEqual([
			expect.objectContaining({
				actorUserId: admin.userId,
				actorUsername: admin.username,
				action: 'user.created',
				provinceCode: 'TH40',
				before: null,
				after: {
					username: 'wiring.planner2',
					displayName: 'นักวางแผน ขอนแก่น',
					position: 'นักวิเคราะห์นโยบายและแผน',
					role: 'planner',
					provinceCode: 'TH40',
					dlaCode: null,
					disabled: false
				}
			})
		]);
	});

	it('logs the command line as no actor, with via cli', async () => {
		const { userId, username } = await newUser(commandLineOperator);
		await updateUser(database.db, commandLineOperator, userId, { disabled: true });
		const entries = await entriesOf('user', userId);
		expect(entries.map((e) => [e.action, e.actorUserId, e.actorUsername])).toEqual([
			['user.created', null, null],
			['user.disabled', null, null]
		]);
		expect(entries[0]!.after).toMatchObject({ username, via: 'cli' });
		expect(entries[1]!.after).toMatchObject({ disabled: true, via: 'cli' });
	});

	it('logs only the changed fields, one entry per kind of change', async () => {
		const { userId, username } = await newUser();
		await updateUser(database.db, admin, userId, { displayName: 'ชื่อใหม่', position: null });
		await updateUser(database.db, admin, userId, { role: 'planner', provinceCode: 'TH40' });
		await updateUser(database.db, admin, userId, { disabled: true });
		await updateUser(database.db, admin, userId, { disabled: false });
		// Nothing changed: nothing logged.
		await updateUser(database.db, admin, userId, { displayName: 'ชื่อใหม่' });
		const entries = (await entriesOf('user', userId)).slice(1);
		expect(entries.map((e) => e.action)).toEqual([
			'user.updated',
			'user.role_changed',
			'user.disabled',
			'user.enabled'
		]);
		for (const entry of entries) {
			expect(entry).toMatchObject({ actorUserId: admin.userId, actorUsername: admin.username });
		}
		const [renamed, roleChanged, disabled, enabled] = entries;
		expect([renamed!.before, renamed!.after]).toEqual([
			{ username, displayName: `ผู้ทดสอบ ${counter}` },
			{ username, displayName: 'ชื่อใหม่' }
		]);
		expect([roleChanged!.before, roleChanged!.after, roleChanged!.provinceCode]).toEqual([
			{ username, role: 'dla_staff', provinceCode: null },
			{ username, role: 'planner', provinceCode: 'TH40' },
			'TH40'
		]);
		expect([disabled!.before, disabled!.after]).toEqual([
			{ username, disabled: false },
			{ username, disabled: true, sessionsEnded: 0 }
		]);
		expect([enabled!.before, enabled!.after]).toEqual([
			{ username, disabled: true },
			{ username, disabled: false }
		]);
	});

	it('logs a role change and a disabling made together as two entries', async () => {
		const { userId, username } = await newUser();
		await signIn({ username, password });
		await updateUser(database.db, admin, userId, {
			role: 'planner',
			provinceCode: 'TH40',
			disabled: true
		});
		const entries = (await entriesOf('user', userId)).slice(1);
		expect(entries.map((e) => [e.action, e.after])).toEqual([
			['user.login', null],
			['user.role_changed', { username, role: 'planner', provinceCode: 'TH40' }],
			['user.disabled', { username, disabled: true, sessionsEnded: 1 }]
		]);
	});

	it('logs a password reset by DLA staff, without the hash', async () => {
		const { userId, username } = await newUser();
		await resetPassword(database.db, admin, userId, newPassword);
		expect(await entriesOfAction('user', userId, 'user.password_changed')).toEqual([
			expect.objectContaining({
				actorUserId: admin.userId,
				before: null,
				after: { username, reset: true, sessionsEnded: 0 }
			})
		]);
	});

	it('logs nothing for a refused change', async () => {
		const { userId } = await newUser();
		await expectRefusal(updateUser(database.db, admin, userId, { role: 'planner' }));
		expect((await entriesOf('user', userId)).map((e) => e.action)).toEqual(['user.created']);
	});
});

describe(`audit entries of zones on ${engine}`, () => {
	const input = (name: string) => ({
		attributes: zoneAttributes(name),
		geometry: squares[nextSquare++]!,
		geometrySource: 'drawn' as const
	});

	it('logs a creation and a revision with the revisions before and after', async () => {
		const created = await createZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			input: { provinceCode: 'TH40', ...input('เขตบันทึกการตรวจสอบ') }
		});
		const first = created.revision;
		const saved = await saveZoneRevision(database.db, {
			actor: planner40,
			rules: defaultRules,
			zoneId: created.zone.id,
			baseRevisionId: first.id,
			input: input('เขตบันทึกการตรวจสอบ ฉบับแก้')
		});
		const second = saved.revision;
		const entries = await entriesOf('zone', created.zone.id);
		expect(entries).toEqual([
			expect.objectContaining({
				actorUserId: planner40.userId,
				actorUsername: planner40.username,
				action: 'zone.created',
				entityId: String(created.zone.id),
				provinceCode: 'TH40',
				before: null,
				after: {
					revisionId: first.id,
					revisionNumber: 1,
					name: 'เขตบันทึกการตรวจสอบ',
					areaKm2: first.areaKm2,
					geometrySource: 'drawn'
				}
			}),
			expect.objectContaining({
				actorUserId: planner40.userId,
				action: 'zone.revision_saved',
				provinceCode: 'TH40',
				before: {
					revisionId: first.id,
					revisionNumber: 1,
					name: 'เขตบันทึกการตรวจสอบ',
					areaKm2: first.areaKm2
				},
				after: {
					revisionId: second.id,
					revisionNumber: 2,
					name: 'เขตบันทึกการตรวจสอบ ฉบับแก้',
					areaKm2: second.areaKm2
				}
			})
		]);
		expect(first.areaKm2).toBeGreaterThan(0);
	});

	it('logs nothing for a refused revision (a conflict)', async () => {
		const created = await createZone(database.db, {
			actor: planner40,
			rules: defaultRules,
			input: { provinceCode: 'TH40', ...input('เขตขัดกัน') }
		});
		const refused = await expectRefusal(
			saveZoneRevision(database.db, {
				actor: planner40,
				rules: defaultRules,
				zoneId: created.zone.id,
				baseRevisionId: null,
				input: input('เขตขัดกัน ฉบับแก้')
			})
		);
		expect(refused.kind).toBe('conflict');
		expect((await entriesOf('zone', created.zone.id)).map((e) => e.action)).toEqual([
			'zone.created'
		]);
	});

	it('logs a zone made from a candidate as created, from a candidate', async () => {
		const { rows } = await sql<{ a: string; b: string }>`
			SELECT a.dla_code AS a, b.dla_code AS b
			FROM lao a
			JOIN lao b ON b.geom && a.geom AND ST_Relate(a.geom, b.geom, 'F***1****') AND b.dla_code > a.dla_code
			WHERE a.province_code = 'TH40' AND b.province_code = 'TH40'
				AND a.lao_type = 'subdistrict_admin_org' AND b.lao_type = 'subdistrict_admin_org'
				AND NOT a.geom_approximate AND NOT b.geom_approximate
				AND ST_CoveredBy(ST_Union(a.geom, b.geom), (SELECT geom FROM province WHERE code = 'TH40'))
				AND NOT EXISTS (SELECT 1 FROM zone_revision r WHERE r.geom && ST_Union(a.geom, b.geom))
			ORDER BY a.dla_code DESC
			LIMIT 1
		`.execute(database.db);
		const { zone, revision } = await createZoneFromCandidate(database.db, {
			actor: planner40,
			rules: defaultRules,
			provinceCode: 'TH40',
			memberDlaCodes: [rows[0]!.a, rows[0]!.b]
		});
		expect(await entriesOf('zone', zone.id)).toEqual([
			expect.objectContaining({
				actorUserId: planner40.userId,
				action: 'zone.created',
				provinceCode: 'TH40',
				after: {
					revisionId: revision.id,
					revisionNumber: 1,
					name: revision.name,
					areaKm2: revision.areaKm2,
					geometrySource: 'candidate'
				}
			})
		]);
	});
});

describe(`audit entries of indicator imports on ${engine}`, () => {
	const csv = (value: string) =>
		new TextEncoder().encode(
			[
				'code,indicator,year,value,unit,source,aggregation',
				`6110112,wiring_wells,2024,${value},wells,กรมทรัพยากรน้ำ 2567,sum`
			].join('\n')
		);

	it('logs an upload with its uploader, and the command line with none', async () => {
		const uploaded = await importIndicatorCsv(database.db, {
			fileName: 'C:\\data\\wells.csv',
			bytes: csv('4'),
			trigger: 'upload',
			actor: admin
		});
		expect(uploaded.status).toBe('succeeded');
		expect(await entriesOf('indicators', uploaded.importId)).toEqual([
			expect.objectContaining({
				actorUserId: admin.userId,
				actorUsername: admin.username,
				action: 'indicators.imported',
				after: { fileName: 'wells.csv', counts: uploaded.counts, status: 'succeeded' }
			})
		]);
		expect(uploaded.counts).toMatchObject({ stored: 1 });

		const fromCli = await importIndicatorCsv(database.db, {
			fileName: 'wells.csv',
			bytes: csv('5'),
			trigger: 'cli'
		});
		expect(await entriesOf('indicators', fromCli.importId)).toEqual([
			expect.objectContaining({
				actorUserId: null,
				actorUsername: null,
				action: 'indicators.imported',
				after: { fileName: 'wells.csv', counts: fromCli.counts, status: 'succeeded', via: 'cli' }
			})
		]);
	});

	it('logs a failed import too, with its status', async () => {
		const failed = await importIndicatorCsv(database.db, {
			fileName: 'bad.csv',
			bytes: csv('many'),
			trigger: 'upload',
			actor: admin
		});
		expect(failed.status).toBe('failed');
		expect(await entriesOf('indicators', failed.importId)).toEqual([
			expect.objectContaining({
				actorUserId: admin.userId,
				action: 'indicators.imported',
				after: { fileName: 'bad.csv', counts: {}, status: 'failed' }
			})
		]);
	});
});

describe(`the audit log holds no secrets on ${engine}`, () => {
	it('has no password hash and no session token in any before or after', async () => {
		const { rows } = await sql<{ n: number; text: string | null }>`
			SELECT count(*)::int AS n,
				string_agg(coalesce(before::text, '') || ' ' || coalesce(after::text, ''), ' ') AS text
			FROM audit_log
		`.execute(database.db);
		// The tests above wrote entries of every kind wired here.
		expect(rows[0]!.n).toBeGreaterThan(20);
		expect(rows[0]!.text).not.toContain('$argon2');
		expect(tokens.length).toBeGreaterThan(5);
		for (const token of tokens) expect(rows[0]!.text).not.toContain(token);
	});
});
