import { getDatabase } from '$lib/server/app-state';
import { DomainError } from '$lib/server/domain-errors';
import { requireUser, zoneIdOf } from '$lib/server/http/page-context';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import { listIndicators } from '$lib/server/indicators/indicator.repository';
import { listPartnerDirectory } from '$lib/server/partners/partner.service';
import { getPlan, runPlanEvent, savePlan } from '$lib/server/plans/plan.service';
import { listZoneReports } from '$lib/server/plans/progress-report.service';
import { getZone } from '$lib/server/zones/zone.service';
import { formFieldOf, readPlanForm } from '$lib/plans/plan-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * The zone plan page (issue 16 item 1): the plan in force and the working copy, the form that
 * saves the working copy, submit, and the governor's approve or return; the zone's monthly
 * reports below. The services decide who sees and does what; this page only shows it.
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const zoneId = zoneIdOf(event.params);
	const db = getDatabase().db;
	try {
		const plan = await getPlan(db, { actor, zoneId });
		// The zone as this reader may see it (its revision in force for most).
		const { zone, revision } = await getZone(db, { actor, zoneId });
		const editing = plan.may.save;
		const [indicators, partners, reports] = await Promise.all([
			editing ? listIndicators(db) : [],
			editing ? listPartnerDirectory(db, { actor, provinceCode: zone.provinceCode }) : [],
			listZoneReports(db, { actor, zoneId })
		]);
		return {
			zone: { id: zone.id, name: revision.name, provinceCode: zone.provinceCode },
			plan,
			laos: revision.coveredLaos.map((l) => ({
				dlaCode: l.dlaCode,
				nameTh: l.nameTh,
				nameEn: l.nameEn ?? null
			})),
			indicators: indicators.map((i) => ({
				key: i.key,
				nameTh: i.nameTh,
				nameEn: i.nameEn,
				unit: i.unit
			})),
			partners: partners.filter(
				(p) => p.provinceCode === null || p.provinceCode === zone.provinceCode
			),
			reports: reports.map((r) => ({ period: r.period, status: r.status, dueDate: r.dueDate })),
			today: new Date().toISOString().slice(0, 10)
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

/** The refusals the page shows beside the form: bad input, and a plan that moved on meanwhile. */
const shown = (refusal: DomainError) => refusal.kind === 'invalid' || refusal.kind === 'conflict';

export const actions: Actions = {
	save: async (event) => {
		const form = readPlanForm(await event.request.formData());
		try {
			await savePlan(getDatabase().db, {
				actor: event.locals.user,
				zoneId: zoneIdOf(event.params),
				input: form.input
			});
		} catch (caught) {
			return refusalAsFormFailure(caught, event, {
				shown,
				extra: (refusal) => ({
					action: 'save' as const,
					// Each problem names the form's own row (blank rows are not sent).
					problems: refusal.problems.map((p) => ({
						...p,
						field: formFieldOf(p.field, form.formRowOf)
					})),
					values: {
						targets: form.targets,
						activities: form.activities,
						note: form.note,
						basedOnRevisionId: form.basedOnRevisionId
					},
					conflict: refusal.problems.some((p) => p.rule === 'plan.stale_revision')
				})
			});
		}
		return { action: 'save' as const, saved: true };
	},
	submit: (event) => planEvent(event, 'submit'),
	approve: (event) => planEvent(event, 'approve'),
	return: (event) => planEvent(event, 'return')
};

async function planEvent(
	event: Parameters<Actions[string]>[0],
	name: 'submit' | 'approve' | 'return'
) {
	const form = await event.request.formData();
	const value = (field: string) => {
		const v = form.get(field);
		return typeof v === 'string' ? v : '';
	};
	try {
		await runPlanEvent(getDatabase().db, {
			actor: event.locals.user,
			zoneId: zoneIdOf(event.params),
			input: {
				event: name,
				revisionId: Number(value('revisionId')),
				...(name === 'return' && { reasonText: value('reasonText') })
			}
		});
	} catch (caught) {
		return refusalAsFormFailure(caught, event, {
			shown,
			extra: { action: name, reasonText: value('reasonText') }
		});
	}
	return { action: name, done: true };
}
