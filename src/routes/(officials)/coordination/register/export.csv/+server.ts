import { getDatabase } from '$lib/server/app-state';
import { registerCsv } from '$lib/server/coordination/register-csv';
import {
	registerExportLimit,
	searchRegister
} from '$lib/server/coordination/coordination-register.service';
import { bangkokDay } from '$lib/thai-calendar';
import { registerFilters } from '$lib/server/coordination/register-filters';
import type { RequestHandler } from './$types';

// The register's filtered records as a file (the page's export link carries the same query),
// limited to what the asker may see, like the page.
export const GET: RequestHandler = async ({ url, locals }) => {
	const { filters } = registerFilters(url);
	const { records } = await searchRegister(getDatabase().db, {
		actor: locals.user,
		filters,
		limit: registerExportLimit
	});
	const stamp = bangkokDay(new Date()).replace(/-/g, '');
	return new Response(registerCsv(records, { locale: locals.locale }), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="sedz-coordination-${stamp}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
