import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import { appendAudit } from '../audit/audit.repository';
import { createZone } from '../zones/zone.service';
import { openPostgres, type Database } from './database';
import { appendOnlyTables } from './roles';
import type { DB } from './schema';

/**
 * Issue 12, defect 5: UPDATE and DELETE were refused, but TRUNCATE went through on four of the
 * five append-only tables, and CASCADE from a parent took the rest along. Checked as the tables'
 * owner (PostgreSQL) or the embedded database's only user (PGlite), who may TRUNCATE: only the
 * triggers stand in the way.
 */
let database: Database & { ownerUrl?: string };
/** The owner's connection on PostgreSQL; on PGlite the one connection there is. */
let owner: Database;

/** Every table the story below writes to, with the parents CASCADE would reach them through. */
const counted = [...appendOnlyTables, 'zone', 'lao_consultation', 'app_user'] as const;

async function counts(db: Kysely<DB>): Promise<Record<string, number>> {
	const result: Record<string, number> = {};
	for (const table of counted) {
		const { rows } = await sql<{
			n: number;
		}>`SELECT count(*)::int AS n FROM ${sql.id(table)}`.execute(db);
		result[table] = rows[0]!.n;
	}
	return result;
}

beforeAll(async () => {
	database = await openTestDatabase('imported');
	owner = database.ownerUrl ? await openPostgres(database.ownerUrl, 1) : database;
	const db = database.db;
	const planner = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	const governor = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	const [square] = await tambonSquares(db, 'TH40', 1);
	// A row in every append-only table, written as the app writes them (on PostgreSQL as the
	// app's role, which may INSERT there).
	const { zone, revision } = await createZone(db, {
		actor: planner,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes('เขตห้ามล้าง'),
			geometry: square,
			geometrySource: 'drawn'
		}
	});
	const revisionId = revision.id;
	const transition = await db
		.insertInto('zone_transition')
		.values({
			zone_id: zone.id,
			revision_id: revisionId,
			event: 'submit',
			from_status: 'draft',
			to_status: 'submitted',
			actor_user_id: planner.userId,
			reason_codes: '[]'
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const lao = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH40')
		.orderBy('dla_code')
		.executeTakeFirstOrThrow();
	const consultation = await db
		.insertInto('lao_consultation')
		.values({
			zone_id: zone.id,
			dla_code: lao.dla_code,
			requested_revision_id: revisionId,
			requested_by: planner.userId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('lao_response')
		.values({
			consultation_id: consultation.id,
			revision_id: revisionId,
			answer: 'agree',
			responded_by: governor.userId
		})
		.execute();
	await db
		.insertInto('decision_memo')
		.values({
			transition_id: transition.id,
			office: 'จังหวัดขอนแก่น',
			document_number: 'ขก 0023/1',
			memo_date: '2026-12-04',
			subject: 'เขตห้ามล้าง',
			addressee: 'ท้องถิ่นจังหวัดขอนแก่น',
			signer_name: 'นายทดสอบ',
			signer_position: 'ผู้ว่าราชการจังหวัดขอนแก่น',
			created_by: governor.userId
		})
		.execute();
	// A zone plan's revision with a target and an activity, its transition, and a due-day setting.
	const plan = await db
		.insertInto('zone_plan')
		.values({ zone_id: zone.id, status: 'submitted', created_by: planner.userId })
		.returning('id')
		.executeTakeFirstOrThrow();
	const planRevision = await db
		.insertInto('plan_revision')
		.values({ plan_id: plan.id, revision_number: 1, created_by: planner.userId })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('plan_target')
		.values({
			plan_revision_id: planRevision.id,
			target_key: 't1',
			position: 0,
			indicator_name_th: 'รายได้ครัวเรือน',
			unit: 'บาท',
			baseline_value: 1,
			baseline_date: '2026-01-01',
			target_value: 2,
			target_date: '2027-01-01',
			source: 'สำรวจ'
		})
		.execute();
	await db
		.insertInto('plan_activity')
		.values({
			plan_revision_id: planRevision.id,
			activity_key: 'a1',
			position: 0,
			name: 'ตลาดชุมชน',
			sectors: sql`ARRAY['people']::text[]`,
			responsible_kind: 'provincial_office',
			budget_lao_baht: 0,
			budget_province_baht: 0,
			budget_central_baht: 0,
			budget_partner_baht: 0,
			start_date: '2027-01-01',
			end_date: '2027-06-30',
			status: 'planned'
		})
		.execute();
	await db
		.insertInto('plan_transition')
		.values({
			plan_id: plan.id,
			revision_id: planRevision.id,
			event: 'submit',
			from_status: 'draft',
			to_status: 'submitted',
			actor_user_id: planner.userId
		})
		.execute();
	await db
		.insertInto('progress_report_setting')
		.values({ due_day_of_month: 3, created_by: planner.userId })
		.execute();
	// A version of the readiness rules (saved through their service, as DLA staff do).
	await turnReadinessRulesOff(db);
	await appendAudit(db, {
		actor: planner,
		action: 'zone.submitted',
		entityType: 'zone',
		entityId: zone.id,
		provinceCode: 'TH40'
	});
});
afterAll(async () => {
	if (owner && owner !== database) await owner.close();
	await database?.close();
});

describe('append-only tables', () => {
	it('hold a row each before the attempts below', async () => {
		const before = await counts(database.db);
		for (const table of appendOnlyTables) expect(before[table], table).toBeGreaterThan(0);
	});

	it.each(appendOnlyTables)(
		'refuse TRUNCATE %s, with or without CASCADE, even from the owner, and keep every row',
		async (table) => {
			const before = await counts(database.db);
			// Alone: the trigger refuses it, or, for a table others reference, PostgreSQL even before.
			await expect(sql`TRUNCATE ${sql.id(table)}`.execute(owner.db)).rejects.toThrow(
				new RegExp(
					`${table} is append-only: TRUNCATE refused|cannot truncate a table referenced in a foreign key constraint`
				)
			);
			// With CASCADE nothing but the triggers stands in the way.
			await expect(sql`TRUNCATE ${sql.id(table)} CASCADE`.execute(owner.db)).rejects.toThrow(
				/is append-only: TRUNCATE refused/
			);
			expect(await counts(database.db)).toEqual(before);
		}
	);

	it('refuse the statements of the issue, and CASCADE from their parents', async () => {
		const before = await counts(database.db);
		for (const statement of [
			sql`TRUNCATE lao_response, decision_memo`,
			sql`TRUNCATE zone_transition CASCADE`,
			sql`TRUNCATE zone CASCADE`,
			sql`TRUNCATE lao_consultation CASCADE`,
			sql`TRUNCATE app_user CASCADE`
		]) {
			await expect(statement.execute(owner.db)).rejects.toThrow(/is append-only: TRUNCATE refused/);
		}
		expect(await counts(database.db)).toEqual(before);
	});

	it('refuse TRUNCATE inside a transaction, which rolls back whole', async () => {
		const before = await counts(database.db);
		await expect(
			owner.db.transaction().execute(async (trx) => {
				await sql`DELETE FROM lao_consultation WHERE false`.execute(trx);
				await sql`TRUNCATE zone CASCADE`.execute(trx);
			})
		).rejects.toThrow(/append-only: TRUNCATE refused/);
		expect(await counts(database.db)).toEqual(before);
	});

	it('every table whose rows a trigger keeps has a TRUNCATE trigger too', async () => {
		// From the catalogue, not from a list: a future append-only table without one fails here.
		// pg_trigger.tgtype bits: 1 = row level, 32 = TRUNCATE.
		const { rows } = await sql<{ table: string; rows: boolean; truncate: boolean }>`
			SELECT c.relname AS table,
				bool_or(t.tgtype & 1 = 1) AS rows,
				bool_or(t.tgtype & 32 = 32) AS truncate
			FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
			WHERE t.tgfoid = 'refuse_change'::regproc AND NOT t.tgisinternal
			GROUP BY c.relname ORDER BY c.relname`.execute(database.db);
		expect(rows.map((r) => r.table)).toEqual([...appendOnlyTables].sort());
		expect(rows.filter((r) => !r.rows || !r.truncate)).toEqual([]);
	});
});

// PostgreSQL only: PGlite has a single role, so the grants this checks do not exist there.
// Registered only on that engine, so the PGlite run reports no skipped test.
if (engine === 'postgres') {
	describe("the app's role on PostgreSQL", () => {
		it('may not TRUNCATE at all: it holds no such grant', async () => {
			const before = await counts(database.db);
			for (const table of [...appendOnlyTables, 'zone', 'lao']) {
				await expect(sql`TRUNCATE ${sql.id(table)} CASCADE`.execute(database.db)).rejects.toThrow(
					/permission denied for table/
				);
			}
			expect(await counts(database.db)).toEqual(before);
		});
	});
}
