import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, sharedGeodataDir } from '../../../../tests/setup/test-database';
import { openPostgres, type Database } from '../db/database';
import { migrations } from '../../../../db/migrations';
import { migrateDown, migrateToLatest } from '../db/migrate';
import { importGeodata } from './import.service';

/**
 * Several app instances starting together against one PostgreSQL: each migrates and runs the
 * first-start import; the advisory locks let exactly one of them import.
 */
let database: Database & { url?: string };
const instances: Database[] = [];

beforeAll(async () => {
	// The superuser: the first migration's down drops the PostGIS extension.
	database = await openTestDatabase('empty', { as: 'admin' });
	// Start from nothing, so that the instances really race to migrate.
	for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
	for (let i = 0; i < 3; i++) instances.push(await openPostgres(database.url!, 2));
});
afterAll(async () => {
	for (const instance of instances) await instance.close();
	await database?.close();
});

describe('three instances starting at once', () => {
	it('migrate once and import once, the others finding the data there', async () => {
		await Promise.all(instances.map((i) => migrateToLatest(i.db)));
		const results = await Promise.all(
			instances.map((i) =>
				importGeodata(i.db, [sharedGeodataDir], { trigger: 'first_start', onlyIfEmpty: true })
			)
		);
		expect(results.map((r) => r.status).sort()).toEqual(['skipped', 'skipped', 'succeeded']);
		const runs = await database.db.selectFrom('import_run').select('status').execute();
		expect(runs).toEqual([{ status: 'succeeded' }]);
		const laos = await database.db
			.selectFrom('lao')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(laos.n)).toBe(7849);
		// One whole-country import with its tiles cut, raced by two others: 97 s in CI on the
		// 2-core machine, over 120 s in a slower hour. This test is about the locks, not the time
		// (`npm run bench:import` measures that).
	}, 600_000);
});
