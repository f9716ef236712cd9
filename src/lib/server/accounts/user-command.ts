import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema';
import { DomainError, type Problem } from '../domain-errors';
import {
	districtCodeField,
	dlaCodeField,
	displayNameField,
	positionField,
	problemsFromZod,
	provinceCodeField,
	roleField,
	usernameField
} from './user.schemas';
import {
	commandLineOperator,
	createUser,
	findUserIdByUsername,
	listUsers,
	updateUser
} from './user.service';

/**
 * `npm run user -- add|list|disable …`: user administration at the server's command line, for
 * the first DLA administrator and for recovery. The operator holds the database, so the user
 * service lets them act (`commandLineOperator`); its rules (codes in the registry, the last
 * DLA staff member) still apply. Every refusal names the flag it is about.
 */

export const userCommandUsage = `Usage:
  npm run user -- add --username NAME --role ROLE --name "DISPLAY NAME" [--position "…"]
                      [--province TH40] [--dla-code 6400906] [--district TH4001]
      ROLE is dla_staff, planner, governor, lao_officer or district_office; planners and
      governors need --province, LAO officers --dla-code, district offices --district. The password is read from SEDZ_NEW_PASSWORD, or
      asked for on the terminal (not echoed).
  npm run user -- list
  npm run user -- disable --username NAME`;

export interface UserCommandIo {
	out(line: string): void;
	err(line: string): void;
	/** The new user's password (environment or a prompt without echo). */
	readNewPassword(): Promise<string>;
}

/** Service fields → the flag (or variable) the operator gave them with. */
const flagOfField: Record<string, string> = {
	username: '--username',
	role: '--role',
	displayName: '--name',
	name: '--name',
	position: '--position',
	provinceCode: '--province',
	province: '--province',
	dlaCode: '--dla-code',
	'dla-code': '--dla-code',
	districtCode: '--district',
	district: '--district',
	password: 'SEDZ_NEW_PASSWORD',
	disabled: '--username'
};

function printProblems(io: UserCommandIo, problems: readonly Problem[]) {
	for (const problem of problems) {
		const flag = problem.field ? (flagOfField[problem.field] ?? problem.field) : '';
		io.err(`${flag ? `${flag}: ` : ''}${problem.message} (${problem.rule})`);
	}
}

const addFlags = z.object({
	username: usernameField,
	role: roleField,
	name: displayNameField,
	position: positionField,
	province: provinceCodeField,
	'dla-code': dlaCodeField,
	district: districtCodeField
});

/** Runs one command; returns the process exit code (0 done, 1 refused, 2 bad usage). */
export async function runUserCommand(
	db: Kysely<DB>,
	argv: readonly string[],
	io: UserCommandIo
): Promise<number> {
	let parsed: ReturnType<typeof parseFlags>;
	try {
		parsed = parseFlags(argv);
	} catch (error) {
		// node:util names the flag: "Unknown option '--nmae'", "Option '--role' argument missing".
		io.err((error as Error).message);
		io.err(userCommandUsage);
		return 2;
	}
	const [command, ...extra] = parsed.positionals;
	if (extra.length > 0) {
		io.err(`Unexpected argument: ${extra.join(' ')}`);
		return 2;
	}
	try {
		switch (command) {
			case 'add':
				return await add(db, parsed.values, io);
			case 'list':
				return await list(db, io);
			case 'disable':
				return await disable(db, parsed.values, io);
			default:
				io.err(command ? `Unknown command: ${command}` : 'Name a command: add, list or disable');
				io.err(userCommandUsage);
				return 2;
		}
	} catch (error) {
		if (!(error instanceof DomainError)) throw error;
		if (error.problems.length > 0) printProblems(io, error.problems);
		else io.err(error.message);
		return 1;
	}
}

function parseFlags(argv: readonly string[]) {
	return parseArgs({
		args: [...argv],
		allowPositionals: true,
		strict: true,
		options: {
			username: { type: 'string' },
			role: { type: 'string' },
			name: { type: 'string' },
			position: { type: 'string' },
			province: { type: 'string' },
			'dla-code': { type: 'string' },
			district: { type: 'string' }
		}
	});
}

type Flags = ReturnType<typeof parseFlags>['values'];

async function add(db: Kysely<DB>, flags: Flags, io: UserCommandIo): Promise<number> {
	const checked = addFlags.safeParse(flags);
	if (!checked.success) {
		printProblems(io, problemsFromZod(checked.error));
		return 2;
	}
	const password = await io.readNewPassword();
	const { userId } = await createUser(db, commandLineOperator, {
		username: checked.data.username,
		role: checked.data.role,
		displayName: checked.data.name,
		position: checked.data.position,
		provinceCode: checked.data.province,
		dlaCode: checked.data['dla-code'],
		districtCode: checked.data.district,
		password
	});
	io.out(`Created user ${checked.data.username} (${checked.data.role}, id ${userId})`);
	return 0;
}

async function list(db: Kysely<DB>, io: UserCommandIo): Promise<number> {
	const users = await listUsers(db, commandLineOperator);
	for (const user of users) {
		const scope = user.dlaCode ?? user.districtCode ?? user.provinceCode ?? '-';
		const flags = [user.disabled ? 'disabled' : 'enabled', ...(user.isDemo ? ['demo'] : [])];
		io.out([user.username, user.role, scope, flags.join(','), user.displayName].join('\t'));
	}
	if (users.length === 0) io.out('No users yet: npm run user -- add --role dla_staff …');
	return 0;
}

async function disable(db: Kysely<DB>, flags: Flags, io: UserCommandIo): Promise<number> {
	const username = usernameField.safeParse(flags.username);
	if (!username.success) {
		io.err('--username: name the user to disable');
		return 2;
	}
	const userId = await findUserIdByUsername(db, commandLineOperator, username.data);
	await updateUser(db, commandLineOperator, userId, { disabled: true });
	io.out(`Disabled ${username.data}; their sessions have ended`);
	return 0;
}
