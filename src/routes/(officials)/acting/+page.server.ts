import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { parseBuddhistDate } from '$lib/thai-calendar';
import {
	designateActing,
	listDesignationCandidates,
	listDesignations,
	revokeActing
} from '$lib/server/accounts/acting.service';
import { getDatabase } from '$lib/server/app-state';
import { listAllProvinces } from '$lib/server/coordination/coordination-parties.repository';
import { forbidden } from '$lib/server/domain-errors';
import { problemsOfZod, type Problem } from '$lib/problem';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import { provinceCodeSchema } from '$lib/zones/zone-input';
import type { Actions, PageServerLoad } from './$types';

/**
 * Acting governors: DLA staff (any province, chosen with `?province=`) and governors (their
 * own) list, designate and revoke. Everyone else gets 403; the public the log-in page.
 */

const provinceQuery = z.object({ province: provinceCodeSchema.optional() });

/** A date as typed in the form (day/month/BE year, Thai digits too), to an ISO date. */
const buddhistDate = z
	.string()
	.trim()
	.min(1, { message: 'required' })
	.transform((text, ctx) => {
		const parsed = parseBuddhistDate(text);
		if (!parsed.ok) {
			ctx.addIssue({ code: 'custom', message: 'date' });
			return z.NEVER;
		}
		return parsed.isoDate;
	});

/** A user's id from a choice list; '' (nothing chosen) is missing. */
const userId = z
	.string({ message: 'required' })
	.trim()
	.min(1, { message: 'required' })
	.regex(/^[0-9]+$/, { message: 'must be a user id' })
	.transform(Number);

const designateInput = z.object({
	provinceCode: provinceCodeSchema,
	// Only sent when the province has several governors to choose from.
	governorUserId: z
		.string()
		.optional()
		.transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
		.pipe(userId.optional()),
	actingUserId: userId,
	startsOn: buddhistDate,
	endsOn: buddhistDate
});

const revokeInput = z.object({ designationId: z.coerce.number().int().positive() });

/** Zod's issues as problems naming the field: `acting.required`, `acting.date`, else invalid. */
function problemsOf(error: z.ZodError): Problem[] {
	return problemsOfZod(error, {
		rule: (issue) =>
			issue.message === 'required' || issue.message === 'date'
				? `acting.${issue.message}`
				: 'invalid'
	});
}

export const load: PageServerLoad = async (event) => {
	const actor = event.locals.user;
	try {
		if (!actor || (actor.role !== 'dla_staff' && actor.role !== 'governor'))
			throw forbidden('Only DLA staff and governors manage acting designations');
		const query = provinceQuery.safeParse(Object.fromEntries(event.url.searchParams));
		const chosen =
			actor.role === 'governor'
				? (actor.provinceCode ?? undefined)
				: query.success
					? query.data.province
					: undefined;
		const db = getDatabase().db;
		const provinces = await listAllProvinces(db);
		const designations = await listDesignations(db, { actor, provinceCode: chosen });
		const choices =
			chosen !== undefined && provinces.some((p) => p.code === chosen)
				? await listDesignationCandidates(db, { actor, provinceCode: chosen })
				: null;
		return {
			role: actor.role,
			provinceCode: chosen ?? null,
			provinces,
			designations,
			choices
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	designate: async (event) => {
		const form = Object.fromEntries(await event.request.formData());
		// What was typed comes back on a refusal, so nothing has to be entered again.
		const values = Object.fromEntries(
			Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? v : ''])
		);
		const parsed = designateInput.safeParse(values);
		if (!parsed.success)
			return fail(400, { action: 'designate', problems: problemsOf(parsed.error), values });
		try {
			await designateActing(getDatabase().db, { actor: event.locals.user, ...parsed.data });
			return { action: 'designate', designated: true };
		} catch (caught) {
			return refusalAsFormFailure(caught, event, {
				shown: ['invalid', 'conflict'],
				extra: { action: 'designate', values }
			});
		}
	},
	revoke: async (event) => {
		const parsed = revokeInput.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success)
			return fail(400, { action: 'revoke', problems: problemsOf(parsed.error), values: {} });
		try {
			await revokeActing(getDatabase().db, {
				actor: event.locals.user,
				designationId: parsed.data.designationId
			});
			return { action: 'revoke', revoked: true };
		} catch (caught) {
			// The service refuses a revocation only as a conflict (already revoked, ended).
			return refusalAsFormFailure(caught, event, {
				shown: ['invalid', 'conflict'],
				extra: { action: 'revoke', values: {} }
			});
		}
	}
};
