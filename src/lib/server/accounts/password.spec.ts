import { describe, expect, it } from 'vitest';
import {
	hashPassword,
	isCommonPassword,
	minimumPasswordLength,
	passwordProblems,
	verifyPassword
} from './password';

describe('the password policy', () => {
	it('asks for at least 12 characters, counted as characters, not bytes', () => {
		expect(passwordProblems('short-pass1')).toMatchObject([
			{ rule: 'password.too_short', field: 'password', details: { minimum: 12 } }
		]);
		expect(minimumPasswordLength).toBe(12);
		// 12 Thai characters are 36 bytes in UTF-8 but 12 characters: accepted.
		expect(passwordProblems('รหัสผ่านยาวมากๆ')).toEqual([]);
		expect(passwordProblems('ขอนแก่น1')).toMatchObject([{ rule: 'password.too_short' }]);
		expect(passwordProblems('a'.repeat(257))).toMatchObject([{ rule: 'password.too_long' }]);
	});

	it('refuses common passwords whatever their case, and names the field it is given', () => {
		expect(isCommonPassword('password1234')).toBe(true);
		expect(isCommonPassword('PassWord1234')).toBe(true);
		expect(isCommonPassword('QWERTY123456')).toBe(true);
		expect(passwordProblems('Administrator', 'newPassword')).toEqual([
			expect.objectContaining({ rule: 'password.common', field: 'newPassword' })
		]);
		expect(isCommonPassword('ทุ่งนาขอนแก่น-2569')).toBe(false);
		expect(passwordProblems('sedz-demo-password')).toEqual([]);
	});
});

describe('hashing', () => {
	it('stores argon2id hashes that verify only the same password', async () => {
		const stored = await hashPassword('ทุ่งนาขอนแก่น-2569');
		expect(stored).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
		expect(await verifyPassword(stored, 'ทุ่งนาขอนแก่น-2569')).toBe(true);
		expect(await verifyPassword(stored, 'ทุ่งนาขอนแก่น-2568')).toBe(false);
		// Each hash has its own salt.
		expect(await hashPassword('ทุ่งนาขอนแก่น-2569')).not.toBe(stored);
	});

	it('answers false, not an exception, for a hash it cannot read', async () => {
		expect(await verifyPassword('not-a-hash', 'whatever-password')).toBe(false);
	});
});
