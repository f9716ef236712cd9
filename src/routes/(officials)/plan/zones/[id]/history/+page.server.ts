import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { getDatabase } from '$lib/server/app-state';
import { throwPageError } from '$lib/server/http/route-errors';
import { toAuditEntryView } from '$lib/server/audit/audit-view';
import { zoneAuditTrail } from '$lib/server/zones/review.service';
import { getZone, listRevisions } from '$lib/server/zones/zone.service';
import type { PageServerLoad } from './$types';
import {
	findPlanProvince,
	mapAttribution,
	requireUser,
	zoneIdParams
} from '$lib/server/http/page-context';

const diffQuery = z.object({
	from: z.coerce.number().int().positive().optional(),
	to: z.coerce.number().int().positive().optional()
});

/** Revisions whose figures (LAOs, score) the list reads in full; older ones show area only. */
const REVISIONS_WITH_FIGURES = 30;

export const load: PageServerLoad = async (event) => {
	const actor = requireUser(event);
	const params = zoneIdParams.safeParse(event.params);
	if (!params.success) error(404, 'No such zone');
	const query = diffQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!query.success) {
		error(400, `${query.error.issues[0]!.path.join('.')} must be a revision number`);
	}
	const { db } = getDatabase();
	const zoneId = params.data.id;
	try {
		const detail = await getZone(db, { actor, zoneId });
		const summaries = (await listRevisions(db, { actor, zoneId })).sort(
			(a, b) => b.revisionNumber - a.revisionNumber
		);
		const revisions = [];
		for (const [index, summary] of summaries.entries()) {
			if (index >= REVISIONS_WITH_FIGURES) {
				revisions.push({ ...summary, laoCount: null, score: null });
				continue;
			}
			const { revision } = await getZone(db, {
				actor,
				zoneId,
				revisionNumber: summary.revisionNumber
			});
			revisions.push({
				...summary,
				laoCount: revision.coveredLaos.length,
				score: revision.score
			});
		}
		const latest = revisions[0]?.revisionNumber ?? 1;
		const to = query.data.to ?? latest;
		const from = query.data.from ?? Math.max(1, to - 1);
		return {
			zone: detail.zone,
			current: detail.revision,
			revisions,
			from,
			to,
			province: await findPlanProvince(detail.zone.provinceCode),
			attribution: mapAttribution(),
			// Newest first, like the audit browser; only who reads the working copy gets here.
			auditTrail: (await zoneAuditTrail(db, { actor, zoneId }))
				.reverse()
				.map((entry) => toAuditEntryView(event.locals.locale, entry))
		};
	} catch (caught) {
		throwPageError(caught, event);
	}
};
