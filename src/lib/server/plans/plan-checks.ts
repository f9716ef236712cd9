import type { Kysely } from 'kysely';
import type { PlanActivityInput, PlanTargetInput } from '../../plans/plan-schemas';
import type { DB } from '../db/schema';
import { invalid, type Problem } from '../domain-errors';
import * as plans from './plan.repository';
import type { ZoneFacts } from './plan.repository';

/**
 * The checks of a plan's targets and activities against the database before a save writes them:
 * keys the working copy knows and no key twice, indicators the indicator store has, responsible
 * LAOs of the zone's province and partners of its directory. Every problem is collected and
 * names its field; nothing is written when there is one.
 */

function keyProblem(field: string, key: string, what: string): Problem {
	return {
		rule: 'plan.unknown_key',
		field,
		message: `${key} is not a ${what} of the plan's working copy`
	};
}

export async function checkTargets(
	trx: Kysely<DB>,
	input: PlanTargetInput[],
	previousKeys: Set<string>,
	highestKey: number
): Promise<plans.NewTarget[]> {
	const problems: Problem[] = [];
	const storeKeys = input.flatMap((t) => (t.indicator.kind === 'store' ? [t.indicator.key] : []));
	const units = new Map(
		(await plans.findIndicators(trx, [...new Set(storeKeys)])).map((i) => [i.key, i.unit])
	);
	const seen = new Set<string>();
	let next = highestKey;
	const targets = input.map((t, i): plans.NewTarget => {
		if (t.key !== undefined) {
			if (!previousKeys.has(t.key)) problems.push(keyProblem(`targets.${i}.key`, t.key, 'target'));
			if (seen.has(t.key))
				problems.push({
					rule: 'plan.duplicate_key',
					field: `targets.${i}.key`,
					message: `${t.key} is listed twice`
				});
			seen.add(t.key);
		}
		const key = t.key ?? `t${++next}`;
		const common = {
			key,
			baselineValue: t.baselineValue,
			baselineDate: t.baselineDate,
			targetValue: t.targetValue,
			targetDate: t.targetDate,
			source: t.source
		};
		if (t.indicator.kind === 'store') {
			const unit = units.get(t.indicator.key);
			if (unit === undefined)
				problems.push({
					rule: 'plan.unknown_indicator',
					field: `targets.${i}.indicator.key`,
					message: `No indicator ${t.indicator.key} in the indicator store`
				});
			return {
				...common,
				indicatorKey: t.indicator.key,
				indicatorNameTh: null,
				indicatorNameEn: null,
				unit: unit ?? ''
			};
		}
		return {
			...common,
			indicatorKey: null,
			indicatorNameTh: t.indicator.nameTh,
			indicatorNameEn: t.indicator.nameEn || null,
			unit: t.indicator.unit
		};
	});
	if (problems.length > 0) throw invalid(problems, 'The plan’s targets need correcting');
	return targets;
}

export async function checkActivities(
	trx: Kysely<DB>,
	zone: ZoneFacts,
	input: PlanActivityInput[],
	previousKeys: Set<string>,
	highestKey: number
): Promise<plans.NewActivity[]> {
	const problems: Problem[] = [];
	const dlaCodes = input.flatMap((a) =>
		a.responsible.kind === 'lao' ? [a.responsible.dlaCode] : []
	);
	const partnerIds = input.flatMap((a) =>
		a.responsible.kind === 'partner' ? [a.responsible.partnerId] : []
	);
	const laos = new Map(
		(await plans.findLaos(trx, [...new Set(dlaCodes)])).map((l) => [l.dlaCode, l.provinceCode])
	);
	const partners = new Map(
		(await plans.findPartners(trx, [...new Set(partnerIds)])).map((p) => [p.id, p.provinceCode])
	);
	const seen = new Set<string>();
	let next = highestKey;
	const activities = input.map((a, i): plans.NewActivity => {
		if (a.key !== undefined) {
			if (!previousKeys.has(a.key))
				problems.push(keyProblem(`activities.${i}.key`, a.key, 'activity'));
			if (seen.has(a.key))
				problems.push({
					rule: 'plan.duplicate_key',
					field: `activities.${i}.key`,
					message: `${a.key} is listed twice`
				});
			seen.add(a.key);
		}
		const r = a.responsible;
		if (r.kind === 'lao' && laos.get(r.dlaCode) !== zone.provinceCode)
			problems.push({
				rule: 'plan.unknown_lao',
				field: `activities.${i}.responsible.dlaCode`,
				message: `No LAO ${r.dlaCode} in ${zone.provinceCode}`
			});
		if (r.kind === 'partner') {
			const province = partners.get(r.partnerId);
			if (province === undefined || (province !== null && province !== zone.provinceCode))
				problems.push({
					rule: 'plan.unknown_partner',
					field: `activities.${i}.responsible.partnerId`,
					message: `No partner ${r.partnerId} in the directory of ${zone.provinceCode}`
				});
		}
		return {
			key: a.key ?? `a${++next}`,
			name: a.name,
			sectors: a.sectors,
			responsibleKind: r.kind,
			responsibleDlaCode: r.kind === 'lao' ? r.dlaCode : null,
			responsiblePartnerId: r.kind === 'partner' ? r.partnerId : null,
			budgetBaht: a.budgetBaht,
			startDate: a.startDate,
			endDate: a.endDate,
			status: a.status
		};
	});
	if (problems.length > 0) throw invalid(problems, 'The plan’s activities need correcting');
	return activities;
}
