import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { bangkokPeriod, monthlyDueDate } from '../../coordination/overdue';
import {
	defaultReportDueDay,
	nextReportStatus,
	previousPeriod,
	reportIsEditable,
	type ReportActivityEntry,
	type ReportStatus,
	type ReportTargetEntry
} from '../../plans/plan-terms';

import {
	dueDaySchema,
	periodSchema,
	reportEventSchema,
	reportSaveSchema,
	type ReportEventInput
} from '../../plans/plan-schemas';
import { appendAudit } from '../audit/audit.repository';
import type { DB } from '../db/schema';
import { DomainError, forbidden, invalid, notFound, type Problem } from '../domain-errors';
import { tellOfReportEvent } from '../zones/zone-notice.service';
import { parseInput } from './parse-input';
import {
	canFileReport,
	canReadPlanWorkingCopy,
	canReviewReport,
	canSetReportDueDay
} from './plan-permissions';

import * as plans from './plan.repository';
import * as reports from './progress-report.repository';
import type { ReportRow } from './progress-report.repository';
import { checkEntries, planInForce } from './report-checks';

/**
 * Monthly progress reports (issue 16 item 2). The scheduler puts one report per approved zone
 * and month in the database, due on the national due day of the following month (default the
 * 3rd); the zone's LAO officers or the province's planners fill it (per target the month's
 * figure or "no new figure", per activity its status, baht disbursed and people reached, and
 * the problems met), submit it, and the provincial office accepts it or returns it with a
 * reason: draft → submitted → accepted | returned → submitted.
 *
 * Every save and event names the report's `version`; one naming an older version is refused
 * with `conflict` carrying both versions (what the caller sent and what is stored), never
 * written over. Attachments and offline filing come next (issue 16 items 2–3): they will hang
 * off `progress_report.id`.
 */

export interface ReportView {
	zoneId: number;
	period: string;
	dueDate: string;
	status: ReportStatus;
	version: number;
	planRevisionId: number | null;
	targets: ReportTargetEntry[];
	activities: ReportActivityEntry[];
	problems: string;
	returnReason: string | null;
	submittedAt: string | null;
	reviewedAt: string | null;
	updatedAt: string;
	/** Names only for those who read the zone's reports in every state; never for the public. */
	names?: { updatedBy: string | null; submittedBy: string | null; reviewedBy: string | null };
	may?: { save: boolean; submit: boolean; review: boolean };
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toView(row: ReportRow, withNames: boolean): ReportView {
	return {
		zoneId: row.zoneId,
		period: row.period,
		dueDate: row.dueDate,
		status: row.status,
		version: row.version,
		planRevisionId: row.planRevisionId,
		targets: row.targetEntries,
		activities: row.activityEntries,
		problems: row.problems,
		returnReason: row.returnReason,
		submittedAt: iso(row.submittedAt),
		reviewedAt: iso(row.reviewedAt),
		updatedAt: iso(row.updatedAt)!,
		...(withNames && {
			names: {
				updatedBy: row.updatedByName,
				submittedBy: row.submittedByName,
				reviewedBy: row.reviewedByName
			}
		})
	};
}

// ---- The due day and the scheduler

/** The national due day of monthly reports (1–28), the 3rd until DLA staff set another. */
export async function reportDueDay(db: Kysely<DB>): Promise<number> {
	return (await reports.findDueDay(db)) ?? defaultReportDueDay;
}

/** DLA staff change the national due day; reports already made keep their due date. */
export async function setReportDueDay(
	db: Kysely<DB>,
	request: { actor: Actor | null; input: unknown }
): Promise<number> {
	const { actor } = request;
	const { dueDayOfMonth } = parseInput(dueDaySchema, request.input);
	if (!actor || !canSetReportDueDay(actor))
		throw forbidden('Only DLA staff set the due day of monthly reports');
	await db.transaction().execute(async (trx) => {
		const before = await reportDueDay(trx);
		await reports.insertDueDay(trx, dueDayOfMonth, actor.userId);
		await appendAudit(trx, {
			actor,
			action: 'report_setting.changed',
			entityType: 'report_setting',
			entityId: 'due_day_of_month',
			before: { dueDayOfMonth: before },
			after: { dueDayOfMonth }
		});
	});
	return dueDayOfMonth;
}

/** The instant a period ends: 00:00 Bangkok on the first day of the next month. */
function periodEndsAt(period: string): string {
	const [year, month] = period.split('-').map(Number) as [number, number];
	const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
	return `${next}-01T00:00:00+07:00`;
}

/**
 * Creates the previous month's report of every zone approved before that month ended, once,
 * whoever runs it (idempotent across runs and app instances). Run by the report scheduler
 * (`startReportScheduler`) every hour beside the coordination register's schedules.
 */
export async function runProgressReportSchedule(
	db: Kysely<DB>,
	options: { now?: Date } = {}
): Promise<{ period: string; dueDate: string; created: number }> {
	const period = previousPeriod(bangkokPeriod(options.now ?? new Date()));
	const dueDate = monthlyDueDate(period, await reportDueDay(db));
	const created = await db
		.transaction()
		.execute((trx) =>
			reports.insertDueReports(trx, { period, dueDate, periodEndsAt: periodEndsAt(period) })
		);
	return { period, dueDate, created };
}

// ---- Reading

async function zoneOf(db: Kysely<DB>, zoneId: number) {
	const zone = await plans.findZoneFacts(db, zoneId);
	if (!zone || zone.approvedRevisionId === null) throw notFound(`Zone ${zoneId} has no reports`);
	return zone;
}

function mayOf(actor: Actor | null, zone: plans.ZoneFacts, status: ReportStatus) {
	return {
		save: canFileReport(actor, zone) && reportIsEditable(status),
		submit: canFileReport(actor, zone) && reportIsEditable(status),
		review: canReviewReport(actor, zone) && status === 'submitted'
	};
}

/**
 * A month's report: in any state, with names, for those who read the zone's working papers
 * (`canReadPlanWorkingCopy`); accepted and without names for everyone else; `not_found`
 * otherwise (a report not yet accepted is not the public's).
 */
export async function getReport(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; period: string }
): Promise<ReportView> {
	const period = parseInput(periodSchema, request.period);
	const zone = await zoneOf(db, request.zoneId);
	const row = await reports.findReport(db, zone.id, period);
	const reads = canReadPlanWorkingCopy(request.actor, zone);
	if (!row || (!reads && row.status !== 'accepted'))
		throw notFound(`No report of zone ${zone.id} for ${period}`);
	return { ...toView(row, reads), may: mayOf(request.actor, zone, row.status) };
}

/** The zone's reports, newest first, as `getReport` shows each. */
export async function listZoneReports(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number }
): Promise<ReportView[]> {
	const zone = await zoneOf(db, request.zoneId);
	const reads = canReadPlanWorkingCopy(request.actor, zone);
	const rows = await reports.listReports(db, zone.id, reads ? undefined : ['accepted']);
	return rows.map((row) => toView(row, reads));
}

// ---- Filing and reviewing

function staleVersion(row: ReportRow, yours: Record<string, unknown>, withNames: boolean) {
	return new DomainError(
		'conflict',
		`The report of ${row.period} is now version ${row.version}, not ${String(yours.version)}: someone saved it meanwhile`,
		[
			{
				rule: 'report.stale_version',
				field: 'version',
				message: 'The report changed since you opened it',
				details: { currentVersion: row.version, yourVersion: yours.version }
			}
		],
		undefined,
		{ yours, theirs: toView(row, withNames) }
	);
}

async function lockedReport(trx: Kysely<DB>, zoneId: number, period: string) {
	const row = await reports.lockReport(trx, zoneId, period);
	if (!row)
		throw invalid(
			[
				{
					rule: 'report.not_due',
					field: 'period',
					message: `No report is due for ${period}`
				}
			],
			`No report of zone ${zoneId} is due for ${period}`
		);
	return row;
}

/**
 * Saves the month's figures as the next version (a draft or a returned report). Refused:
 * a period with no report due (`invalid`, field `period`), an older `version` (`conflict` with
 * both versions), entries naming no target or activity of the plan in force, a figure in
 * another unit or negative where it cannot be, a disbursement above the remaining budget
 * without a note. Returns the report and the warnings it was saved with.
 */
export async function saveReport(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; period: string; input: unknown }
): Promise<{ report: ReportView; warnings: Problem[] }> {
	const { actor } = request;
	const period = parseInput(periodSchema, request.period);
	const input = parseInput(reportSaveSchema, request.input);
	if (!actor) throw forbidden('Sign in to file reports');
	const warnings = await db.transaction().execute(async (trx) => {
		const zone = await zoneOf(trx, request.zoneId);
		if (!canFileReport(actor, zone)) throw forbidden(`You may not file reports of zone ${zone.id}`);
		const row = await lockedReport(trx, zone.id, period);
		if (row.version !== input.version) throw staleVersion(row, input, true);
		if (!reportIsEditable(row.status))
			throw new DomainError('conflict', `A ${row.status} report cannot be changed`, [
				{ rule: `report.${row.status}`, field: 'status', message: `The report is ${row.status}` }
			]);
		const plan = await planInForce(trx, zone.id);
		const checked = await checkEntries(trx, row, plan, input);
		await reports.updateReport(trx, row.id, {
			version: row.version + 1,
			planRevisionId: plan.revisionId,
			targetEntries: checked.targets,
			activityEntries: checked.activities,
			problems: input.problems,
			updatedBy: actor.userId
		});
		await appendAudit(trx, {
			actor,
			action: 'progress_report.saved',
			entityType: 'progress_report',
			entityId: row.id,
			provinceCode: zone.provinceCode,
			before: { version: row.version, status: row.status },
			after: {
				zoneId: zone.id,
				period,
				version: row.version + 1,
				...(checked.warnings.length > 0 && {
					warnings: checked.warnings.map((w) => ({ rule: w.rule, field: w.field }))
				})
			}
		});
		return checked.warnings;
	});
	return {
		report: await getReport(db, { actor, zoneId: request.zoneId, period }),
		warnings
	};
}

const auditActionOf = {
	submit: 'progress_report.submitted',
	accept: 'progress_report.accepted',
	return: 'progress_report.returned'
} as const;

/**
 * Submit (who files), accept or return with a reason (the provincial office). A submit needs
 * an entry for every target and activity of the plan in force ("no new figure" counts).
 */
export async function runReportEvent(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number; period: string; input: unknown }
): Promise<ReportView> {
	const { actor } = request;
	const period = parseInput(periodSchema, request.period);
	const input: ReportEventInput = parseInput(reportEventSchema, request.input);
	if (!actor) throw forbidden('Sign in to act on reports');
	await db.transaction().execute(async (trx) => {
		const zone = await zoneOf(trx, request.zoneId);
		const allowed =
			input.event === 'submit' ? canFileReport(actor, zone) : canReviewReport(actor, zone);
		if (!allowed)
			throw forbidden(
				input.event === 'submit'
					? `You may not file reports of zone ${zone.id}`
					: `Only the provincial office of ${zone.provinceCode} reviews its zones' reports`
			);
		const row = await lockedReport(trx, zone.id, period);
		if (row.version !== input.version) throw staleVersion(row, input, true);
		const next = nextReportStatus(row.status, input.event);
		if (!next.ok)
			throw new DomainError('conflict', `Cannot ${input.event} a ${row.status} report`, [
				{
					rule: `report.${next.reason}`,
					field: 'event',
					message: `Cannot ${input.event} a ${row.status} report`,
					details: { status: row.status, event: input.event }
				}
			]);
		if (input.event === 'submit') {
			const plan = await planInForce(trx, zone.id);
			const targetKeys = new Set(row.targetEntries.map((e) => e.targetKey));
			const activityKeys = new Set(row.activityEntries.map((e) => e.activityKey));
			const missing: Problem[] = [
				...plan.targets
					.filter((t) => !targetKeys.has(t.key))
					.map((t) => ({
						rule: 'report.target_missing',
						field: 'targets',
						message: `Give this month's figure of ${t.nameTh} (${t.key}), or say there is no new figure`,
						details: { targetKey: t.key }
					})),
				...plan.activities
					.filter((a) => !activityKeys.has(a.key))
					.map((a) => ({
						rule: 'report.activity_missing',
						field: 'activities',
						message: `Report on the activity ${a.name} (${a.key})`,
						details: { activityKey: a.key }
					}))
			];
			if (missing.length > 0) throw invalid(missing, 'The report is not complete');
		}
		await reports.updateReport(trx, row.id, {
			version: row.version + 1,
			status: next.status,
			...(input.event === 'submit' && { submittedBy: actor.userId }),
			...(input.event !== 'submit' && { reviewedBy: actor.userId }),
			...(input.event === 'return' && { returnReason: input.reason })
		});
		await appendAudit(trx, {
			actor,
			action: auditActionOf[input.event],
			entityType: 'progress_report',
			entityId: row.id,
			provinceCode: zone.provinceCode,
			before: { status: row.status, version: row.version },
			after: {
				zoneId: zone.id,
				period,
				status: next.status,
				version: row.version + 1,
				...(input.event === 'return' && { reason: input.reason })
			}
		});
		// Inbox and email (issue 16): a submitted report to the provincial office, a returned one
		// to its filers; in this transaction, so a refused event tells no one.
		if (input.event !== 'accept')
			await tellOfReportEvent(trx, {
				actor,
				zone,
				reportId: row.id,
				event: input.event === 'submit' ? 'report_submitted' : 'report_returned'
			});
	});
	return getReport(db, { actor, zoneId: request.zoneId, period });
}
