import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { listAllProvinces } from '$lib/server/coordination/coordination-parties.repository';
import { problemsOf, scheduleInput } from '$lib/server/coordination/coordination.schemas';
import {
	createReportSchedule,
	listReportSchedules,
	setReportScheduleActive
} from '$lib/server/coordination/report-schedule.service';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

// DLA staff and provincial offices (planners) manage the monthly reports they ask for.
export const load: PageServerLoad = async (event) => {
	try {
		const db = getDatabase().db;
		return {
			schedules: await listReportSchedules(db, { actor: event.locals.user }),
			provinces: await listAllProvinces(db),
			role: event.locals.user!.role,
			provinceCode: event.locals.user!.provinceCode
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

const activeInput = z.object({
	scheduleId: z.coerce.number().int().positive(),
	active: z.enum(['true', 'false']).transform((v) => v === 'true')
});

export const actions: Actions = {
	create: async (event) => {
		const parsed = scheduleInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problems: problemsOf(parsed.error) });
		try {
			await createReportSchedule(getDatabase().db, {
				actor: event.locals.user,
				input: parsed.data
			});
			return { created: true };
		} catch (caught) {
			return refusalAsFormFailure(caught, event);
		}
	},
	active: async (event) => {
		const parsed = activeInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { problems: problemsOf(parsed.error) });
		try {
			await setReportScheduleActive(getDatabase().db, {
				actor: event.locals.user,
				scheduleId: parsed.data.scheduleId,
				active: parsed.data.active
			});
			return { changed: true };
		} catch (caught) {
			throwPageError(caught, event);
		}
	}
};
