import { z } from 'zod';
import { roles } from '../../accounts/roles';
import type { Problem } from '../domain-errors';

/**
 * The fields of a user as forms and the command line give them, parsed with zod. Each message
 * is the rule's identifier (`user.username.format`), which the interface translates; the path
 * names the field.
 */

/** Empty input means "none" for the optional fields of a form. */
const blankToNull = (value: unknown) =>
	typeof value === 'string' && value.trim() === '' ? null : value;

export const usernameField = z
	.string({ error: 'user.username.required' })
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, { error: 'user.username.format' });

export const displayNameField = z
	.string({ error: 'user.display_name.required' })
	.trim()
	.min(1, { error: 'user.display_name.required' })
	.max(200, { error: 'user.display_name.too_long' });

export const positionField = z.preprocess(
	blankToNull,
	z.string().trim().max(300, { error: 'user.position.too_long' }).nullable().default(null)
);

export const roleField = z.enum(roles, { error: 'user.role.unknown' });

export const provinceCodeField = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^TH[0-9]{2}$/, { error: 'user.province.format' })
		.nullable()
		.default(null)
);

export const dlaCodeField = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.regex(/^[0-9]{7}$/, { error: 'user.lao.format' })
		.nullable()
		.default(null)
);

/** A district's ADM2 P-code (TH4001), for a district office; checked against the registry. */
export const districtCodeField = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.toUpperCase()
		.regex(/^TH[0-9]{4}$/, { error: 'user.district.format' })
		.nullable()
		.default(null)
);

/** A password as typed: the policy (length, common passwords) is checked by the service. */
export const passwordField = z.string({ error: 'password.too_short' });

export const newUserInput = z.object({
	username: usernameField,
	displayName: displayNameField,
	position: positionField,
	role: roleField,
	provinceCode: provinceCodeField,
	dlaCode: dlaCodeField,
	districtCode: districtCodeField,
	password: passwordField
});
export type NewUserInput = z.infer<typeof newUserInput>;

export const userChangesInput = z.object({
	displayName: displayNameField.optional(),
	position: positionField.optional(),
	role: roleField.optional(),
	provinceCode: provinceCodeField.optional(),
	dlaCode: dlaCodeField.optional(),
	districtCode: districtCodeField.optional(),
	disabled: z.boolean().optional()
});
export type UserChanges = z.infer<typeof userChangesInput>;

const englishByRule: Record<string, string> = {
	'user.username.required': 'A username is required',
	'user.username.format':
		'A username has 3 to 64 lower-case letters, digits and . _ @ -, starting with a letter or digit',
	'user.display_name.required': 'A display name is required',
	'user.display_name.too_long': 'The display name may have at most 200 characters',
	'user.position.too_long': 'The position may have at most 300 characters',
	'user.role.unknown': `The role is one of ${roles.join(', ')}`,
	'user.province.format': 'A province code is TH and two digits, e.g. TH40',
	'user.lao.format': 'A DLA code has 7 digits, e.g. 6400906',
	'user.district.format': 'A district code is TH and four digits, e.g. TH4001'
};

/** zod's issues as problems, one per field, named by the field (the first path element). */
export function problemsFromZod(error: z.ZodError): Problem[] {
	const seen = new Set<string>();
	const problems: Problem[] = [];
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? '');
		if (seen.has(field)) continue;
		seen.add(field);
		const rule = /^[a-z_]+(\.[a-z_]+)+$/.test(issue.message) ? issue.message : `${field}.invalid`;
		problems.push({ rule, field, message: englishByRule[rule] ?? issue.message });
	}
	return problems;
}
