import type { Kysely } from 'kysely';
import type { ReportActivityEntry, ReportTargetEntry } from '../../plans/plan-terms';
import type { ReportSaveInput } from '../../plans/plan-schemas';
import type { DB } from '../db/schema';
import { invalid, type Problem } from '../domain-errors';
import * as plans from './plan.repository';
import * as reports from './progress-report.repository';
import type { ReportRow } from './progress-report.repository';

/**
 * The checks of a monthly report's entries against the plan in force before a save writes them:
 * every target and activity it names is the plan's, named once, in the target's unit and within
 * reason; a disbursement above the remaining budget is a warning that needs its note.
 */

/** The plan in force's targets and activities, which a report's entries must name. */
export async function planInForce(trx: Kysely<DB>, zoneId: number) {
	const plan = await plans.findPlanOfZone(trx, zoneId);
	if (!plan?.approvedRevisionId) return { revisionId: null, targets: [], activities: [] };
	return {
		revisionId: plan.approvedRevisionId,
		targets: await plans.listRevisionTargets(trx, plan.approvedRevisionId),
		activities: await plans.listRevisionActivities(trx, plan.approvedRevisionId)
	};
}

export interface CheckedEntries {
	targets: ReportTargetEntry[];
	activities: ReportActivityEntry[];
	/** Disbursements above the remaining budget that carry their note. */
	warnings: Problem[];
}

/**
 * The plan's target or activity a report entry names: a key the plan in force does not have is
 * refused (the entry is then not checked further), one named twice is refused too.
 */
export function entryOfPlanIn(problems: Problem[]) {
	return <T>(rows: Map<string, T>, seen: Set<string>, key: string, field: string) => {
		const row = rows.get(key);
		const kind = field.startsWith('targets') ? 'target' : 'activity';
		if (!row) {
			problems.push({
				rule: `report.unknown_${kind}`,
				field,
				message: `${key} is not ${kind === 'target' ? 'a target' : 'an activity'} of the plan in force`
			});
			return undefined;
		}
		if (seen.has(key))
			problems.push({
				rule: 'report.duplicate_entry',
				field,
				message: `${key} is reported twice`
			});
		seen.add(key);
		return row;
	};
}

export async function checkEntries(
	trx: Kysely<DB>,
	row: ReportRow,
	plan: Awaited<ReturnType<typeof planInForce>>,
	input: ReportSaveInput
): Promise<CheckedEntries> {
	const problems: Problem[] = [];
	const warnings: Problem[] = [];
	const targets = new Map(plan.targets.map((t) => [t.key, t]));
	const activities = new Map(plan.activities.map((a) => [a.key, a]));
	const entryOfPlan = entryOfPlanIn(problems);
	const seenTargets = new Set<string>();
	input.targets.forEach((entry, i) => {
		const target = entryOfPlan(targets, seenTargets, entry.targetKey, `targets.${i}.targetKey`);
		if (!target) return;
		if (entry.unit !== undefined && entry.unit !== target.unit)
			problems.push({
				rule: 'report.wrong_unit',
				field: `targets.${i}.unit`,
				message: `The target is measured in ${target.unit}, not ${entry.unit}`,
				details: { expectedUnit: target.unit }
			});
		// A target whose baseline and goal are both ≥ 0 (counts, baht, rai, households) cannot
		// reach a negative figure; one with a negative end (a change, a balance) can.
		if (
			entry.value !== null &&
			entry.value < 0 &&
			target.baselineValue >= 0 &&
			target.targetValue >= 0
		)
			problems.push({
				rule: 'report.negative_figure',
				field: `targets.${i}.value`,
				message: 'This figure cannot be negative'
			});
	});
	const disbursedBefore = await reports.disbursedElsewhere(trx, row.zoneId, row.period);
	const seenActivities = new Set<string>();
	input.activities.forEach((entry, i) => {
		const activity = entryOfPlan(
			activities,
			seenActivities,
			entry.activityKey,
			`activities.${i}.activityKey`
		);
		if (!activity) return;
		const budget =
			Number(activity.budgetLaoBaht) +
			Number(activity.budgetProvinceBaht) +
			Number(activity.budgetCentralBaht) +
			Number(activity.budgetPartnerBaht);
		const remainingBaht = Math.max(0, budget - (disbursedBefore.get(entry.activityKey) ?? 0));
		if (entry.disbursedBaht > remainingBaht) {
			const above: Problem = {
				rule: 'report.disbursement_above_budget',
				field: `activities.${i}.note`,
				message: `${entry.disbursedBaht} baht is above the ${remainingBaht} baht left of the activity's budget: explain it in a note`,
				details: { remainingBaht, disbursedBaht: entry.disbursedBaht }
			};
			(entry.note === '' ? problems : warnings).push(above);
		}
	});
	if (problems.length > 0) throw invalid(problems, 'The report needs correcting');
	return {
		targets: input.targets.map((t) => ({ targetKey: t.targetKey, value: t.value })),
		activities: input.activities,
		warnings
	};
}
