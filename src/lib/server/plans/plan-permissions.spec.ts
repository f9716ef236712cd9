import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	approvedPlan,
	approvedZone,
	nextMonthStart,
	planInput
} from '../../../../tests/fixtures/plans';
import { createTestUser } from '../../../../tests/fixtures/users';
import {
	tambonSquares,
	turnReadinessRulesOff
} from '../../../../tests/fixtures/zones/zone-fixtures';
import { engine, openTestDatabase } from '../../../../tests/setup/test-database';
import type { Actor } from '../../accounts/roles';
import type { Database } from '../db/database';
import { DomainError } from '../domain-errors';
import { getPlan, runPlanEvent, savePlan, type PlanActivityView } from './plan.service';
import {
	getReport,
	runProgressReportSchedule,
	runReportEvent,
	saveReport
} from './progress-report.service';

/**
 * The role × action table of zone plans and monthly reports (issue 16), over the services on
 * the real database. Each cell first brings the plan or the report to a state where the action
 * applies (as the province's planner and governor), then lets the user try it, so a refusal is
 * the permission's and never the state's. The expected table is written out by hand from the
 * rules of the brief; a failing run prints every cell that disagrees.
 */

type Outcome = 'ok' | 'forbidden' | 'not_found' | 'conflict' | 'invalid';
const actions = [
	'readWorkingCopy',
	'readDraftReport',
	'savePlan',
	'submitPlan',
	'decidePlan',
	'fileReport',
	'submitReport',
	'reviewReport'
] as const;
type Action = (typeof actions)[number];

const O = 'ok' as const;
const F = 'forbidden' as const;
const N = 'not_found' as const;
//                         read  report save submit decide file subm review
const expected: Record<string, Outcome[]> = {
	public: [N, N, F, F, F, F, F, F],
	dla: [O, O, O, O, F, F, F, F],
	planner40: [O, O, O, O, F, O, O, O],
	planner41: [N, N, F, F, F, F, F, F],
	governor40: [O, O, F, F, O, F, F, F],
	governor41: [N, N, F, F, F, F, F, F],
	officerOfZone: [O, O, F, F, F, O, O, F],
	officerElsewhere: [N, N, F, F, F, F, F, F],
	districtOffice: [N, N, F, F, F, F, F, F]
};

let database: Database;
let users: Record<string, Actor | null>;
let planner40: Actor;
let governor40: Actor;
let zoneId: number;
let period: string;

beforeAll(async () => {
	database = await openTestDatabase('imported');
	const db = database.db;
	await turnReadinessRulesOff(db);
	planner40 = await createTestUser(db, { role: 'planner', provinceCode: 'TH40' });
	governor40 = await createTestUser(db, { role: 'governor', provinceCode: 'TH40' });
	const [square] = await tambonSquares(db, 'TH40', 1);
	const zone = await approvedZone(db, {
		planner: planner40,
		governor: governor40,
		geometry: square!,
		name: 'เขตตารางสิทธิ์'
	});
	zoneId = zone.zoneId;
	const lao = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('province_code', '=', 'TH40')
		.where('dla_code', 'not in', zone.dlaCodes)
		.orderBy('dla_code')
		.executeTakeFirstOrThrow();
	users = {
		public: null,
		dla: await createTestUser(db, { role: 'dla_staff' }),
		planner40,
		planner41: await createTestUser(db, { role: 'planner', provinceCode: 'TH41' }),
		governor40,
		governor41: await createTestUser(db, { role: 'governor', provinceCode: 'TH41' }),
		officerOfZone: await createTestUser(db, {
			role: 'lao_officer',
			provinceCode: 'TH40',
			dlaCode: zone.dlaCodes[0]!
		}),
		officerElsewhere: await createTestUser(db, {
			role: 'lao_officer',
			provinceCode: 'TH40',
			dlaCode: lao.dla_code
		}),
		districtOffice: await createTestUser(db, { role: 'district_office', districtCode: 'TH4001' })
	};
	await approvedPlan(db, {
		planner: planner40,
		governor: governor40,
		zoneId,
		dlaCode: zone.dlaCodes[0]!
	});
	const run = nextMonthStart();
	period = run.period;
	await runProgressReportSchedule(db, { now: run.now });
});
afterAll(() => database?.close());

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
	try {
		await call();
		return 'ok';
	} catch (error) {
		if (error instanceof DomainError && error.kind !== 'too_large' && error.kind !== 'throttled')
			return error.kind;
		throw error;
	}
}

const fullEntries = (version: number) => ({
	version,
	targets: [
		{ targetKey: 't1', value: 130 },
		{ targetKey: 't2', value: null }
	],
	activities: [
		{ activityKey: 'a1', status: 'in_progress', disbursedBaht: 0, peopleReached: 10, note: '' }
	],
	problems: ''
});

// ---- Bringing the plan and the report to the state an action needs (as planner and governor)

async function planNow() {
	return getPlan(database.db, { actor: planner40, zoneId });
}

async function planToDraft() {
	let plan = await planNow();
	if (plan.status === 'submitted')
		plan = await runPlanEvent(database.db, {
			actor: governor40,
			zoneId,
			input: { event: 'return', revisionId: plan.workingCopy!.id, reasonText: 'ทดสอบ' }
		});
	if (plan.status !== 'draft')
		plan = await savePlan(database.db, {
			actor: planner40,
			zoneId,
			input: planInput('', {
				basedOnRevisionId: plan.workingCopy!.id,
				activities: plan.workingCopy!.activities.map(activityInput)
			})
		});
	return plan;
}

function activityInput(a: PlanActivityView) {
	return {
		key: a.key,
		name: a.name,
		sectors: a.sectors,
		responsible:
			a.responsible.kind === 'lao'
				? { kind: 'lao', dlaCode: a.responsible.dlaCode }
				: { kind: 'provincial_office' },
		budgetBaht: a.budgetBaht,
		startDate: a.startDate,
		endDate: a.endDate,
		status: a.status
	};
}

async function planToSubmitted() {
	const plan = await planToDraft();
	return runPlanEvent(database.db, {
		actor: planner40,
		zoneId,
		input: { event: 'submit', revisionId: plan.workingCopy!.id }
	});
}

async function reportNow() {
	return getReport(database.db, { actor: planner40, zoneId, period });
}

async function reportToEditable() {
	let report = await reportNow();
	if (report.status === 'submitted')
		report = await runReportEvent(database.db, {
			actor: planner40,
			zoneId,
			period,
			input: { event: 'return', version: report.version, reason: 'ทดสอบ' }
		});
	return report;
}

async function reportToSubmitted() {
	let report = await reportToEditable();
	report = (
		await saveReport(database.db, {
			actor: planner40,
			zoneId,
			period,
			input: fullEntries(report.version)
		})
	).report;
	return runReportEvent(database.db, {
		actor: planner40,
		zoneId,
		period,
		input: { event: 'submit', version: report.version }
	});
}

async function attempt(action: Action, actor: Actor | null): Promise<Outcome> {
	const db = database.db;
	switch (action) {
		case 'readWorkingCopy':
			return outcomeOf(async () => {
				const plan = await getPlan(db, { actor, zoneId });
				if (!plan.readsWorkingCopy) throw new DomainError('not_found', 'in force only');
			});
		case 'readDraftReport': {
			await reportToEditable();
			return outcomeOf(() => getReport(db, { actor, zoneId, period }));
		}
		case 'savePlan': {
			const plan = await planToDraft();
			return outcomeOf(() =>
				savePlan(db, {
					actor,
					zoneId,
					input: planInput('', {
						basedOnRevisionId: plan.workingCopy!.id,
						activities: plan.workingCopy!.activities.map(activityInput)
					})
				})
			);
		}
		case 'submitPlan': {
			const plan = await planToDraft();
			return outcomeOf(() =>
				runPlanEvent(db, {
					actor,
					zoneId,
					input: { event: 'submit', revisionId: plan.workingCopy!.id }
				})
			);
		}
		case 'decidePlan': {
			const plan = await planToSubmitted();
			return outcomeOf(() =>
				runPlanEvent(db, {
					actor,
					zoneId,
					input: { event: 'return', revisionId: plan.workingCopy!.id, reasonText: 'ขอแก้ไข' }
				})
			);
		}
		case 'fileReport': {
			const report = await reportToEditable();
			return outcomeOf(() =>
				saveReport(db, { actor, zoneId, period, input: fullEntries(report.version) })
			);
		}
		case 'submitReport': {
			let report = await reportToEditable();
			report = (
				await saveReport(db, {
					actor: planner40,
					zoneId,
					period,
					input: fullEntries(report.version)
				})
			).report;
			return outcomeOf(() =>
				runReportEvent(db, {
					actor,
					zoneId,
					period,
					input: { event: 'submit', version: report.version }
				})
			);
		}
		case 'reviewReport': {
			const report = await reportToSubmitted();
			return outcomeOf(() =>
				runReportEvent(db, {
					actor,
					zoneId,
					period,
					input: { event: 'return', version: report.version, reason: 'ขอแก้ไข' }
				})
			);
		}
	}
}

describe(`who may do what with zone plans and monthly reports, on ${engine}`, () => {
	it('follows the table for every role and action', async () => {
		const wrong: string[] = [];
		for (const [name, row] of Object.entries(expected))
			for (const [i, action] of actions.entries()) {
				const got = await attempt(action, users[name]!);
				if (got !== row[i]) wrong.push(`${name} × ${action}: expected ${row[i]}, got ${got}`);
			}
		expect(wrong).toEqual([]);
	});
});
