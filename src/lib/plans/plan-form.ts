import { dateFieldText, fromThaiDigits, isoDayOrAsTyped } from '../thai-calendar';
import { budgetSources, type BudgetSource } from './plan-terms';

/**
 * The plan page's and the report page's forms as officials type them (issue 16): rows of text
 * fields named `target.0.baselineDate`, `activity.2.budget.lao`, read into the JSON shape of
 * `plan-schemas.ts` for the services, which judge it. Browser-safe: the pages build their rows
 * with the same functions the actions read them with.
 *
 * Figures are typed with thousands separators and Thai digits (`1,250,000`, `๑๒๐`); dates as
 * day/month/Buddhist Era year. What cannot be read is handed on as typed, so the schema's
 * refusal names the field. A row left wholly blank (the spare row the page always offers, so
 * the form works without JavaScript) is not part of the plan.
 */

/** The indicator chooser's value for "the plan's own indicator, with a unit". */
export const planOwnIndicator = '__plan';

export interface TargetRow {
	key: string;
	/** An indicator store key, `planOwnIndicator`, or '' (not chosen). */
	indicator: string;
	nameTh: string;
	unit: string;
	baselineValue: string;
	baselineDate: string;
	targetValue: string;
	targetDate: string;
	source: string;
}

export interface ActivityRow {
	key: string;
	name: string;
	sectors: string[];
	/** `provincial_office`, `lao:6400906` or `partner:12`. */
	responsible: string;
	budget: Record<BudgetSource, string>;
	startDate: string;
	endDate: string;
	status: string;
}

export const blankTargetRow = (): TargetRow => ({
	key: '',
	indicator: '',
	nameTh: '',
	unit: '',
	baselineValue: '',
	baselineDate: '',
	targetValue: '',
	targetDate: '',
	source: ''
});

export const blankActivityRow = (): ActivityRow => ({
	key: '',
	name: '',
	sectors: [],
	responsible: 'provincial_office',
	budget: { lao: '', province: '', central: '', partner: '' },
	startDate: '',
	endDate: '',
	status: 'planned'
});

/** A figure as the form shows it: `1250000` → `1,250,000` (Arabic digits, as DLA's forms). */
export function figureText(value: number | null | undefined): string {
	if (value === null || value === undefined) return '';
	return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A typed figure: a number, undefined when blank, the text itself when it is not a number. */
export function readFigure(text: string): number | string | undefined {
	const cleaned = fromThaiDigits(text).replace(/[,\s]/g, '');
	if (cleaned === '') return undefined;
	const value = Number(cleaned);
	return /^-?\d+(\.\d+)?$/.test(cleaned) && Number.isFinite(value) ? value : text;
}

function readDate(text: string): unknown {
	return text.trim() === '' ? undefined : isoDayOrAsTyped(text.trim());
}

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

/** The row numbers a form carries for `prefix` (`target` → 0, 1, 3), in order. */
function rowNumbers(form: FormData, prefix: string): number[] {
	const numbers = new Set<number>();
	const pattern = new RegExp(`^${prefix}\\.(\\d+)\\.`);
	for (const name of form.keys()) {
		const match = pattern.exec(name);
		if (match) numbers.add(Number(match[1]));
	}
	return [...numbers].sort((a, b) => a - b);
}

export function readTargetRows(form: FormData): TargetRow[] {
	return rowNumbers(form, 'target').map((n) => {
		const f = (field: string) => text(form, `target.${n}.${field}`);
		return {
			key: f('key'),
			indicator: f('indicator'),
			nameTh: f('nameTh'),
			unit: f('unit'),
			baselineValue: f('baselineValue'),
			baselineDate: f('baselineDate'),
			targetValue: f('targetValue'),
			targetDate: f('targetDate'),
			source: f('source')
		};
	});
}

export function readActivityRows(form: FormData): ActivityRow[] {
	return rowNumbers(form, 'activity').map((n) => {
		const f = (field: string) => text(form, `activity.${n}.${field}`);
		return {
			key: f('key'),
			name: f('name'),
			sectors: form.getAll(`activity.${n}.sectors`).filter((s) => typeof s === 'string'),
			responsible: f('responsible'),
			budget: Object.fromEntries(budgetSources.map((s) => [s, f(`budget.${s}`)])) as Record<
				BudgetSource,
				string
			>,
			startDate: f('startDate'),
			endDate: f('endDate'),
			status: f('status')
		};
	});
}

const isBlankTarget = (r: TargetRow) =>
	r.key === '' &&
	(r.indicator === '' || r.indicator === planOwnIndicator) &&
	[r.nameTh, r.unit, r.baselineValue, r.baselineDate, r.targetValue, r.targetDate, r.source].every(
		(v) => v.trim() === ''
	);

const isBlankActivity = (r: ActivityRow) =>
	r.key === '' &&
	r.sectors.length === 0 &&
	[r.name, r.startDate, r.endDate, ...Object.values(r.budget)].every((v) => v.trim() === '');

function targetInput(r: TargetRow) {
	return {
		...(r.key && { key: r.key }),
		indicator:
			r.indicator === planOwnIndicator || r.indicator === ''
				? { kind: 'plan', nameTh: r.nameTh, unit: r.unit }
				: { kind: 'store', key: r.indicator },
		baselineValue: readFigure(r.baselineValue),
		baselineDate: readDate(r.baselineDate),
		targetValue: readFigure(r.targetValue),
		targetDate: readDate(r.targetDate),
		source: r.source
	};
}

function responsibleInput(value: string) {
	const [kind, id] = value.split(':');
	if (kind === 'lao') return { kind, dlaCode: id ?? '' };
	if (kind === 'partner') return { kind, partnerId: Number(id) };
	return { kind: 'provincial_office' };
}

function activityInput(r: ActivityRow) {
	return {
		...(r.key && { key: r.key }),
		name: r.name,
		sectors: r.sectors,
		responsible: responsibleInput(r.responsible),
		budgetBaht: Object.fromEntries(
			budgetSources.map((s) => [s, r.budget[s].trim() === '' ? 0 : readFigure(r.budget[s])])
		),
		startDate: readDate(r.startDate),
		endDate: readDate(r.endDate),
		status: r.status
	};
}

export interface ReadPlanForm {
	targets: TargetRow[];
	activities: ActivityRow[];
	note: string;
	basedOnRevisionId: string;
	/** The plan save as the service takes it (unchecked). */
	input: Record<string, unknown>;
	/** For a problem's field `targets.2…` of the input: the form's row it came from. */
	formRowOf: { targets: number[]; activities: number[] };
}

/** The plan page's form, rows as typed and the save the service judges. */
export function readPlanForm(form: FormData): ReadPlanForm {
	const targets = readTargetRows(form);
	const activities = readActivityRows(form);
	const keptTargets = targets.flatMap((r, i) => (isBlankTarget(r) ? [] : [i]));
	const keptActivities = activities.flatMap((r, i) => (isBlankActivity(r) ? [] : [i]));
	const basedOnRevisionId = text(form, 'basedOnRevisionId');
	const note = text(form, 'note');
	return {
		targets,
		activities,
		note,
		basedOnRevisionId,
		input: {
			...(basedOnRevisionId && { basedOnRevisionId: Number(basedOnRevisionId) }),
			note,
			targets: keptTargets.map((i) => targetInput(targets[i]!)),
			activities: keptActivities.map((i) => activityInput(activities[i]!))
		},
		formRowOf: { targets: keptTargets, activities: keptActivities }
	};
}

/** A problem's field of the input (`targets.1.baselineDate`) as the form's field (`target.3.baselineDate`). */
export function formFieldOf(
	field: string | undefined,
	formRowOf: { targets: number[]; activities: number[] }
): string | undefined {
	if (field === undefined) return undefined;
	const match = /^(targets|activities)\.(\d+)(\..*)?$/.exec(field);
	if (!match) return field;
	const rows = match[1] === 'targets' ? formRowOf.targets : formRowOf.activities;
	const row = rows[Number(match[2])] ?? Number(match[2]);
	return `${match[1] === 'targets' ? 'target' : 'activity'}.${row}${match[3] ?? ''}`;
}

/** The rows a plan revision shows in the form. */
export function rowsOfRevision(revision: {
	targets: {
		key: string;
		indicatorKey: string | null;
		nameTh: string;
		unit: string;
		baselineValue: number;
		baselineDate: string;
		targetValue: number;
		targetDate: string;
		source: string;
	}[];
	activities: {
		key: string;
		name: string;
		sectors: string[];
		responsible: { kind: string; dlaCode?: string; partnerId?: number };
		budgetBaht: Record<BudgetSource, number>;
		startDate: string;
		endDate: string;
		status: string;
	}[];
}): { targets: TargetRow[]; activities: ActivityRow[] } {
	return {
		targets: revision.targets.map((t) => ({
			key: t.key,
			indicator: t.indicatorKey ?? planOwnIndicator,
			nameTh: t.indicatorKey ? '' : t.nameTh,
			unit: t.indicatorKey ? '' : t.unit,
			baselineValue: figureText(t.baselineValue),
			baselineDate: dateFieldText(t.baselineDate),
			targetValue: figureText(t.targetValue),
			targetDate: dateFieldText(t.targetDate),
			source: t.source
		})),
		activities: revision.activities.map((a) => ({
			key: a.key,
			name: a.name,
			sectors: [...a.sectors],
			responsible:
				a.responsible.kind === 'lao'
					? `lao:${a.responsible.dlaCode}`
					: a.responsible.kind === 'partner'
						? `partner:${a.responsible.partnerId}`
						: 'provincial_office',
			budget: Object.fromEntries(
				budgetSources.map((s) => [s, figureText(a.budgetBaht[s])])
			) as Record<BudgetSource, string>,
			startDate: dateFieldText(a.startDate),
			endDate: dateFieldText(a.endDate),
			status: a.status
		}))
	};
}

// ---- The monthly report's form

export interface ReportTargetRow {
	targetKey: string;
	value: string;
	/** "No new figure this month" ticked. */
	none: boolean;
}

export interface ReportActivityRow {
	activityKey: string;
	status: string;
	disbursed: string;
	people: string;
	note: string;
}

export interface ReadReportForm {
	version: string;
	targets: ReportTargetRow[];
	activities: ReportActivityRow[];
	problems: string;
	input: Record<string, unknown>;
	formRowOf: { targets: number[]; activities: number[] };
}

/** The report page's form: one row per target and activity of the plan in force. */
export function readReportForm(form: FormData): ReadReportForm {
	const targets = rowNumbers(form, 'target').map((n) => ({
		targetKey: text(form, `target.${n}.key`),
		value: text(form, `target.${n}.value`),
		none: form.get(`target.${n}.none`) !== null
	}));
	const activities = rowNumbers(form, 'activity').map((n) => ({
		activityKey: text(form, `activity.${n}.key`),
		status: text(form, `activity.${n}.status`),
		disbursed: text(form, `activity.${n}.disbursed`),
		people: text(form, `activity.${n}.people`),
		note: text(form, `activity.${n}.note`)
	}));
	const version = text(form, 'version');
	const problems = text(form, 'problems');
	const keptTargets = targets.flatMap((t, i) => (t.none || t.value.trim() !== '' ? [i] : []));
	return {
		version,
		targets,
		activities,
		problems,
		input: {
			version: Number(version),
			// A target left blank and not ticked is not reported yet (a submit names it).
			targets: keptTargets.map((i) => ({
				targetKey: targets[i]!.targetKey,
				value: targets[i]!.none ? null : readFigure(targets[i]!.value)
			})),
			activities: activities.map((a) => ({
				activityKey: a.activityKey,
				status: a.status,
				disbursedBaht: a.disbursed.trim() === '' ? 0 : readFigure(a.disbursed),
				peopleReached: a.people.trim() === '' ? 0 : readFigure(a.people),
				note: a.note
			})),
			problems
		},
		formRowOf: { targets: keptTargets, activities: activities.map((_, i) => i) }
	};
}
