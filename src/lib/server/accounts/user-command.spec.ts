import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../tests/setup/test-database';
import type { Database } from '../db/database';
import { logIn } from './auth.service';
import { runUserCommand, type UserCommandIo } from './user-command';

let database: Database;
beforeAll(async () => {
	database = await openTestDatabase('imported');
});
afterAll(() => database?.close());

function io(password = 'ผู้ดูแลระบบคนแรกของกรม') {
	const out: string[] = [];
	const err: string[] = [];
	const channel: UserCommandIo = {
		out: (line) => out.push(line),
		err: (line) => err.push(line),
		readNewPassword: async () => password
	};
	return { out, err, channel };
}

describe('npm run user', () => {
	it('adds the first administrator, who can then log in', async () => {
		const run = io();
		const code = await runUserCommand(
			database.db,
			['add', '--username', 'First.Admin', '--role', 'dla_staff', '--name', 'ผู้ดูแลระบบ สถ.'],
			run.channel
		);
		expect(run.err).toEqual([]);
		expect(code).toBe(0);
		expect(run.out[0]).toMatch(/^Created user first\.admin \(dla_staff, id \d+\)$/);
		const session = await logIn(
			database.db,
			{ username: 'first.admin', password: 'ผู้ดูแลระบบคนแรกของกรม' },
			{ idleHours: 1 }
		);
		expect(session.actor).toMatchObject({ role: 'dla_staff', displayName: 'ผู้ดูแลระบบ สถ.' });
	});

	it('adds an LAO officer, lists users and disables one', async () => {
		const add = io();
		expect(
			await runUserCommand(
				database.db,
				[
					'add',
					'--username',
					'officer.dunsat',
					'--role',
					'lao_officer',
					'--name',
					'เจ้าหน้าที่ อบต.ดูนสาด',
					'--position',
					'ปลัด อบต.',
					'--dla-code',
					'6400906'
				],
				add.channel
			)
		).toBe(0);
		const list = io();
		expect(await runUserCommand(database.db, ['list'], list.channel)).toBe(0);
		expect(list.out).toContain('officer.dunsat\tlao_officer\t6400906\tenabled\tเจ้าหน้าที่ อบต.ดูนสาด');
		const disable = io();
		expect(
			await runUserCommand(
				database.db,
				['disable', '--username', 'officer.dunsat'],
				disable.channel
			)
		).toBe(0);
		const after = io();
		await runUserCommand(database.db, ['list'], after.channel);
		expect(after.out.find((line) => line.startsWith('officer.dunsat'))).toContain('\tdisabled\t');
	});

	it('names the flag of every refusal', async () => {
		const cases: [string[], RegExp, number][] = [
			[['add', '--username', 'x', '--role', 'planner', '--name', 'ก'], /^--username: /, 2],
			[['add', '--username', 'bad.role', '--role', 'mayor', '--name', 'ก'], /^--role: /, 2],
			[['add', '--username', 'no.name', '--role', 'dla_staff'], /^--name: /, 2],
			[
				['add', '--username', 'no.province', '--role', 'planner', '--name', 'ก'],
				/^--province: .*user\.province\.required/,
				1
			],
			[
				[
					'add',
					'--username',
					'bad.province',
					'--role',
					'governor',
					'--name',
					'ก',
					'--province',
					'TH99'
				],
				/^--province: .*user\.province\.unknown/,
				1
			],
			[
				[
					'add',
					'--username',
					'bad.lao',
					'--role',
					'lao_officer',
					'--name',
					'ก',
					'--dla-code',
					'1234567'
				],
				/^--dla-code: .*user\.lao\.unknown/,
				1
			],
			[['add', '--usernme', 'typo'], /'--usernme'/, 2],
			[['disable', '--username', 'nobody.at.all'], /^--username: /, 1],
			[['rename'], /Unknown command: rename/, 2]
		];
		for (const [argv, message, exitCode] of cases) {
			const run = io();
			expect(await runUserCommand(database.db, argv, run.channel), argv.join(' ')).toBe(exitCode);
			expect(run.err[0], argv.join(' ')).toMatch(message);
		}
		const weak = io('password1234');
		expect(
			await runUserCommand(
				database.db,
				['add', '--username', 'weak.password', '--role', 'dla_staff', '--name', 'ก'],
				weak.channel
			)
		).toBe(1);
		expect(weak.err[0]).toMatch(/^SEDZ_NEW_PASSWORD: .*password\.common/);
	});
});
