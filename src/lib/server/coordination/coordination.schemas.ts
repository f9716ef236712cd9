import { problemsOfZod } from '../../problem';
import { z } from 'zod';
import { fromThaiDigits, parseBuddhistDate } from '../../thai-calendar';
import {
	parsePartyKey,
	recipientStates,
	recipientsRules,
	recordKinds,
	reportKinds,
	type Party
} from '../../coordination/terms';
import { networkSectors } from '../../geo/zones/zone-terms';
import type { Problem } from '../domain-errors';

/**
 * Outside input of the coordination register, parsed with zod at the boundary. Forms send
 * strings; these schemas turn them into typed values and name the field of each problem.
 */

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, { message: `at most ${max} characters` })
		.optional()
		.transform((value) => (value ? value : null));

/** A date typed in the Buddhist Era (`3/1/2565`, Thai digits too) or ISO; empty is none. */
const buddhistDate = z
	.string()
	.optional()
	.transform((value, ctx) => {
		if (!value || value.trim() === '') return null;
		const parsed = parseBuddhistDate(value);
		if (!parsed.ok) {
			ctx.addIssue({ code: 'custom', message: `not a date (day/month/BE year): ${parsed.reason}` });
			return z.NEVER;
		}
		return parsed.isoDate;
	});

const party = z.string().transform((value, ctx) => {
	const parsed = parsePartyKey(value);
	if (!parsed) {
		ctx.addIssue({ code: 'custom', message: `not an organisation: ${value}` });
		return z.NEVER;
	}
	return parsed;
});

/** Codes separated by commas, spaces or new lines, in ASCII or Thai digits. */
const codeList = (pattern: RegExp, what: string) =>
	z
		.string()
		.optional()
		.transform((value, ctx) => {
			const codes = fromThaiDigits(value ?? '')
				.split(/[\s,;]+/)
				.filter((c) => c !== '');
			for (const code of codes)
				if (!pattern.test(code))
					ctx.addIssue({ code: 'custom', message: `not a ${what}: ${code}` });
			return [...new Set(codes)];
		});

const attendeeLines = z
	.string()
	.optional()
	.transform((value) =>
		(value ?? '')
			.split(/\r?\n/)
			.map((line) => line.trim())
			.filter((line) => line !== '')
			.slice(0, 100)
	);

export const recordInput = z
	.object({
		kind: z.enum(recordKinds),
		subject: z.string().trim().min(1, { message: 'required' }).max(500),
		body: z.string().max(20_000).optional().default(''),
		documentNumber: optionalText(100),
		documentDate: buddhistDate,
		dueDate: buddhistDate,
		isPublic: z
			.enum(['on', 'true'])
			.optional()
			.transform((value) => value !== undefined),
		meetingPlace: optionalText(300),
		minutes: optionalText(50_000),
		decisions: optionalText(20_000),
		...Object.fromEntries(networkSectors.map((s) => [`attendees_${s}`, attendeeLines])),
		recipients: z.array(party).max(200).default([]),
		allProvincialOffices: z
			.enum(['on', 'true'])
			.optional()
			.transform((value) => value !== undefined),
		recipientLaos: codeList(/^[0-9]{7}$/, 'DLA code (7 digits)'),
		linkZones: codeList(/^[1-9][0-9]{0,8}$/, 'zone number'),
		linkLaos: codeList(/^[0-9]{7}$/, 'DLA code (7 digits)'),
		linkProvinces: z
			.array(z.string().regex(/^TH[0-9]{2}$/))
			.max(77)
			.default([]),
		replyTo: z.coerce.number().int().positive().optional()
	})
	.superRefine((value, ctx) => {
		if (value.kind === 'meeting' && !value.meetingPlace && !value.minutes)
			ctx.addIssue({
				code: 'custom',
				path: ['meetingPlace'],
				message: 'a meeting needs its place or minutes'
			});
	});

export type RecordInput = z.output<typeof recordInput>;

/** The form's fields as one object: repeated fields (`recipients`, `linkProvinces`) as arrays. */
export function formValues(form: FormData): Record<string, unknown> {
	const values: Record<string, unknown> = {};
	for (const [key, value] of form.entries()) {
		if (typeof value !== 'string') continue;
		if (key === 'recipients' || key === 'linkProvinces') {
			const list = (values[key] as string[] | undefined) ?? [];
			list.push(value);
			values[key] = list;
		} else values[key] = value;
	}
	return values;
}

/** Zod's issues as the domain's problems, each naming its field. */
export function problemsOf(error: z.ZodError): Problem[] {
	return problemsOfZod(error, { rule: (issue) => `coordination.${issue.code}` });
}

export const stateInput = z.object({ state: z.enum(recipientStates) });

export const scheduleInput = z.object({
	reportKind: z.enum(reportKinds),
	subject: z.string().trim().min(1, { message: 'required' }).max(500),
	dayOfMonth: z.coerce.number().int().min(1).max(28),
	recipientsRule: z.enum(recipientsRules),
	ruleProvinceCode: z
		.string()
		.optional()
		.transform((value) => (value ? value : null))
		.pipe(
			z
				.string()
				.regex(/^TH[0-9]{2}$/)
				.nullable()
		)
});
export type ScheduleInput = z.output<typeof scheduleInput>;

/** The register's GET parameters. Unknown or empty ones are ignored; bad ones name themselves. */
export const registerParams = z.object({
	q: z
		.string()
		.trim()
		.max(200)
		.optional()
		.transform((v) => v || undefined),
	kind: z
		.enum(recordKinds)
		.optional()
		.or(z.literal('').transform(() => undefined)),
	party: z
		.string()
		.optional()
		.transform((value, ctx): Party | undefined => {
			if (!value) return undefined;
			const parsed = parsePartyKey(value);
			if (!parsed) {
				ctx.addIssue({ code: 'custom', message: `not an organisation: ${value}` });
				return z.NEVER;
			}
			return parsed;
		}),
	province: z
		.string()
		.regex(/^TH[0-9]{2}$/)
		.optional()
		.or(z.literal('').transform(() => undefined)),
	zone: z.coerce
		.number()
		.int()
		.positive()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	lao: z
		.string()
		.regex(/^[0-9]{7}$/)
		.optional()
		.or(z.literal('').transform(() => undefined)),
	from: buddhistDate,
	to: buddhistDate,
	state: z
		.enum([...recipientStates, 'overdue'])
		.optional()
		.or(z.literal('').transform(() => undefined)),
	page: z.coerce.number().int().min(1).max(10_000).optional().default(1)
});
export type RegisterParams = z.output<typeof registerParams>;

/** `?zone=12` or `?lao=6400906`, exactly one. */
export const timelineParams = z.union([
	z.object({ zone: z.coerce.number().int().positive(), lao: z.undefined().optional() }),
	z.object({ lao: z.string().regex(/^[0-9]{7}$/), zone: z.undefined().optional() })
]);
