import { Kysely, PGliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../../../tests/fixtures/users';
import {
	defaultRules,
	tambonSquares,
	turnReadinessRulesOff,
	zoneAttributes
} from '../../../tests/fixtures/zones/zone-fixtures';
import { openTestDatabase } from '../../../tests/setup/test-database';
import type { Actor } from '../accounts/roles';
import { checkedVersion, versionCheckIntervalMs } from './checked-version';
import { openPostgres, type Database } from './db/database';
import type { DB } from './db/schema';
import { writeCounterOf } from './db/write-watch';
import { importVersion } from './ogc/ogc.collections';
import { approvedZonesVersionChecked } from './zones/public-zone.service';
import { approvedZonesVersion } from './zones/zone.repository';
import { runWorkflowEvent } from './zones/workflow.service';
import { createZone } from './zones/zone.service';

/**
 * The public caches' data version without a database round trip (issue 19 item 4), on the real
 * database: a write through this handle shows at once, a write by another instance within the
 * check interval, and the write count behind it counts commits, not reads.
 */

let database: Database & { url?: string };
let planner: Actor;
let governor: Actor;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	await turnReadinessRulesOff(database.db);
	planner = await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' });
	governor = await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' });
});
afterAll(() => database?.close());

/** A submitted zone of Khon Kaen, as the planner leaves it for the governor. */
async function submittedZone(square: number) {
	const [geometry] = (await tambonSquares(database.db, 'TH40', square + 1)).slice(square);
	const { zone, revision } = await createZone(database.db, {
		actor: planner,
		rules: defaultRules,
		input: {
			provinceCode: 'TH40',
			attributes: zoneAttributes(`เขตทดสอบรุ่นข้อมูล ${square}`),
			geometry: geometry!,
			geometrySource: 'drawn'
		}
	});
	await runWorkflowEvent(database.db, {
		actor: planner,
		zoneId: zone.id,
		revisionId: revision.id,
		event: 'submit'
	});
	return { zoneId: zone.id, revisionId: revision.id };
}

/**
 * Another instance of the app on the same data, writing behind this handle's back: a second
 * pool on PostgreSQL; on the embedded engine (one process owns the data directory) a second
 * Kysely on the same PGlite, which this handle's driver does not see.
 */
async function otherInstance(): Promise<{ db: Kysely<DB>; close: () => Promise<void> }> {
	if (database.engine === 'postgres') {
		const other = await openPostgres(database.url!, 1);
		return { db: other.db, close: () => other.close() };
	}
	const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: database.pglite! }) });
	// Not destroyed: that would close the shared PGlite under the test's own handle.
	return { db, close: async () => {} };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the data version the public caches check', () => {
	it('shows an approval made through this instance at once', async () => {
		const { zoneId, revisionId } = await submittedZone(0);
		// A long interval, so that only the write, never the clock, can make it ask again.
		const patient = checkedVersion(approvedZonesVersion, 60_000);
		const before = await patient(database.db);
		expect(await patient(database.db)).toBe(before);
		await runWorkflowEvent(database.db, { actor: governor, zoneId, revisionId, event: 'approve' });
		const after = await patient(database.db);
		expect(after).not.toBe(before);
		expect(after).toBe(await approvedZonesVersion(database.db));
		expect(await approvedZonesVersionChecked(database.db)).toBe(after);
	});

	it("shows another instance's write within the interval, without asking before", async () => {
		const { zoneId, revisionId } = await submittedZone(1);
		const before = await approvedZonesVersionChecked(database.db);
		const other = await otherInstance();
		try {
			await other.db
				.insertInto('zone_transition')
				.values({
					zone_id: zoneId,
					revision_id: revisionId,
					event: 'approve',
					from_status: 'submitted',
					to_status: 'approved',
					actor_user_id: governor.userId,
					acting_for_user_id: null,
					reason_codes: '[]'
				})
				.execute();
		} finally {
			await other.close();
		}
		// The data did change, but this instance does not ask the database within the interval
		// (a long interval here, so a slow machine cannot make the check due by itself).
		expect(await approvedZonesVersion(database.db)).not.toBe(before);
		const patient = checkedVersion(approvedZonesVersion, 60_000);
		expect(await patient(database.db)).toBe(before);
		await sleep(versionCheckIntervalMs + 50);
		expect(await approvedZonesVersionChecked(database.db)).toBe(
			await approvedZonesVersion(database.db)
		);
		expect(await approvedZonesVersionChecked(database.db)).not.toBe(before);
	});

	it('reads every time through a transaction, which sees its own writes', async () => {
		const { zoneId, revisionId } = await submittedZone(2);
		await database.db.transaction().execute(async (trx) => {
			const before = await approvedZonesVersionChecked(trx);
			await trx
				.insertInto('zone_transition')
				.values({
					zone_id: zoneId,
					revision_id: revisionId,
					event: 'approve',
					from_status: 'submitted',
					to_status: 'approved',
					actor_user_id: governor.userId,
					acting_for_user_id: null,
					reason_codes: '[]'
				})
				.execute();
			expect(await approvedZonesVersionChecked(trx)).not.toBe(before);
		});
	});
});

describe('the write count of a database handle', () => {
	it('counts commits and writing statements, not reads or rolled-back transactions', async () => {
		const counter = writeCounterOf(database.db)!;
		expect(counter).toBeDefined();
		const start = counter.count;
		await importVersion(database.db);
		await database.db.selectFrom('province').select('code').limit(1).execute();
		expect(counter.count).toBe(start);

		await database.db
			.updateTable('app_user')
			.set({ position: 'ทดสอบ' })
			.where('id', '=', planner.userId)
			.execute();
		expect(counter.count).toBe(start + 1);

		// A transaction counts once, at its commit, however many statements it runs.
		await database.db.transaction().execute(async (trx) => {
			for (const position of ['หนึ่ง', 'สอง', 'สาม'])
				await trx
					.updateTable('app_user')
					.set({ position })
					.where('id', '=', planner.userId)
					.execute();
			expect(counter.count).toBe(start + 1);
		});
		expect(counter.count).toBe(start + 2);

		await expect(
			database.db.transaction().execute(async (trx) => {
				await trx
					.updateTable('app_user')
					.set({ position: 'ไม่บันทึก' })
					.where('id', '=', planner.userId)
					.execute();
				throw new Error('rolled back on purpose');
			})
		).rejects.toThrow('rolled back on purpose');
		expect(counter.count).toBe(start + 2);
	});
});
