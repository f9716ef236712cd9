import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { invalid } from '$lib/server/domain-errors';
import { addPartner, listPartnerDirectory } from '$lib/server/partners/partner.service';
import { apiErrorResponse } from '$lib/server/http/route-errors';
import { readJsonBody } from '$lib/server/zones/zone.params';
import type { RequestHandler } from './$types';

/**
 * The network-sector directory for machine clients and the zone form: `GET ?province=TH40`
 * lists the province's entries (and the national list); `POST { provinceCode, name, sector }`
 * adds one (the service checks who may). `province` absent or empty: the national list.
 */
const provinceParam = z
	.string()
	.regex(/^TH[0-9]{2}$/, 'province must be a province code such as TH40')
	.nullable();

function parseProvince(value: string | null) {
	const parsed = provinceParam.safeParse(value === '' ? null : value);
	if (!parsed.success)
		throw invalid([
			{
				rule: 'partner.province.format',
				field: 'provinceCode',
				message: parsed.error.issues[0]!.message
			}
		]);
	return parsed.data;
}

export const GET: RequestHandler = async ({ url, locals }) => {
	try {
		const partners = await listPartnerDirectory(getDatabase().db, {
			actor: locals.user ?? null,
			provinceCode: parseProvince(url.searchParams.get('province'))
		});
		return json({ partners });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};

export const POST: RequestHandler = async ({ request, locals }) => {
	try {
		const body = z
			.object({ provinceCode: z.string().nullable().optional() })
			.passthrough()
			.safeParse(await readJsonBody(request));
		if (!body.success)
			throw invalid([{ rule: 'partner.invalid', message: 'The body is a JSON object' }]);
		const provinceCode = parseProvince(body.data.provinceCode ?? null);
		const { partnerId } = await addPartner(getDatabase().db, {
			actor: locals.user ?? null,
			provinceCode,
			input: body.data
		});
		return json({ partnerId }, { status: 201 });
	} catch (caught) {
		return apiErrorResponse(caught);
	}
};
