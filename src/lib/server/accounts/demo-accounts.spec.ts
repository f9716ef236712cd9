import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { logIn, resolveSession } from './auth.service';
import { applyDemoMode, demoAccounts, demoPassword } from './demo-accounts';
import { commandLineOperator, createUser } from './user.service';

const settings = { idleHours: 12 };

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

function demoRows() {
	return database.db
		.selectFrom('app_user')
		.select(['username', 'role', 'province_code', 'dla_code', 'disabled', 'is_demo'])
		.where('is_demo', '=', true)
		.orderBy('username')
		.execute();
}

describe('demo accounts', () => {
	it('are not there unless demo mode is on', async () => {
		const result = await applyDemoMode(database.db, false);
		expect(result.disabled).toBe(0);
		expect(await demoRows()).toEqual([]);
	});

	it('are created in demo mode, each opening with the published password', async () => {
		const result = await applyDemoMode(database.db, true);
		expect(result.refreshed.sort()).toEqual(
			[
				'dla.demo',
				'planner.th40',
				'planner.th30',
				'governor.th40',
				'governor.th30',
				'lao.6400906',
				'lao.6400907',
				'district.th4001'
			].sort()
		);
		expect(demoPassword).toBe('sedz-demo-password');
		const rows = await demoRows();
		expect(rows).toHaveLength(8);
		expect(rows.every((row) => row.is_demo && !row.disabled)).toBe(true);
		for (const account of demoAccounts) {
			expect(account.displayName).toMatch(/[\u0E00-\u0E7F]/);
			expect(account.position).toMatch(/[\u0E00-\u0E7F]/);
		}
		const lao = await logIn(
			database.db,
			{ username: 'lao.6400906', password: 'sedz-demo-password' },
			settings
		);
		expect(lao.actor).toMatchObject({
			role: 'lao_officer',
			dlaCode: '6400906',
			provinceCode: 'TH40'
		});
		const governor = await logIn(
			database.db,
			{ username: 'governor.th30', password: 'sedz-demo-password' },
			settings
		);
		expect(governor.actor).toMatchObject({ role: 'governor', provinceCode: 'TH30' });
		// The district office of Khon Kaen's Mueang district (issue 17).
		const district = await logIn(
			database.db,
			{ username: 'district.th4001', password: 'sedz-demo-password' },
			settings
		);
		expect(district.actor).toMatchObject({
			role: 'district_office',
			provinceCode: 'TH40',
			districtCode: 'TH4001'
		});
		const dla = await logIn(
			database.db,
			{ username: 'dla.demo', password: 'sedz-demo-password' },
			settings
		);
		expect(dla.actor.role).toBe('dla_staff');
		// Starting again in demo mode refreshes them without duplicates.
		await applyDemoMode(database.db, true);
		expect(await demoRows()).toHaveLength(8);
	});

	it('are disabled, and their sessions ended, when the app starts without demo mode', async () => {
		await applyDemoMode(database.db, true);
		const session = await logIn(
			database.db,
			{ username: 'planner.th40', password: 'sedz-demo-password' },
			settings
		);
		const { userId: realId } = await createUser(database.db, commandLineOperator, {
			username: 'real.planner',
			displayName: 'ผู้วางแผนจริง',
			position: null,
			role: 'planner',
			provinceCode: 'TH40',
			dlaCode: null,
			password: 'ผู้วางแผนจริงของจังหวัด'
		});

		const result = await applyDemoMode(database.db, false);
		expect(result.disabled).toBe(8);
		expect((await demoRows()).every((row) => row.disabled)).toBe(true);
		expect(await resolveSession(database.db, session.token, settings)).toBeNull();
		const refused = await logIn(
			database.db,
			{ username: 'dla.demo', password: 'sedz-demo-password' },
			settings
		).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(DomainError);
		expect((refused as DomainError).problems[0]!.rule).toBe('login.disabled');
		const real = await database.db
			.selectFrom('app_user')
			.select('disabled')
			.where('id', '=', realId)
			.executeTakeFirstOrThrow();
		expect(real.disabled).toBe(false);
	});

	it('never take over a real account that holds a demo name', async () => {
		// Free the name, then give it to a real account, as an administrator might have.
		await database.db.deleteFrom('app_user').where('username', '=', 'dla.demo').execute();
		await createUser(database.db, commandLineOperator, {
			username: 'dla.demo',
			displayName: 'ผู้ดูแลระบบจริง',
			position: null,
			role: 'dla_staff',
			provinceCode: null,
			dlaCode: null,
			password: 'รหัสผ่านของผู้ดูแลระบบจริง'
		});
		const result = await applyDemoMode(database.db, true);
		expect(result.skipped).toEqual(['dla.demo']);
		expect(result.refreshed).toHaveLength(7);
		const row = await database.db
			.selectFrom('app_user')
			.select(['display_name', 'is_demo', 'disabled'])
			.where('username', '=', 'dla.demo')
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ display_name: 'ผู้ดูแลระบบจริง', is_demo: false, disabled: false });
	});
});
