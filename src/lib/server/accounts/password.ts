import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Problem } from '../domain-errors';
import { commonPasswordsText } from './common-passwords';

/**
 * Passwords: the policy (length and a list of common passwords, as NIST SP 800-63B asks instead
 * of composition rules) and argon2id hashing in the PHC string format.
 */

export const minimumPasswordLength = 12;
/** Longer input is refused before hashing, so a megabyte "password" cannot tie up the server. */
export const maximumPasswordLength = 256;

const commonPasswords = new Set(
	commonPasswordsText
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '')
);

/** True when the password, compared without regard to case, is on the common-password list. */
export function isCommonPassword(password: string): boolean {
	return commonPasswords.has(password.toLowerCase());
}

/**
 * The problems of a proposed password under the policy (empty when it is acceptable). Length
 * counts characters (code points), so a Thai passphrase counts as it reads.
 */
export function passwordProblems(password: string, field = 'password'): Problem[] {
	const length = [...password].length;
	if (length < minimumPasswordLength) {
		return [
			{
				rule: 'password.too_short',
				field,
				message: `The password needs at least ${minimumPasswordLength} characters`,
				details: { minimum: minimumPasswordLength }
			}
		];
	}
	if (length > maximumPasswordLength) {
		return [
			{
				rule: 'password.too_long',
				field,
				message: `The password may have at most ${maximumPasswordLength} characters`,
				details: { maximum: maximumPasswordLength }
			}
		];
	}
	if (isCommonPassword(password)) {
		return [{ rule: 'password.common', field, message: 'The password is a common password' }];
	}
	return [];
}

/**
 * argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum),
 * which the PHC string records, so a later change of parameters still verifies old hashes.
 */
export function hashPassword(password: string): Promise<string> {
	return hash(password, { algorithm: argon2id });
}
/**
 * `Algorithm.Argon2id`: the package declares `Algorithm` as an ambient const enum, which
 * TypeScript's verbatimModuleSyntax cannot inline, so its value (2) is written here (TypeScript's
 * rule: https://github.com/microsoft/TypeScript/issues/48040; the declaration:
 * https://github.com/napi-rs/node-rs/blob/main/packages/argon2/index.d.ts).
 */
const argon2id = 2 as Algorithm.Argon2id;

/** False (never an exception) for a wrong password or a hash that cannot be read. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/**
 * A hash of nothing anyone can type, verified against when the username is unknown so that an
 * unknown name costs the same time as a wrong password. Made once, with the same parameters.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(`dummy-${crypto.randomUUID()}`);
	return dummyHash;
}
