import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { DomainError } from '$lib/server/domain-errors';
import { requireUser, zoneIdOf } from '$lib/server/http/page-context';
import { parseParams } from '$lib/server/http/params';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import { getPlan } from '$lib/server/plans/plan.service';
import {
	getReport,
	runReportEvent,
	saveReport,
	type ReportView
} from '$lib/server/plans/progress-report.service';
import {
	addReportAttachments,
	changeReportAttachment,
	listReportAttachments,
	removeReportAttachment
} from '$lib/server/plans/report-attachment.service';
import { attachmentAccept } from '$lib/server/files/attachment-file';
import { readPageFiles } from '$lib/server/plans/report-files.form';
import { getZone } from '$lib/server/zones/zone.service';
import { formFieldOf, readReportForm, type ReadReportForm } from '$lib/plans/plan-form';
import { periodSchema } from '$lib/plans/plan-schemas';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * The monthly report form (issue 16 item 2): per target the month's figure or "no new figure",
 * per activity its status, baht disbursed and people reached, and the problems met; filed by
 * the zone's LAO officers or the province's planner, accepted or returned by the provincial
 * office. A save on a version someone else replaced is refused with both versions shown.
 */

function periodOf(params: Record<string, string>): string {
	const parsed = periodSchema.safeParse(params.period);
	if (!parsed.success) error(404, 'No such month');
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const zoneId = zoneIdOf(event.params);
	const period = periodOf(event.params);
	const db = getDatabase().db;
	try {
		const report = await getReport(db, { actor, zoneId, period });
		const plan = await getPlan(db, { actor, zoneId }).catch((caught: unknown) => {
			// A zone without a plan in force still reports its problems.
			if (caught instanceof DomainError && caught.kind === 'not_found') return null;
			throw caught;
		});
		const { revision } = await getZone(db, { actor, zoneId });
		return {
			zone: { id: zoneId, name: revision.name, outline: revision.geometry },
			files: await listReportAttachments(db, { actor, zoneId, period }),
			accept: attachmentAccept,
			report,
			targets: plan?.inForce?.targets ?? [],
			activities: plan?.inForce?.activities ?? [],
			today: new Date().toISOString().slice(0, 10)
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

const shown = (refusal: DomainError) => refusal.kind === 'invalid' || refusal.kind === 'conflict';

function refused(caught: unknown, event: RequestEvent, action: string, form?: ReadReportForm) {
	return refusalAsFormFailure(caught, event, {
		shown,
		extra: (refusal) => ({
			action,
			problems: form
				? refusal.problems.map((p) => ({ ...p, field: formFieldOf(p.field, form.formRowOf) }))
				: refusal.problems,
			values: form
				? {
						targets: form.targets,
						activities: form.activities,
						problems: form.problems,
						version: form.version
					}
				: null,
			// Someone saved meanwhile: the stored version, shown beside what this user typed.
			theirs: (refusal.details?.theirs as ReportView | undefined) ?? null
		})
	});
}

async function save(event: RequestEvent, then: 'submit' | null) {
	const form = readReportForm(await event.request.formData());
	const db = getDatabase().db;
	const request = {
		actor: event.locals.user,
		zoneId: zoneIdOf(event.params),
		period: periodOf(event.params)
	};
	let saved: Awaited<ReturnType<typeof saveReport>>;
	try {
		saved = await saveReport(db, { ...request, input: form.input });
	} catch (caught) {
		return refused(caught, event, 'save', form);
	}
	if (then === 'submit') {
		try {
			await runReportEvent(db, {
				...request,
				input: { event: 'submit', version: saved.report.version }
			});
		} catch (caught) {
			// Saved, not complete: the form shows what is missing, with the saved version.
			return refused(caught, event, 'submit', { ...form, version: String(saved.report.version) });
		}
	}
	return { action: then ?? 'save', done: true, warnings: saved.warnings };
}

async function review(event: RequestEvent, name: 'accept' | 'return') {
	const form = await event.request.formData();
	const value = (field: string) => {
		const v = form.get(field);
		return typeof v === 'string' ? v : '';
	};
	try {
		await runReportEvent(getDatabase().db, {
			actor: event.locals.user,
			zoneId: zoneIdOf(event.params),
			period: periodOf(event.params),
			input: {
				event: name,
				version: Number(value('version')),
				...(name === 'return' && { reason: value('reason') })
			}
		});
	} catch (caught) {
		return refused(caught, event, name);
	}
	return { action: name, done: true, warnings: [] };
}

const attachmentIdForm = z.object({
	attachmentId: z.coerce.number().int().positive().max(2_147_483_647)
});

const markForm = attachmentIdForm.extend({ public: z.enum(['true', 'false']) });

/** Photos and documents (issue 16 item 2): rows of file inputs, each with its caption. */
async function attach(event: RequestEvent) {
	try {
		const files = await readPageFiles(event.request);
		await addReportAttachments(getDatabase().db, {
			actor: event.locals.user,
			zoneId: zoneIdOf(event.params),
			period: periodOf(event.params),
			files
		});
	} catch (caught) {
		return refusalAsFormFailure(caught, event, {
			shown,
			extra: { action: 'attach' }
		});
	}
	return { action: 'attach', done: true, warnings: [] };
}

async function detach(event: RequestEvent) {
	const form = await event.request.formData();
	const parsed = parseParams(attachmentIdForm, { attachmentId: String(form.get('attachmentId')) });
	if (!parsed.ok) return fail(400, { action: 'detach', problems: parsed.problems });
	try {
		await removeReportAttachment(getDatabase().db, {
			actor: event.locals.user,
			zoneId: zoneIdOf(event.params),
			period: periodOf(event.params),
			attachmentId: parsed.value.attachmentId
		});
	} catch (caught) {
		return refusalAsFormFailure(caught, event, { shown, extra: { action: 'detach' } });
	}
	return { action: 'detach', done: true, warnings: [] };
}

/** Shows a photo to the public, or stops showing it. */
async function mark(event: RequestEvent) {
	const form = await event.request.formData();
	const parsed = parseParams(markForm, {
		attachmentId: String(form.get('attachmentId')),
		public: String(form.get('public'))
	});
	if (!parsed.ok) return fail(400, { action: 'mark', problems: parsed.problems });
	try {
		await changeReportAttachment(getDatabase().db, {
			actor: event.locals.user,
			zoneId: zoneIdOf(event.params),
			period: periodOf(event.params),
			attachmentId: parsed.value.attachmentId,
			input: { public: parsed.value.public === 'true' }
		});
	} catch (caught) {
		return refusalAsFormFailure(caught, event, { shown, extra: { action: 'mark' } });
	}
	return { action: 'mark', done: true, warnings: [] };
}

export const actions: Actions = {
	attach,
	detach,
	mark,
	save: (event) => save(event, null),
	submit: (event) => save(event, 'submit'),
	accept: (event) => review(event, 'accept'),
	return: (event) => review(event, 'return')
};
