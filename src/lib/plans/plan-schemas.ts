import { z } from 'zod';
import { networkSectors } from '../geo/zones/zone-terms';
import { activityStatuses } from './plan-terms';

/**
 * The inputs of zone plans and monthly reports, parsed at the boundary (routes and services)
 * with every refusal naming its field (`targets.0.baselineDate`, `activities.2.budgetBaht.lao`).
 * Browser-safe, so a form can check the same rules before sending.
 */

const isoDate = z
	.string({ error: 'required (YYYY-MM-DD)' })
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
	.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'is not a calendar date')
	.refine(
		(value) => new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value,
		'is not a calendar date'
	);

const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const figure = z.number({ error: 'must be a number' });
const wholeBaht = z
	.number({ error: 'must be whole baht' })
	.int('must be whole baht')
	.min(0, 'cannot be negative')
	.max(1e13, 'is too large');

/** A target's indicator: one of the indicator store, or the plan's own with a unit. */
export const targetIndicatorSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('store'), key: text(100) }),
	z.object({
		kind: z.literal('plan'),
		nameTh: text(200),
		nameEn: z.string().trim().max(200).optional(),
		unit: text(50)
	})
]);

export const planTargetSchema = z
	.object({
		/** Absent for a new target; the key of the target it amends otherwise. */
		key: z
			.string()
			.regex(/^t[0-9]+$/, 'is not a target of this plan')
			.optional(),
		indicator: targetIndicatorSchema,
		baselineValue: figure,
		baselineDate: isoDate,
		targetValue: figure,
		targetDate: isoDate,
		/** Where the baseline figure comes from (source line), required. */
		source: text(500)
	})
	.refine((t) => t.targetDate > t.baselineDate, {
		path: ['targetDate'],
		message: 'must be after the baseline date'
	});
export type PlanTargetInput = z.infer<typeof planTargetSchema>;

export const responsibleSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('lao'),
		dlaCode: z.string().regex(/^[0-9]{7}$/, 'is not a DLA code')
	}),
	z.object({ kind: z.literal('provincial_office') }),
	z.object({ kind: z.literal('partner'), partnerId: z.number().int().positive() })
]);

export const planActivitySchema = z
	.object({
		key: z
			.string()
			.regex(/^a[0-9]+$/, 'is not an activity of this plan')
			.optional(),
		name: text(300),
		sectors: z
			.array(z.enum(networkSectors))
			.min(1, 'choose at least one network sector')
			.max(7)
			.refine((s) => new Set(s).size === s.length, 'names a sector twice'),
		responsible: responsibleSchema,
		budgetBaht: z.object({
			lao: wholeBaht,
			province: wholeBaht,
			central: wholeBaht,
			partner: wholeBaht
		}),
		startDate: isoDate,
		endDate: isoDate,
		status: z.enum(activityStatuses)
	})
	.refine((a) => a.endDate >= a.startDate, {
		path: ['endDate'],
		message: 'must not be before the start date'
	});
export type PlanActivityInput = z.infer<typeof planActivitySchema>;

/** A save of the plan: the whole working copy, and the revision the editor started from. */
export const planSaveSchema = z.object({
	/** The working copy's revision id the editor saw; absent only for the first save. */
	basedOnRevisionId: z.number().int().positive().optional(),
	note: z.string().trim().max(2000).default(''),
	targets: z.array(planTargetSchema).max(200),
	activities: z.array(planActivitySchema).max(500)
});
export type PlanSaveInput = z.infer<typeof planSaveSchema>;

export const planEventSchema = z.discriminatedUnion('event', [
	z.object({ event: z.literal('submit'), revisionId: z.number().int().positive() }),
	z.object({ event: z.literal('approve'), revisionId: z.number().int().positive() }),
	z.object({
		event: z.literal('return'),
		revisionId: z.number().int().positive(),
		reasonText: text(2000)
	})
]);
export type PlanEventInput = z.infer<typeof planEventSchema>;

export const periodSchema = z
	.string()
	.regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');

export const reportTargetEntrySchema = z.object({
	targetKey: z.string().regex(/^t[0-9]+$/, 'is not a target of the plan'),
	/** null: no new figure this month. */
	value: figure.nullable(),
	/** When given, must be the target's unit (a figure in another unit is refused). */
	unit: z.string().trim().optional()
});

export const reportActivityEntrySchema = z.object({
	activityKey: z.string().regex(/^a[0-9]+$/, 'is not an activity of the plan'),
	status: z.enum(activityStatuses),
	disbursedBaht: wholeBaht,
	peopleReached: z
		.number({ error: 'must be a whole number' })
		.int('must be a whole number')
		.min(0, 'cannot be negative'),
	note: z.string().trim().max(2000).default('')
});

/** A save of a month's report: the whole document and the version the filer started from. */
export const reportSaveSchema = z.object({
	version: z.number().int().positive(),
	targets: z.array(reportTargetEntrySchema).max(200),
	activities: z.array(reportActivityEntrySchema).max(500),
	problems: z.string().trim().max(10000).default('')
});
export type ReportSaveInput = z.infer<typeof reportSaveSchema>;

export const reportEventSchema = z.discriminatedUnion('event', [
	z.object({ event: z.literal('submit'), version: z.number().int().positive() }),
	z.object({ event: z.literal('accept'), version: z.number().int().positive() }),
	z.object({
		event: z.literal('return'),
		version: z.number().int().positive(),
		reason: text(2000)
	})
]);
export type ReportEventInput = z.infer<typeof reportEventSchema>;

export const dueDaySchema = z.object({
	dueDayOfMonth: z.number().int().min(1, 'must be 1 to 28').max(28, 'must be 1 to 28')
});
