import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../accounts/roles';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import { createTestUser } from '../../../../tests/fixtures/users';
import type { Database } from '../db/database';
import { logIn, resolveSession } from './auth.service';
import {
	commandLineOperator,
	createUser,
	listUsers,
	resetPassword,
	updateUser,
	type UserManager
} from './user.service';
import type { NewUserInput } from './user.schemas';
import { expectRefusal } from '../../../../tests/fixtures/refusals';

const settings = { idleHours: 12 };
const password = 'นาข้าวริมลำน้ำพอง';

let database: Database;
let admin: Actor;
let others: Record<'planner' | 'governor' | 'lao_officer', Actor>;
beforeAll(async () => {
	database = await openTestDatabase('imported');
	admin = await createTestUser(database.db, { role: 'dla_staff' });
	others = {
		planner: await createTestUser(database.db, { role: 'planner', provinceCode: 'TH40' }),
		governor: await createTestUser(database.db, { role: 'governor', provinceCode: 'TH40' }),
		lao_officer: await createTestUser(database.db, {
			role: 'lao_officer',
			dlaCode: '6400906',
			provinceCode: 'TH40'
		})
	};
});
afterAll(() => database?.close());

let counter = 0;
function plannerInput(overrides: Partial<NewUserInput> = {}): NewUserInput {
	counter += 1;
	return {
		username: `planner.test${counter}`,
		displayName: `นักวางแผน ${counter}`,
		position: 'นักวิเคราะห์นโยบายและแผน',
		role: 'planner',
		provinceCode: 'TH40',
		dlaCode: null,
		districtCode: null,
		password,
		...overrides
	};
}

describe('who may manage users', () => {
	it.each(['planner', 'governor', 'lao_officer', 'the public'] as const)(
		'refuses a %s every user operation',
		async (who) => {
			const by: UserManager = who === 'the public' ? null : others[who];
			const target = others.planner.userId;
			for (const operation of [
				listUsers(database.db, by),
				createUser(database.db, by, plannerInput()),
				updateUser(database.db, by, target, { displayName: 'ชื่อใหม่' }),
				resetPassword(database.db, by, target, 'รหัสผ่านใหม่ที่ยาวพอ')
			]) {
				expect((await expectRefusal(operation)).kind).toBe('forbidden');
			}
			const unchanged = await database.db
				.selectFrom('app_user')
				.select('display_name')
				.where('id', '=', target)
				.executeTakeFirstOrThrow();
			expect(unchanged.display_name).not.toBe('ชื่อใหม่');
		}
	);

	it('lets DLA staff list, create, edit and reset passwords', async () => {
		const input = plannerInput();
		const { userId } = await createUser(database.db, admin, input);
		const listed = (await listUsers(database.db, admin)).find((u) => u.id === userId);
		expect(listed).toMatchObject({
			username: input.username,
			role: 'planner',
			provinceCode: 'TH40',
			provinceNameTh: 'ขอนแก่น',
			disabled: false,
			isDemo: false
		});

		await updateUser(database.db, admin, userId, { role: 'governor', provinceCode: 'TH30' });
		const session = await logIn(database.db, { username: input.username, password }, settings);
		expect(session.actor).toMatchObject({ role: 'governor', provinceCode: 'TH30', dlaCode: null });

		await resetPassword(database.db, admin, userId, 'ลมหนาวมาถึงโคราชแล้ว');
		// A reset ends the user's sessions; the new password opens a new one.
		expect(await resolveSession(database.db, session.token, settings)).toBeNull();
		const again = await logIn(
			database.db,
			{ username: input.username, password: 'ลมหนาวมาถึงโคราชแล้ว' },
			settings
		);
		expect(again.actor.userId).toBe(userId);
	});

	it('gives an LAO officer the province of their LAO', async () => {
		const { userId } = await createUser(
			database.db,
			admin,
			plannerInput({
				username: 'lao.officer.test',
				role: 'lao_officer',
				provinceCode: 'TH30',
				dlaCode: '6400907'
			})
		);
		const session = await logIn(database.db, { username: 'lao.officer.test', password }, settings);
		expect(session.actor).toEqual(
			expect.objectContaining({
				userId,
				role: 'lao_officer',
				dlaCode: '6400907',
				provinceCode: 'TH40'
			})
		);
		const listed = (await listUsers(database.db, admin)).find((u) => u.id === userId);
		expect(listed).toMatchObject({ laoNameTh: 'บ้านฝาง', provinceCode: 'TH40' });
	});
});

describe('checks on the fields', () => {
	it('names the field of an unknown province or LAO code', async () => {
		const province = await expectRefusal(
			createUser(database.db, admin, plannerInput({ provinceCode: 'TH99' }))
		);
		expect(province.kind).toBe('invalid');
		expect(province.problems).toMatchObject([
			{ rule: 'user.province.unknown', field: 'provinceCode', details: { provinceCode: 'TH99' } }
		]);
		const lao = await expectRefusal(
			createUser(
				database.db,
				admin,
				plannerInput({ role: 'lao_officer', provinceCode: null, dlaCode: '9999999' })
			)
		);
		expect(lao.problems).toMatchObject([{ rule: 'user.lao.unknown', field: 'dlaCode' }]);
		const edit = await expectRefusal(
			updateUser(database.db, admin, others.planner.userId, { provinceCode: 'TH98' })
		);
		expect(edit.problems).toMatchObject([{ rule: 'user.province.unknown', field: 'provinceCode' }]);
	});

	it('names each missing or malformed field, and a taken username', async () => {
		const missing = await expectRefusal(
			createUser(database.db, admin, plannerInput({ provinceCode: null }))
		);
		expect(missing.problems).toMatchObject([
			{ rule: 'user.province.required', field: 'provinceCode' }
		]);
		const malformed = await expectRefusal(
			createUser(database.db, admin, {
				...plannerInput(),
				username: 'ab',
				dlaCode: '12',
				displayName: ' '
			})
		);
		expect(malformed.problems.map((p) => [p.field, p.rule])).toEqual(
			expect.arrayContaining([
				['username', 'user.username.format'],
				['displayName', 'user.display_name.required'],
				['dlaCode', 'user.lao.format']
			])
		);
		const weak = await expectRefusal(
			createUser(database.db, admin, plannerInput({ password: 'qwerty123456' }))
		);
		expect(weak.problems).toMatchObject([{ rule: 'password.common', field: 'password' }]);
		const first = plannerInput();
		await createUser(database.db, admin, first);
		const taken = await expectRefusal(
			createUser(database.db, admin, plannerInput({ username: first.username.toUpperCase() }))
		);
		expect(taken.kind).toBe('conflict');
		expect(taken.problems).toMatchObject([{ rule: 'user.username.taken', field: 'username' }]);
	});
});

describe('the last enabled DLA staff member', () => {
	it('cannot be disabled or demoted, until another one is enabled', async () => {
		// This test's own administrator is the only enabled DLA staff member.
		await database.db
			.updateTable('app_user')
			.set({ disabled: true })
			.where('role', '=', 'dla_staff')
			.execute();
		const { userId } = await createUser(database.db, commandLineOperator, {
			...plannerInput({ username: 'only.admin' }),
			role: 'dla_staff',
			provinceCode: null
		});
		const self = (await logIn(database.db, { username: 'only.admin', password }, settings)).actor;

		const disable = await expectRefusal(updateUser(database.db, self, userId, { disabled: true }));
		expect(disable.kind).toBe('conflict');
		expect(disable.problems).toMatchObject([{ rule: 'user.last_dla_staff', field: 'disabled' }]);
		const demote = await expectRefusal(
			updateUser(database.db, self, userId, { role: 'planner', provinceCode: 'TH40' })
		);
		expect(demote.problems).toMatchObject([{ rule: 'user.last_dla_staff', field: 'role' }]);
		// Not from the command line either.
		await expectRefusal(updateUser(database.db, commandLineOperator, userId, { disabled: true }));
		// Renaming is fine.
		await updateUser(database.db, self, userId, { displayName: 'ผู้ดูแลระบบคนเดียว' });

		await createUser(database.db, self, {
			...plannerInput({ username: 'second.admin' }),
			role: 'dla_staff',
			provinceCode: null
		});
		await updateUser(database.db, self, userId, { role: 'planner', provinceCode: 'TH40' });
		const row = await database.db
			.selectFrom('app_user')
			.select(['role', 'province_code', 'display_name'])
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ role: 'planner', province_code: 'TH40', display_name: 'ผู้ดูแลระบบคนเดียว' });
	});

	it('disabling a user ends their sessions at once', async () => {
		const input = plannerInput();
		const { userId } = await createUser(database.db, commandLineOperator, input);
		const session = await logIn(database.db, { username: input.username, password }, settings);
		await updateUser(database.db, commandLineOperator, userId, { disabled: true });
		const left = await database.db
			.selectFrom('user_session')
			.select('id')
			.where('user_id', '=', userId)
			.execute();
		expect(left).toEqual([]);
		expect(await resolveSession(database.db, session.token, settings)).toBeNull();
	});
});
