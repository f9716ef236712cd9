import { canBrowseAudit } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import {
	auditActionLabel,
	auditActions,
	auditEntityLabel,
	auditEntityTypes
} from '$lib/server/audit/audit-actions';
import { toAuditEntryView } from '$lib/server/audit/audit-view';
import { parseAuditParams } from '$lib/server/audit/audit.params';
import { browseAudit, listAuditProvinces } from '$lib/server/audit/audit.service';
import { forbidden } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

// DLA staff only; the service checks again. The filters are the URL's (a GET form), so a
// filtered view is a link to share; a bad parameter is named above an empty table.
export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	if (!canBrowseAudit(locals.user)) throwPageError(forbidden(), event);
	const db = getDatabase().db;
	const parsed = parseAuditParams(url.searchParams);
	const options = {
		actions: auditActions.map((action) => ({
			action,
			label: auditActionLabel(locals.locale, action)
		})),
		entityTypes: auditEntityTypes.map((entityType) => ({
			entityType,
			label: auditEntityLabel(locals.locale, entityType)
		})),
		provinces: await listAuditProvinces(db)
	};
	const filterNames = ['action', 'actor', 'entity', 'entityId', 'province', 'from', 'to'];
	const values = Object.fromEntries(
		filterNames.map((name) => [name, url.searchParams.get(name) ?? ''])
	);
	// The filters in force, carried by the export and paging forms as hidden fields.
	const filterParams = filterNames
		.filter((name) => values[name] !== '')
		.map((name) => ({ name, value: values[name]! }));
	if (!parsed.ok) {
		return {
			options,
			values,
			problem: parsed.problems[0]?.message ?? '',
			filterParams: [],
			paged: false,
			entries: [],
			nextCursor: null
		};
	}
	try {
		const page = await browseAudit(db, {
			actor: locals.user,
			filters: parsed.value.filters,
			beforeId: parsed.value.params.before
		});
		return {
			options,
			values,
			problem: null,
			filterParams,
			paged: parsed.value.params.before !== undefined,
			entries: page.entries.map((e) => toAuditEntryView(locals.locale, e)),
			nextCursor: page.nextCursor
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
