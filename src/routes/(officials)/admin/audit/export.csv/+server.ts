import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { auditCsv, bangkokLocalTime } from '$lib/server/audit/audit-csv';
import { parseAuditParams } from '$lib/server/audit/audit.params';
import { auditExportLimit, exportAudit } from '$lib/server/audit/audit.service';
import { throwPageError } from '$lib/server/http/route-errors';
import type { RequestHandler } from './$types';

// The audit browser's filtered entries as a file, oldest first: same parameters as the page
// (the page's export link carries them). DLA staff only: the service refuses everyone else,
// the public is sent to log in.
export const GET: RequestHandler = async (event) => {
	const { locals, url } = event;
	const parsed = parseAuditParams(url.searchParams);
	if (!parsed.ok) error(400, parsed.problems[0]?.message ?? 'invalid input');
	try {
		const { entries, truncated } = await exportAudit(getDatabase().db, {
			actor: locals.user,
			filters: parsed.value.filters
		});
		const csv = auditCsv(entries, {
			locale: locals.locale,
			truncatedNote: truncated
				? `Cut at ${auditExportLimit} entries: narrow the filters to export the rest.`
				: undefined
		});
		const stamp = bangkokLocalTime(new Date()).slice(0, 16).replace(/[-: ]/g, '');
		return new Response(csv, {
			headers: {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="sedz-audit-${stamp}.csv"`,
				'cache-control': 'no-store'
			}
		});
	} catch (caught) {
		throwPageError(caught, event);
	}
};
