import type { ZoneStatus } from '../geo/zones/zone-terms';
import type { PlanActivityView } from '../server/plans/plan.service';

/**
 * What the progress dashboards hand to their pages (issue 16 items 4–5), browser-safe types
 * only. Built by `$lib/server/plans/progress-dashboard.service.ts`.
 */

/** A month's budget, planned and disbursed, in baht: each month and running totals (null: none). */
export interface BudgetMonth {
	/** `YYYY-MM`. */
	period: string;
	plannedBaht: number | null;
	disbursedBaht: number | null;
	plannedToDateBaht: number | null;
	disbursedToDateBaht: number | null;
}

export interface DashboardMonth {
	/** `YYYY-MM`. */
	period: string;
	/** Reports due for the month (0 when none was due). */
	due: number;
	onTime: number;
	late: number;
	/** Reports whose figures count (accepted for the public; submitted or accepted for officials). */
	reportsCounted: number;
	/** Baht disbursed in the month's counted reports; null when no report counts yet. */
	disbursedBaht: number | null;
	/** Baht the plans in force spread over the month; null when no activity runs in it. */
	plannedBaht: number | null;
	/** Running totals of the two above, from the first month shown; null before any figure. */
	disbursedToDateBaht: number | null;
	plannedToDateBaht: number | null;
}

export interface DashboardGroup {
	/** Province code (national page) or zone id (province page). */
	key: string;
	nameTh: string;
	nameEn: string;
	zoneStatus?: ZoneStatus;
	zonesByState: Record<ZoneStatus, number>;
	laosCovered: number;
	targets: number;
	/** Targets with at least one counted figure. */
	targetsReported: number;
	targetsOnTrack: number;
	reportsOnTime: number;
	reportsLate: number;
	disbursedBaht: number | null;
}

export interface ProgressDashboard {
	kind: 'national' | 'province';
	province: { code: string; nameTh: string; nameEn: string } | null;
	/** The Bangkok day the figures were read. */
	today: string;
	groups: DashboardGroup[];
	months: DashboardMonth[];
}

/**
 * The public national progress page (issue 16 item 5): approved zones and accepted reports
 * only, per province; no filing record (no due, on-time or late counts) and no names.
 */
export interface PublicProgress {
	today: string;
	provinces: {
		code: string;
		nameTh: string;
		nameEn: string;
		approvedZones: number;
		laosCovered: number;
		targets: number;
		targetsReported: number;
		targetsOnTrack: number;
		/** Baht disbursed in accepted reports; null when none is accepted yet. */
		disbursedBaht: number | null;
	}[];
	months: {
		period: string;
		/** Reports accepted for the month. */
		accepted: number;
		plannedBaht: number | null;
		disbursedBaht: number | null;
		plannedToDateBaht: number | null;
		disbursedToDateBaht: number | null;
	}[];
}

/** Province outlines for the light SVG map (simplified, lon/lat with y = -lat). */
export interface ProvinceShapes {
	viewBox: string;
	shapes: { code: string; d: string }[];
}

export interface ZoneTargetProgress {
	key: string;
	nameTh: string;
	nameEn: string | null;
	unit: string;
	baselineValue: number;
	baselineDate: string;
	targetValue: number;
	targetDate: string;
	source: string;
	latestPeriod: string | null;
	latestValue: number | null;
	/** null: no figure yet. */
	onTrack: boolean | null;
	/** The counted figure of each month shown (null: no figure that month). */
	byMonth: (number | null)[];
}

export interface ZoneDashboard {
	zone: { id: number; name: string; provinceCode: string };
	/** Whether submitted reports count too (the zone's working-paper readers). */
	readsWorkingCopy: boolean;
	today: string;
	/** The plan in force; null before the governor approves one. */
	plan: {
		revisionNumber: number;
		targets: ZoneTargetProgress[];
		activities: PlanActivityView[];
	} | null;
	months: DashboardMonth[];
}
