import { allMessages, fill, formatNumber, translator, type Locale, type MessageKey } from '../i18n';
import { problemText } from '../i18n/problem-text';
import type { Problem } from '../problem';

/**
 * A refusal of the plan page or the monthly report form in the reader's words (issue 16): which
 * row ("เป้าหมายที่ 2"), the field as its label on the form, then what is wrong — never the
 * field's name in the code, a rule id or the server's English.
 */

/** The label of each field of a target or an activity (the part after the row number). */
const fieldLabels: Record<string, MessageKey> = {
	indicator: 'plIndicator',
	'indicator.key': 'plIndicator',
	'indicator.nameTh': 'plIndicator',
	'indicator.unit': 'plUnit',
	baselineValue: 'plBaseline',
	baselineDate: 'plBaselineDate',
	targetValue: 'plTarget',
	targetDate: 'plTargetDate',
	source: 'plSource',
	name: 'ppActivityName',
	sectors: 'plSectors',
	responsible: 'plResponsible',
	'responsible.dlaCode': 'plResponsible',
	'responsible.partnerId': 'plResponsible',
	'budgetBaht.lao': 'budgetSource_lao',
	'budgetBaht.province': 'budgetSource_province',
	'budgetBaht.central': 'budgetSource_central',
	'budgetBaht.partner': 'budgetSource_partner',
	startDate: 'plStart',
	endDate: 'plEnd',
	status: 'ppStatus',
	value: 'ppValueReached',
	unit: 'plUnit',
	disbursedBaht: 'prDisbursed',
	peopleReached: 'prPeopleReached',
	note: 'ppNote',
	key: 'ppRow',
	targetKey: 'ppRow',
	activityKey: 'ppRow'
};

/** The schemas' own words (`plan-schemas.ts`), after `field: `, as message keys. */
const schemaWords: Record<string, MessageKey> = {
	'required (YYYY-MM-DD)': 'ppWhy_dateRequired',
	'must be a date YYYY-MM-DD': 'ppWhy_dateFormat',
	'is not a calendar date': 'ppWhy_dateFormat',
	required: 'ppWhy_required',
	'must be a number': 'ppWhy_number',
	'must be whole baht': 'ppWhy_wholeBaht',
	'cannot be negative': 'ppWhy_negative',
	'is too large': 'ppWhy_tooLarge',
	'must be after the baseline date': 'ppWhy_afterBaseline',
	'choose at least one network sector': 'ppWhy_sector',
	'names a sector twice': 'ppWhy_sector',
	'must not be before the start date': 'ppWhy_endBeforeStart',
	'is not a DLA code': 'ppWhy_responsible',
	'must be a whole number': 'ppWhy_wholeNumber'
};

/** The words of each rule of the plan and report services. */
const ruleWords: Record<string, MessageKey> = {
	'plan.unknown_key': 'ppWhy_other',
	'plan.duplicate_key': 'ppWhy_other',
	'plan.unknown_indicator': 'ppWhy_unknownIndicator',
	'plan.unknown_lao': 'ppWhy_responsible',
	'plan.unknown_partner': 'ppWhy_responsible',
	'plan.stale_revision': 'ppConflictPlan',
	'plan.awaiting_decision': 'ppWhy_awaitingDecision',
	'plan.zone_not_approved': 'ppWhy_zoneNotApproved',
	'plan.already_submitted': 'ppWhy_stateMoved',
	'plan.revise_first': 'ppWhy_stateMoved',
	'plan.not_submitted': 'ppWhy_stateMoved',
	'report.unknown_target': 'ppWhy_other',
	'report.unknown_activity': 'ppWhy_other',
	'report.duplicate_entry': 'ppWhy_other',
	'report.wrong_unit': 'ppWhy_wrongUnit',
	'report.negative_figure': 'ppWhy_negative',
	'report.disbursement_above_budget': 'ppWhy_aboveBudget',
	'report.stale_version': 'ppConflictReport',
	'report.not_due': 'ppWhy_notDue',
	'report.target_missing': 'ppWhy_targetMissing',
	'report.activity_missing': 'ppWhy_activityMissing',
	'report.submitted': 'ppWhy_stateMoved',
	'report.accepted': 'ppWhy_stateMoved',
	'report.closed': 'ppWhy_stateMoved',
	'report.not_submitted': 'ppWhy_stateMoved',
	'report.already_submitted': 'ppWhy_stateMoved'
};

function wordsKey(problem: Problem): MessageKey | null {
	if (problem.rule === 'input.invalid') {
		// `parseInput` writes "targets.0.baselineDate: required (YYYY-MM-DD)"; the page may have
		// renamed the field to its own row since, so the words are what follows the first ": ".
		const said = problem.message.replace(/^[^:]*: /, '');
		return schemaWords[said] ?? 'ppWhy_other';
	}
	return ruleWords[problem.rule] ?? null;
}

/** The row and field a problem is about: `target.0.baselineDate` or `targets.0.baselineDate`. */
export function problemPlace(
	field: string | undefined
): { row: 'target' | 'activity'; index: number; rest: string } | null {
	const match = /^(targets?|activit(?:y|ies))\.(\d+)(?:\.(.*))?$/.exec(field ?? '');
	if (!match) return null;
	return {
		row: match[1]!.startsWith('target') ? 'target' : 'activity',
		index: Number(match[2]),
		rest: match[3] ?? ''
	};
}

/**
 * What is wrong, in words, without the row: "วันที่ของค่าฐาน: ต้องระบุวันที่" — for the line
 * beside the field.
 */
export function planProblemWords(
	locale: Locale,
	problem: Problem,
	names: Record<string, string> = {}
): string {
	const t = translator(locale);
	const messages = allMessages()[locale];
	const details = problem.details ?? {};
	const values: Record<string, string> = Object.fromEntries(
		Object.entries(details).map(([k, v]) => [
			k,
			typeof v === 'number' ? formatNumber(locale, v) : String(v)
		])
	);
	const named = String(details.targetKey ?? details.activityKey ?? '');
	values.name = names[named] ?? '';
	const key = wordsKey(problem);
	// A rule of another service (the session, throttling): the app's one reading of refusals.
	const words = key
		? fill(messages[key], values)
		: problemText(locale, problem, { fallback: 'ppWhy_other' });
	const place = problemPlace(problem.field);
	const label = place ? fieldLabels[place.rest] : undefined;
	return label && label !== 'ppRow' ? `${t(label)}: ${words}` : words;
}

/** The whole line for the list at the top of the form: "เป้าหมายที่ 1 · วันที่ของค่าฐาน: …". */
export function planProblemText(
	locale: Locale,
	problem: Problem,
	names: Record<string, string> = {}
): string {
	const t = translator(locale);
	const place = problemPlace(problem.field);
	const words = planProblemWords(locale, problem, names);
	if (!place) return words;
	const row = fill(t(place.row === 'target' ? 'ppTargetNumber' : 'ppActivityNumber'), {
		n: formatNumber(locale, place.index + 1)
	});
	return `${row} · ${words}`;
}
