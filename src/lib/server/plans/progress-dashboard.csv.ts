import { formatReportPeriod } from '../../thai-calendar';
import { translator, type Locale } from '../../i18n';
import type {
	DashboardMonth,
	ProgressDashboard,
	PublicProgress,
	ZoneDashboard
} from '../../plans/progress-dashboard-types';
import { zoneStatuses } from '../../geo/zones/zone-terms';
import { csvDocument, type CsvCell } from '../csv';

/**
 * The data of each dashboard chart as CSV (issue 16 item 4): UTF-8 with BOM, headers in the
 * reader's language, months in the Buddhist Era in Thai, and the source line on every row (as
 * the scores export does). A missing figure is an empty cell, never 0.
 */
export const overviewCharts = ['zones', 'timeliness', 'budget', 'targets'] as const;
export const zoneCharts = ['targets', 'timeline', 'budget'] as const;
export type OverviewChart = (typeof overviewCharts)[number];
export type ZoneChart = (typeof zoneCharts)[number];

export function overviewCsv(dashboard: ProgressDashboard, chart: OverviewChart, locale: Locale) {
	const t = translator(locale);
	const source = t('dashSource');
	const group = dashboard.kind === 'national' ? t('dashProvince') : t('dashZone');
	const name = (g: { nameTh: string; nameEn: string }) => (locale === 'th' ? g.nameTh : g.nameEn);
	const month = (period: string) => formatReportPeriod(locale, period);
	const srcHeader = t('plSource');
	let header: string[];
	let rows: CsvCell[][];
	switch (chart) {
		case 'zones':
			header = [
				group,
				...zoneStatuses.map((s) => t(`planStatus_${s}`)),
				t('dashLaosCovered'),
				srcHeader
			];
			rows = dashboard.groups.map((g) => [
				name(g),
				...zoneStatuses.map((s) => g.zonesByState[s]),
				g.laosCovered,
				source
			]);
			break;
		case 'timeliness':
			header = [t('dashMonth'), t('dashDue'), t('dashOnTime'), t('dashLate'), srcHeader];
			rows = dashboard.months
				.filter((m) => m.due > 0)
				.map((m) => [month(m.period), m.due, m.onTime, m.late, source]);
			break;
		case 'budget':
			({ header, rows } = budgetTable(dashboard.months, locale, source));
			break;
		case 'targets':
			header = [
				group,
				t('dashTargetsAll'),
				t('dashTargetsReported'),
				t('dashTargetsOnTrack'),
				t('dashOnTime'),
				t('dashLate'),
				t('dashDisbursed'),
				srcHeader
			];
			rows = dashboard.groups.map((g) => [
				name(g),
				g.targets,
				g.targets === 0 ? null : g.targetsReported,
				g.targets === 0 ? null : g.targetsOnTrack,
				g.reportsOnTime,
				g.reportsLate,
				g.disbursedBaht,
				source
			]);
			break;
	}
	return csvDocument(header, rows, { locale });
}

/** Baht planned and disbursed per month and to date: the national, province and zone charts. */
function budgetTable(
	months: readonly Pick<
		DashboardMonth,
		'period' | 'plannedBaht' | 'disbursedBaht' | 'plannedToDateBaht' | 'disbursedToDateBaht'
	>[],
	locale: Locale,
	source: string
): { header: string[]; rows: CsvCell[][] } {
	const t = translator(locale);
	return {
		header: [
			t('dashMonth'),
			t('dashPlanned'),
			t('dashDisbursed'),
			t('dashPlannedToDate'),
			t('dashDisbursedToDate'),
			t('plSource')
		],
		rows: months.map((m) => [
			formatReportPeriod(locale, m.period),
			roundBaht(m.plannedBaht),
			m.disbursedBaht,
			roundBaht(m.plannedToDateBaht),
			m.disbursedToDateBaht,
			source
		])
	};
}

/** Planned baht is an even share of each activity: whole baht in the file. */
function roundBaht(value: number | null) {
	return value === null ? null : Math.round(value);
}

export function zoneCsv(dashboard: ZoneDashboard, chart: ZoneChart, locale: Locale) {
	const t = translator(locale);
	const source = dashboard.readsWorkingCopy ? t('dashSource') : t('dashSourcePublic');
	const month = (period: string) => formatReportPeriod(locale, period);
	const srcHeader = t('plSource');
	const plan = dashboard.plan;
	let header: string[];
	let rows: CsvCell[][] = [];
	switch (chart) {
		case 'targets':
			header = [
				t('plIndicator'),
				t('plUnit'),
				t('plBaseline'),
				t('plBaselineDate'),
				t('plTarget'),
				t('plTargetDate'),
				t('dashMonth'),
				t('dashReported'),
				srcHeader
			];
			for (const target of plan?.targets ?? [])
				dashboard.months.forEach((m, i) =>
					rows.push([
						locale === 'en' && target.nameEn ? target.nameEn : target.nameTh,
						target.unit,
						target.baselineValue,
						target.baselineDate,
						target.targetValue,
						target.targetDate,
						month(m.period),
						target.byMonth[i] ?? null,
						`${target.source} · ${source}`
					])
				);
			break;
		case 'timeline':
			header = [
				t('dashActivity'),
				t('plResponsible'),
				t('plStart'),
				t('plEnd'),
				t('dashStatus'),
				t('dashBudgetTotal'),
				srcHeader
			];
			rows = (plan?.activities ?? []).map((a) => [
				a.name,
				a.responsible.kind === 'lao'
					? (a.responsible.nameTh ?? a.responsible.dlaCode)
					: a.responsible.kind === 'partner'
						? (a.responsible.name ?? t('responsible_partner'))
						: t('responsible_provincial_office'),
				a.startDate,
				a.endDate,
				t(`activityStatus_${a.status}` as Parameters<typeof t>[0]),
				a.budgetBaht.lao + a.budgetBaht.province + a.budgetBaht.central + a.budgetBaht.partner,
				source
			]);
			break;
		case 'budget':
			({ header, rows } = budgetTable(dashboard.months, locale, source));
			break;
	}
	return csvDocument(header, rows, { locale });
}

export const publicCharts = ['zones', 'reports', 'budget', 'targets'] as const;
export type PublicChart = (typeof publicCharts)[number];

/** The public national progress page's charts as CSV: accepted reports only, no names. */
export function publicProgressCsv(progress: PublicProgress, chart: PublicChart, locale: Locale) {
	const t = translator(locale);
	const name = (p: { nameTh: string; nameEn: string }) => (locale === 'th' ? p.nameTh : p.nameEn);
	const month = (period: string) => formatReportPeriod(locale, period);
	const srcHeader = t('plSource');
	const withZones = progress.provinces.filter((p) => p.approvedZones > 0);
	let header: string[];
	let rows: CsvCell[][];
	switch (chart) {
		case 'zones':
			header = [t('dashProvince'), t('pubApprovedZones'), t('dashLaosCovered'), srcHeader];
			rows = withZones.map((p) => [name(p), p.approvedZones, p.laosCovered, t('pubSourceZones')]);
			break;
		case 'reports':
			header = [t('dashMonth'), t('pubAccepted'), srcHeader];
			rows = progress.months
				.filter((m) => m.accepted > 0)
				.map((m) => [month(m.period), m.accepted, t('pubSourceReports')]);
			break;
		case 'budget':
			({ header, rows } = budgetTable(progress.months, locale, t('pubSourceBudget')));
			break;
		case 'targets':
			header = [
				t('dashProvince'),
				t('dashTargetsAll'),
				t('dashTargetsReported'),
				t('dashTargetsOnTrack'),
				t('dashDisbursed'),
				srcHeader
			];
			rows = withZones.map((p) => [
				name(p),
				p.targets,
				p.targets === 0 ? null : p.targetsReported,
				p.targets === 0 ? null : p.targetsOnTrack,
				p.disbursedBaht,
				t('dashSourcePublic')
			]);
			break;
	}
	return csvDocument(header, rows);
}

export function csvResponse(csv: string, fileName: string): Response {
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store'
		}
	});
}
