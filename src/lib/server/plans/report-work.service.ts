import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { daysOverdue } from '../../coordination/overdue';
import type { ReportStatus } from '../../plans/plan-terms';
import { bangkokDay } from '../../thai-calendar';
import { canOpenOverdueDashboard } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { nameParties } from '../coordination/party-names';
import { forbidden } from '../domain-errors';
import * as repo from './report-work.repository';

/**
 * Monthly progress reports in the inbox and on the overdue dashboard (issue 16 item 2).
 *
 * - To file (due, draft, returned): the reports of the zones whose LAO an officer works for,
 *   and of the province for its planners: those `canFileReport` lets file.
 * - To review (submitted): the province's, for its planners (the provincial office,
 *   `canReviewReport`).
 * - Overdue: never submitted, and the due day has ended in Bangkok (a report due on the 3rd is
 *   on time until midnight ending the 3rd, Bangkok time): DLA staff the country, a province's
 *   planners and governor their province (`canOpenOverdueDashboard`).
 */

export interface ReportWorkItem {
	zoneId: number;
	zoneName: string;
	provinceCode: string;
	province: { th: string; en: string };
	/** The LAOs the zone covers (organisations, never people). */
	laos: { dlaCode: string; th: string; en: string }[];
	period: string;
	/** ISO day. */
	dueDate: string;
	status: ReportStatus;
	/** Whole days past the due day, 0 when not overdue (or submitted once). */
	daysOverdue: number;
	/** The report's page. */
	href: string;
}

const itemLimit = 200;

type LaoNames = Map<string, { th: string; en: string }>;

/** The LAOs' names as the register writes them (อบต.ดูนสาด, Dun Sat SAO), in one query per page. */
async function laoNames(db: Kysely<DB>, rows: readonly repo.ReportWorkRow[]): Promise<LaoNames> {
	const codes = [...new Set(rows.flatMap((r) => r.laos.map((l) => l.dlaCode)))];
	const names = await nameParties(
		db,
		codes.map((code) => ({ kind: 'lao' as const, code }))
	);
	return new Map([...names.values()].map((n) => [n.party.code!, { th: n.th, en: n.en }]));
}

function toItem(row: repo.ReportWorkRow, now: Date, names: LaoNames): ReportWorkItem {
	return {
		zoneId: row.zoneId,
		zoneName: row.zoneName,
		provinceCode: row.provinceCode,
		province: { th: row.provinceTh, en: row.provinceEn },
		laos: row.laos.map((l) => ({
			dlaCode: l.dlaCode,
			th: names.get(l.dlaCode)?.th ?? l.nameTh,
			en: names.get(l.dlaCode)?.en ?? l.nameEn ?? l.nameTh
		})),
		period: row.period,
		dueDate: row.dueDate,
		status: row.status,
		daysOverdue:
			row.submittedAt === null ? daysOverdue({ dueDate: row.dueDate, state: 'open' }, now) : 0,
		href: `/plan/zones/${row.zoneId}/reports/${row.period}`
	};
}

/** Whose reports the actor files: their LAO's zones (LAO officers), their province's (planners). */
function filingScope(actor: Actor | null): repo.ReportWorkScope | null {
	if (actor?.role === 'lao_officer' && actor.dlaCode) return { dlaCode: actor.dlaCode };
	if (actor?.role === 'planner' && actor.provinceCode) return { provinceCode: actor.provinceCode };
	return null;
}

/** Whose reports the actor reviews: the province's, for its planners (the provincial office). */
function reviewScope(actor: Actor | null): repo.ReportWorkScope | null {
	if (actor?.role === 'planner' && actor.provinceCode) return { provinceCode: actor.provinceCode };
	return null;
}

const toFileStatuses: readonly ReportStatus[] = ['draft', 'returned'];
const toReviewStatuses: readonly ReportStatus[] = ['submitted'];

export interface ReportWork {
	/** Due or returned reports the actor may file, soonest due first. */
	toFile: ReportWorkItem[];
	/** Submitted reports awaiting the actor's acceptance. */
	toReview: ReportWorkItem[];
}

/** The signed-in user's report work for the inbox; empty for roles that neither file nor review. */
export async function getMyReportWork(
	db: Kysely<DB>,
	request: { actor: Actor | null; now?: Date }
): Promise<ReportWork> {
	if (!request.actor) throw forbidden('Sign in to see your inbox');
	const now = request.now ?? new Date();
	const filing = filingScope(request.actor);
	const reviewing = reviewScope(request.actor);
	const [toFile, toReview] = await Promise.all([
		filing
			? repo.listReportsInScope(db, { scope: filing, statuses: toFileStatuses, limit: itemLimit })
			: [],
		reviewing
			? repo.listReportsInScope(db, {
					scope: reviewing,
					statuses: toReviewStatuses,
					limit: itemLimit
				})
			: []
	]);
	const names = await laoNames(db, [...toFile, ...toReview]);
	return {
		toFile: toFile.map((r) => toItem(r, now, names)),
		toReview: toReview.map((r) => toItem(r, now, names))
	};
}

/** How many reports wait for the actor (to file or to review): the inbox badge's share. */
export async function countMyReportWork(db: Kysely<DB>, actor: Actor | null): Promise<number> {
	const filing = filingScope(actor);
	const reviewing = reviewScope(actor);
	const counts = await Promise.all([
		filing ? repo.countReportsInScope(db, { scope: filing, statuses: toFileStatuses }) : 0,
		reviewing ? repo.countReportsInScope(db, { scope: reviewing, statuses: toReviewStatuses }) : 0
	]);
	return counts[0] + counts[1];
}

/**
 * Overdue monthly reports for the overdue dashboard, most overdue first: DLA staff the whole
 * country (or the province asked for), a province's planners and governor their province.
 */
export async function getOverdueReports(
	db: Kysely<DB>,
	request: { actor: Actor | null; now?: Date; provinceCode?: string }
): Promise<ReportWorkItem[]> {
	const { actor } = request;
	if (!canOpenOverdueDashboard(actor))
		throw forbidden('The overdue dashboard is for DLA and provinces');
	const now = request.now ?? new Date();
	const provinceCode = actor!.role === 'dla_staff' ? request.provinceCode : actor!.provinceCode!;
	const rows = await repo.listOverdueReports(db, {
		scope: provinceCode === undefined ? {} : { provinceCode },
		today: bangkokDay(now),
		limit: 1000
	});
	const names = await laoNames(db, rows);
	return rows.map((r) => toItem(r, now, names));
}
