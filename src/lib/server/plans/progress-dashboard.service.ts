import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/roles';
import { zoneStatuses, type ZoneStatus } from '../../geo/zones/zone-terms';
import type { ReportStatus } from '../../plans/plan-terms';
import { bangkokDay } from '../../thai-calendar';
import { canViewZoneWorkingCopy } from '../accounts/permissions';
import type { DB } from '../db/schema';
import { forbidden, notFound } from '../domain-errors';
import { canReadPlanWorkingCopy } from './plan-permissions';
import * as plans from './plan.repository';
import { revisionView } from './plan.service';
import { zoneProgressVersion } from '../ogc/ogc-zone-progress.repository';
import * as dashboards from './progress-dashboard.repository';
import type {
	DashboardGroup,
	DashboardMonth,
	ProgressDashboard,
	ProvinceShapes,
	PublicProgress,
	ZoneDashboard
} from '../../plans/progress-dashboard-types';
import type { DashboardGrouping, DashboardScope } from './progress-dashboard.repository';

/**
 * The progress dashboards (issue 16 items 4–5): national (DLA staff), one province (DLA staff,
 * the province's planners and governor, or who acts for the governor) and one zone (everyone:
 * the public and other provinces see the plan in force and accepted reports; those who read the
 * zone's working papers also count submitted reports). Every figure comes from a few grouped
 * queries; a month with no counted report is `null` ("no data"), never 0.
 */

/** Officials count what has been filed; the public only what the provincial office accepted. */
const officialFigures: readonly ReportStatus[] = ['submitted', 'accepted'];
const publicFigures: readonly ReportStatus[] = ['accepted'];

const noZones = () =>
	Object.fromEntries(zoneStatuses.map((s) => [s, 0])) as Record<ZoneStatus, number>;

/** The months shown: the last 24 with any figure, in order. */
const monthsShown = 24;

function buildMonths(
	reportRows: Awaited<ReturnType<typeof dashboards.reportsByMonth>>,
	plannedRows: Awaited<ReturnType<typeof dashboards.plannedBudgetByMonth>>,
	today: string
): DashboardMonth[] {
	const byPeriod = new Map<string, DashboardMonth>();
	const month = (period: string) => {
		let m = byPeriod.get(period);
		if (!m) {
			m = {
				period,
				due: 0,
				onTime: 0,
				late: 0,
				reportsCounted: 0,
				disbursedBaht: null,
				plannedBaht: null,
				disbursedToDateBaht: null,
				plannedToDateBaht: null
			};
			byPeriod.set(period, m);
		}
		return m;
	};
	for (const row of reportRows) {
		const m = month(row.period);
		m.due += row.due;
		m.onTime += row.onTime;
		m.late += row.late;
		m.reportsCounted += row.reportsWithFigures;
		if (row.reportsWithFigures > 0)
			m.disbursedBaht = (m.disbursedBaht ?? 0) + Number(row.disbursedBaht ?? 0);
	}
	// Planned months run to the plans' ends; show them up to the current month only.
	const currentPeriod = today.slice(0, 7);
	for (const row of plannedRows) {
		if (row.period > currentPeriod) continue;
		const m = month(row.period);
		m.plannedBaht = (m.plannedBaht ?? 0) + Number(row.plannedBaht);
	}
	const months = [...byPeriod.values()]
		.sort((a, b) => a.period.localeCompare(b.period))
		.slice(-monthsShown);
	let disbursed: number | null = null;
	let planned: number | null = null;
	for (const m of months) {
		if (m.disbursedBaht !== null) disbursed = (disbursed ?? 0) + m.disbursedBaht;
		if (m.plannedBaht !== null) planned = (planned ?? 0) + m.plannedBaht;
		m.disbursedToDateBaht = disbursed;
		m.plannedToDateBaht = planned;
	}
	return months;
}

async function readDashboard(
	db: Kysely<DB>,
	scope: DashboardScope,
	grouping: DashboardGrouping,
	names: Map<string, { nameTh: string; nameEn: string; zoneStatus?: ZoneStatus }>,
	figureStatuses: readonly ReportStatus[] = officialFigures
) {
	const today = bangkokDay(new Date());
	const [states, laos, reportRows, plannedRows, targets] = await Promise.all([
		dashboards.countZonesByState(db, scope, grouping),
		dashboards.countLaosCovered(db, scope, grouping),
		dashboards.reportsByMonth(db, { scope, grouping, figureStatuses, today }),
		dashboards.plannedBudgetByMonth(db, scope, grouping),
		dashboards.countTargetsOnTrack(db, { scope, grouping, figureStatuses })
	]);
	const groups = new Map<string, DashboardGroup>();
	for (const [key, name] of names)
		groups.set(key, {
			key,
			...name,
			zonesByState: noZones(),
			laosCovered: 0,
			targets: 0,
			targetsReported: 0,
			targetsOnTrack: 0,
			reportsOnTime: 0,
			reportsLate: 0,
			disbursedBaht: null
		});
	for (const row of states) {
		const g = groups.get(row.groupKey);
		if (g) g.zonesByState[row.status] = row.zones;
	}
	for (const row of laos) {
		const g = groups.get(row.groupKey);
		if (g) g.laosCovered = row.laos;
	}
	for (const row of targets) {
		const g = groups.get(row.groupKey);
		if (!g) continue;
		g.targets = row.targets;
		g.targetsReported = row.reported;
		g.targetsOnTrack = row.onTrack;
	}
	for (const row of reportRows) {
		const g = groups.get(row.groupKey);
		if (!g) continue;
		g.reportsOnTime += row.onTime;
		g.reportsLate += row.late;
		if (row.reportsWithFigures > 0)
			g.disbursedBaht = (g.disbursedBaht ?? 0) + Number(row.disbursedBaht ?? 0);
	}
	return {
		today,
		groups: [...groups.values()],
		months: buildMonths(reportRows, plannedRows, today)
	};
}

/** The national dashboard, per province: DLA staff only. */
export async function getNationalDashboard(
	db: Kysely<DB>,
	request: { actor: Actor | null }
): Promise<ProgressDashboard> {
	if (request.actor?.role !== 'dla_staff')
		throw forbidden('Only DLA staff read the national progress dashboard');
	const provinces = await dashboards.listProvinces(db);
	const names = new Map(provinces.map((p) => [p.code, { nameTh: p.nameTh, nameEn: p.nameEn }]));
	return { kind: 'national', province: null, ...(await readDashboard(db, {}, 'province', names)) };
}

/**
 * The public national progress page (issue 16 item 5): the national dashboard as the public
 * may read it, for everyone. Per province the approved zones (no drafts or refusals), the LAOs
 * they cover, targets on track and baht disbursed by accepted reports; per month the reports
 * accepted and baht planned against disbursed (accepted reports only). No filing record (due,
 * on time, late) and no names: organisations and figures only.
 */
export async function getPublicNationalProgress(db: Kysely<DB>): Promise<PublicProgress> {
	const provinces = await dashboards.listProvinces(db);
	const names = new Map(provinces.map((p) => [p.code, { nameTh: p.nameTh, nameEn: p.nameEn }]));
	const [read, inForce] = await Promise.all([
		readDashboard(db, {}, 'province', names, publicFigures),
		dashboards.countZonesInForceByProvince(db)
	]);
	const inForceOf = new Map(inForce.map((r) => [r.provinceCode, r]));
	return {
		today: read.today,
		provinces: read.groups.map((g) => ({
			code: g.key,
			nameTh: g.nameTh,
			nameEn: g.nameEn,
			approvedZones: inForceOf.get(g.key)?.zones ?? 0,
			laosCovered: inForceOf.get(g.key)?.laos ?? 0,
			targets: g.targets,
			targetsReported: g.targetsReported,
			targetsOnTrack: g.targetsOnTrack,
			disbursedBaht: g.disbursedBaht
		})),
		months: read.months
			.filter((m) => m.reportsCounted > 0 || m.plannedBaht !== null)
			.map((m) => ({
				period: m.period,
				accepted: m.reportsCounted,
				plannedBaht: m.plannedBaht,
				disbursedBaht: m.disbursedBaht,
				plannedToDateBaht: m.plannedToDateBaht,
				disbursedToDateBaht: m.disbursedToDateBaht
			}))
	};
}

/**
 * What the public national page shows changes with an approval (of a zone or a plan), an
 * accepted report and the day (the months run to the current one): the key of its answer cache.
 */
export async function publicProgressVersion(db: Kysely<DB>): Promise<string> {
	return `${await zoneProgressVersion(db)}-${bangkokDay(new Date())}`;
}

const shapesCache = new WeakMap<Kysely<DB>, Promise<ProvinceShapes>>();

/**
 * The provinces' outlines for the light SVG map of the national pages (public and DLA),
 * simplified to about 2 km; read once per database handle (province boundaries change only
 * with a new geodata import, which restarts the app).
 */
export function getProvinceShapes(db: Kysely<DB>): Promise<ProvinceShapes> {
	let shapes = shapesCache.get(db);
	if (!shapes) {
		shapes = dashboards.provinceShapes(db).catch((error: unknown) => {
			shapesCache.delete(db);
			throw error;
		});
		shapesCache.set(db, shapes);
	}
	return shapes;
}

/** Whether the actor reads a province's dashboard: those who read its zones' working copies. */
export function canReadProvinceDashboard(actor: Actor | null, provinceCode: string): boolean {
	if (
		!actor ||
		(actor.role !== 'dla_staff' && actor.role !== 'planner' && actor.role !== 'governor')
	)
		return false;
	return canViewZoneWorkingCopy(actor, {
		provinceCode,
		status: 'draft',
		responseRequestedFrom: []
	});
}

/** One province's dashboard, per zone (the working copy's name: its readers may see it). */
export async function getProvinceDashboard(
	db: Kysely<DB>,
	request: { actor: Actor | null; provinceCode: string }
): Promise<ProgressDashboard> {
	const province = await dashboards.findProvince(db, request.provinceCode);
	if (!province) throw notFound(`No province ${request.provinceCode}`);
	if (!canReadProvinceDashboard(request.actor, province.code))
		throw forbidden(`You may not read the progress dashboard of ${province.code}`);
	const zones = await dashboards.listProvinceZones(db, province.code);
	const names = new Map(
		zones.map((z) => [
			String(z.id),
			{ nameTh: z.name ?? `#${z.id}`, nameEn: z.name ?? `#${z.id}`, zoneStatus: z.status }
		])
	);
	return {
		kind: 'province',
		province,
		...(await readDashboard(db, { provinceCode: province.code }, 'zone', names))
	};
}

/**
 * One zone's progress: the plan in force, each target's figures by month against its target,
 * the activities' timeline and the budget burn-up. Everyone may read an approved zone's (the
 * name in force, accepted reports, no personal names); the zone's working-paper readers
 * (`canReadPlanWorkingCopy`) also count submitted reports. A zone never approved is not found.
 */
export async function getZoneDashboard(
	db: Kysely<DB>,
	request: { actor: Actor | null; zoneId: number }
): Promise<ZoneDashboard> {
	const zone = await plans.findZoneFacts(db, request.zoneId);
	if (!zone || zone.approvedRevisionId === null || zone.nameInForce === null)
		throw notFound(`Zone ${request.zoneId} has no progress to show`);
	const reads = canReadPlanWorkingCopy(request.actor, zone);
	const figureStatuses = reads ? officialFigures : publicFigures;
	const today = bangkokDay(new Date());
	const scope = { zoneId: zone.id };
	const plan = await plans.findPlanOfZone(db, zone.id);
	const [reportRows, plannedRows, targets, figures] = await Promise.all([
		dashboards.reportsByMonth(db, { scope, grouping: 'zone', figureStatuses, today }),
		dashboards.plannedBudgetByMonth(db, scope, 'zone'),
		dashboards.listZoneTargets(db, { zoneId: zone.id, figureStatuses }),
		dashboards.listZoneTargetFigures(db, { zoneId: zone.id, figureStatuses })
	]);
	// The public sees no month's filing record, only the accepted figures.
	const visibleReports = reads ? reportRows : reportRows.filter((r) => r.reportsWithFigures > 0);
	const months = buildMonths(visibleReports, plannedRows, today).map((m) =>
		reads ? m : { ...m, due: 0, onTime: 0, late: 0 }
	);
	const periods = months.map((m) => m.period);
	const figureOf = new Map(figures.map((f) => [`${f.targetKey}|${f.period}`, f.value]));
	const inForce = plan?.approvedRevisionId
		? await revisionView(db, plan.approvedRevisionId, false)
		: null;
	// Names of store indicators come resolved in the revision view.
	const targetNames = new Map(inForce?.targets.map((t) => [t.key, t]) ?? []);
	return {
		zone: { id: zone.id, name: zone.nameInForce, provinceCode: zone.provinceCode },
		readsWorkingCopy: reads,
		today,
		plan: inForce && {
			revisionNumber: inForce.revisionNumber,
			targets: targets.map((t) => ({
				key: t.target_key,
				nameTh: targetNames.get(t.target_key)?.nameTh ?? t.indicator_name_th ?? t.target_key,
				nameEn: targetNames.get(t.target_key)?.nameEn ?? t.indicator_name_en,
				unit: t.unit,
				baselineValue: Number(t.baseline_value),
				baselineDate: t.baseline_date,
				targetValue: Number(t.target_value),
				targetDate: t.target_date,
				source: t.source,
				latestPeriod: t.latest_period,
				latestValue: t.latest_value === null ? null : Number(t.latest_value),
				onTrack: t.on_track,
				byMonth: periods.map((p) => figureOf.get(`${t.target_key}|${p}`) ?? null)
			})),
			activities: inForce.activities
		},
		months
	};
}
