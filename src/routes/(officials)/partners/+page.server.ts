import { z } from 'zod';
import { formFields, refuseForm } from '$lib/server/accounts/account-forms';
import { canOpenPartnerDirectory } from '$lib/server/accounts/permissions';
import { listProvinceChoices } from '$lib/server/accounts/user.repository';
import { getDatabase } from '$lib/server/app-state';
import { forbidden, invalid } from '$lib/server/domain-errors';
import {
	addPartner,
	listPartnerDirectory,
	updatePartner
} from '$lib/server/partners/partner.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

/**
 * The network-sector directory of a province (issue 17): its planners keep their province's,
 * DLA staff any province's (`?province=TH30`) and the national list (`?province=`). Every change
 * goes through the partner service, which checks who may and writes the audit entry.
 */

const provinceParam = z
	.string()
	.regex(/^TH[0-9]{2}$/)
	.nullable();

function provinceOf(event: { url: URL; locals: App.Locals }): string | null {
	const actor = event.locals.user;
	if (!canOpenPartnerDirectory(actor ?? null)) throw forbidden('Only planners and DLA staff');
	if (actor!.role !== 'dla_staff') return actor!.provinceCode;
	const raw = event.url.searchParams.get('province');
	const parsed = provinceParam.safeParse(raw === null || raw === '' ? null : raw.toUpperCase());
	if (!parsed.success)
		throw invalid([
			{ rule: 'partner.province.format', field: 'province', message: 'A province code is TH40' }
		]);
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	try {
		const provinceCode = provinceOf(event);
		const db = getDatabase().db;
		const [partners, provinces] = await Promise.all([
			listPartnerDirectory(db, { actor: event.locals.user ?? null, provinceCode }),
			listProvinceChoices(db)
		]);
		return {
			provinceCode,
			// DLA staff keep every province's directory and the national list.
			choosesProvince: event.locals.user?.role === 'dla_staff',
			provinces,
			// The province's own entries; the national list is shown apart (kept by DLA).
			partners: partners.filter((p) => p.provinceCode === provinceCode),
			national: provinceCode === null ? [] : partners.filter((p) => p.provinceCode === null)
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};

const partnerIdField = z.coerce.number().int().positive();

export const actions: Actions = {
	add: async (event) => {
		const fields = formFields(await event.request.formData());
		try {
			const provinceCode = provinceOf(event);
			await addPartner(getDatabase().db, {
				actor: event.locals.user ?? null,
				provinceCode,
				input: { name: fields.name, sector: fields.sector }
			});
			return { form: 'add', added: fields.name?.trim() };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'add', values: fields });
		}
	},
	update: async (event) => {
		const fields = formFields(await event.request.formData());
		try {
			const partnerId = partnerIdField.safeParse(fields.partnerId);
			if (!partnerId.success)
				throw invalid([
					{ rule: 'partner.unknown', field: 'partnerId', message: 'No such partner' }
				]);
			await updatePartner(getDatabase().db, {
				actor: event.locals.user ?? null,
				partnerId: partnerId.data,
				input: { name: fields.name, sector: fields.sector }
			});
			return { form: 'update', partnerId: partnerId.data };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'update', values: fields });
		}
	}
};
