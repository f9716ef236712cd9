import { error } from '@sveltejs/kit';
import type { RecordFilters } from './coordination.repository';
import { registerParams, type RegisterParams } from './coordination.schemas';

/** The register's filters from the URL (GET), shared with the CSV export. */
export function registerFilters(url: URL): { params: RegisterParams; filters: RecordFilters } {
	const parsed = registerParams.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		error(400, `${issue.path.join('.')}: ${issue.message}`);
	}
	const p = parsed.data;
	return {
		params: p,
		filters: {
			q: p.q,
			kind: p.kind,
			party: p.party,
			provinceCode: p.province,
			zoneId: p.zone,
			dlaCode: p.lao,
			from: p.from ?? undefined,
			to: p.to ?? undefined,
			state: p.state
		}
	};
}
