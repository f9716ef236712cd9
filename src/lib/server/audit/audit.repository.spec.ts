import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { parseAuditParams } from './audit.params';
import { appendAudit, listAuditEntries } from './audit.repository';
import { browseAudit, exportAudit, zoneHistory } from './audit.service';

let database: Database;
let staff: Actor;
let planner: Actor;
let governor: Actor;
let governorDeputy: Actor;

beforeAll(async () => {
	database = await openTestDatabase('empty');
	staff = await createTestUser(database.db, { role: 'dla_staff', username: 'audit.staff' });
	planner = await createTestUser(database.db, {
		role: 'planner',
		provinceCode: 'TH40',
		username: 'audit.planner'
	});
	governor = await createTestUser(database.db, {
		role: 'governor',
		provinceCode: 'TH40',
		username: 'audit.governor'
	});
	governorDeputy = await createTestUser(database.db, {
		role: 'governor',
		provinceCode: 'TH40',
		username: 'audit.deputy'
	});
});
afterAll(() => database?.close());

const countRows = async () =>
	Number(
		(await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(database.db))
			.rows[0]!.n
	);

describe(`the audit log on ${engine}`, () => {
	it('appends an entry with its actor, acting-for user, time and before/after', async () => {
		const entry = await appendAudit(database.db, {
			actor: governorDeputy,
			actingForUserId: governor.userId,
			action: 'zone.approved',
			entityType: 'zone',
			entityId: 7001,
			provinceCode: 'TH40',
			before: { status: 'submitted' },
			after: { status: 'approved', approvedRevisionId: 12 },
			ipAddress: '192.0.2.10'
		});
		expect(entry).toMatchObject({
			actorUserId: governorDeputy.userId,
			actorUsername: 'audit.deputy',
			actingForUserId: governor.userId,
			actingForUsername: 'audit.governor',
			action: 'zone.approved',
			entityType: 'zone',
			entityId: '7001',
			provinceCode: 'TH40',
			before: { status: 'submitted' },
			after: { status: 'approved', approvedRevisionId: 12 },
			ipAddress: '192.0.2.10'
		});
		expect(entry.occurredAt).toBeInstanceOf(Date);
		expect(Math.abs(entry.occurredAt.getTime() - Date.now())).toBeLessThan(10 * 60 * 1000);
	});

	it('refuses UPDATE, DELETE and TRUNCATE in the database itself, leaving the row unchanged', async () => {
		const entry = await appendAudit(database.db, {
			actor: planner,
			action: 'zone.submitted',
			entityType: 'zone',
			entityId: 7002,
			provinceCode: 'TH40',
			before: { status: 'draft' },
			after: { status: 'submitted' }
		});
		const before = await countRows();
		const refusals = [
			sql`UPDATE audit_log SET action = 'zone.approved', after = '{}'::jsonb WHERE id = ${entry.id}`,
			sql`DELETE FROM audit_log WHERE id = ${entry.id}`,
			sql`DELETE FROM audit_log`,
			sql`TRUNCATE audit_log`
		];
		for (const statement of refusals) {
			// On PostgreSQL the app's role has no TRUNCATE grant at all (db/roles.ts): refused sooner.
			await expect(statement.execute(database.db)).rejects.toThrow(
				/audit_log is append-only: (UPDATE|DELETE|TRUNCATE) refused|permission denied for table audit_log/
			);
		}
		const [after] = (
			await listAuditEntries(database.db, { entityType: 'zone', entityId: '7002' }, { limit: 10 })
		).entries;
		expect(after).toEqual(entry);
		expect(await countRows()).toBe(before);
	});

	it('refuses a change inside a transaction too, and the whole transaction rolls back', async () => {
		const before = await countRows();
		await expect(
			database.db.transaction().execute(async (trx) => {
				await appendAudit(trx, {
					actor: staff,
					action: 'user.created',
					entityType: 'user',
					entityId: 'x'
				});
				await sql`UPDATE audit_log SET actor_username = NULL`.execute(trx);
			})
		).rejects.toThrow(/append-only/);
		expect(await countRows()).toBe(before);
	});

	it('commits or rolls back with the transaction of the change it records', async () => {
		const before = await countRows();
		await expect(
			database.db.transaction().execute(async (trx) => {
				await appendAudit(trx, {
					actor: planner,
					action: 'zone.revision_saved',
					entityType: 'zone',
					entityId: 7003
				});
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		expect(await countRows()).toBe(before);
	});

	it('refuses a verb that is not dotted', async () => {
		await expect(
			database.db
				.insertInto('audit_log')
				.values({ action: 'approved', entity_type: 'zone', entity_id: '1' })
				.execute()
		).rejects.toThrow(/audit_log_action_check|check constraint/);
	});
});

describe('filtering and paging the audit log', () => {
	// Entries of their own entity type, so the other tests' entries do not interfere.
	beforeAll(async () => {
		const rows = [
			// 31 Dec 2021 23:30 and 1 Jan 2022 00:30 in Bangkok.
			['2021-12-31T16:30:00Z', 'audit.planner', 'zone.revision_saved', 'TH40'],
			['2021-12-31T17:30:00Z', 'audit.planner', 'zone.submitted', 'TH40'],
			['2022-01-01T03:00:00Z', 'audit.governor', 'zone.returned', 'TH40'],
			['2022-01-02T03:00:00Z', 'audit.planner', 'zone.revision_saved', 'TH41'],
			['2022-01-03T03:00:00Z', 'audit.staff', 'user.role_changed', null],
			['2022-01-04T03:00:00Z', null, 'user.login_failed', null]
		] as const;
		for (const [i, [at, username, action, province]] of rows.entries()) {
			await database.db
				.insertInto('audit_log')
				.values({
					occurred_at: at,
					actor_username: username,
					action,
					entity_type: 'fixture',
					entity_id: String(i + 1),
					province_code: province,
					after: JSON.stringify({ n: i + 1 })
				})
				.execute();
		}
	});
	const ids = (entries: { entityId: string }[]) => entries.map((e) => e.entityId);
	const list = async (params: string, limit = 50) => {
		const parsed = parseAuditParams(new URLSearchParams(`entity=fixture&${params}`));
		if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
		return (await listAuditEntries(database.db, parsed.value.filters, { limit })).entries;
	};

	it('filters by verb prefix, actor, entity, province and Bangkok dates', async () => {
		expect(ids(await list(''))).toEqual(['6', '5', '4', '3', '2', '1']);
		expect(ids(await list('action=zone.'))).toEqual(['4', '3', '2', '1']);
		expect(ids(await list('action=zone.revision_saved'))).toEqual(['4', '1']);
		// `_` is a verb's letter, not a wildcard.
		expect(ids(await list('action=zone.revision%5Fsaved'))).toEqual(['4', '1']);
		expect(ids(await list('action=user.login'))).toEqual(['6']);
		expect(ids(await list('actor=AUDIT.PLANNER'))).toEqual(['4', '2', '1']);
		expect(ids(await list('province=TH40'))).toEqual(['3', '2', '1']);
		expect(ids(await list('entityId=3'))).toEqual(['3']);
		// 1 January 2022 in Bangkok begins at 2021-12-31T17:00Z.
		expect(ids(await list('from=2022-01-01&to=2022-01-01'))).toEqual(['3', '2']);
		expect(ids(await list('to=2021-12-31'))).toEqual(['1']);
		expect(ids(await list('from=2022-01-01T10:00&to=2022-01-02T10:00'))).toEqual(['4', '3']);
		expect(ids(await list('from=2022-01-01T10:01'))).toEqual(['6', '5', '4']);
		expect(ids(await list('actor=audit.planner&province=TH40&action=zone.submitted'))).toEqual([
			'2'
		]);
	});

	it('walks the pages newest first without losing or repeating an entry', async () => {
		const parsed = parseAuditParams(new URLSearchParams('entity=fixture'));
		if (!parsed.ok) throw new Error(parsed.problems[0]?.message);
		const seen: string[] = [];
		let beforeId: number | undefined;
		let pages = 0;
		for (;;) {
			const page = await listAuditEntries(database.db, parsed.value.filters, {
				limit: 4,
				beforeId
			});
			pages += 1;
			seen.push(...ids(page.entries));
			if (page.nextCursor === null) break;
			beforeId = page.nextCursor;
		}
		expect(pages).toBe(2);
		expect(seen).toEqual(['6', '5', '4', '3', '2', '1']);
		// An entry appended between two requests does not shift the next page.
		const first = await listAuditEntries(database.db, parsed.value.filters, { limit: 3 });
		await appendAudit(database.db, {
			actor: null,
			action: 'user.login_failed',
			entityType: 'fixture',
			entityId: '7'
		});
		const second = await listAuditEntries(database.db, parsed.value.filters, {
			limit: 3,
			beforeId: first.nextCursor!
		});
		expect(ids(first.entries)).toEqual(['6', '5', '4']);
		expect(ids(second.entries)).toEqual(['3', '2', '1']);
		expect(second.nextCursor).toBeNull();
	});

	it('lets DLA staff browse and export, and refuses everyone else', async () => {
		const filters = { entityType: 'fixture', actionPrefix: 'zone.' };
		const page = await browseAudit(database.db, { actor: staff, filters, limit: 2 });
		expect(ids(page.entries)).toEqual(['4', '3']);
		expect(page.nextCursor).not.toBeNull();
		const exported = await exportAudit(database.db, { actor: staff, filters });
		expect(ids(exported.entries)).toEqual(['1', '2', '3', '4']);
		expect(exported.truncated).toBe(false);
		for (const actor of [planner, governor, null]) {
			await expect(browseAudit(database.db, { actor, filters })).rejects.toSatisfy(
				(e) => e instanceof DomainError && e.kind === 'forbidden'
			);
			await expect(exportAudit(database.db, { actor, filters })).rejects.toSatisfy(
				(e) => e instanceof DomainError && e.kind === 'forbidden'
			);
		}
		const officer = await createTestUser(database.db, { role: 'lao_officer', dlaCode: '6400101' });
		await expect(browseAudit(database.db, { actor: officer, filters })).rejects.toThrow(
			/Only DLA staff/
		);
	});
});

describe('a zone history', () => {
	it('lists the zone’s own entries oldest first, and no other zone’s', async () => {
		for (const [zoneId, action] of [
			[8001, 'zone.created'],
			[8002, 'zone.created'],
			[8001, 'zone.revision_saved'],
			[8001, 'zone.submitted']
		] as const) {
			await appendAudit(database.db, {
				actor: planner,
				action,
				entityType: 'zone',
				entityId: zoneId,
				provinceCode: 'TH40'
			});
		}
		const history = await zoneHistory(database.db, { zoneId: 8001 });
		expect(history.map((e) => e.action)).toEqual([
			'zone.created',
			'zone.revision_saved',
			'zone.submitted'
		]);
		expect(history.every((e) => e.entityId === '8001')).toBe(true);
	});
});
