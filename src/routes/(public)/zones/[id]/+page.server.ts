import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { canViewZoneWorkingCopy } from '$lib/server/accounts/permissions';
import { getDatabase } from '$lib/server/app-state';
import { DomainError } from '$lib/server/domain-errors';
import { getPublicZone } from '$lib/server/zones/public-zone.service';
import { getZoneDashboard } from '$lib/server/plans/progress-dashboard.service';
import { listPublicZonePhotos } from '$lib/server/plans/report-attachment.service';
import { getZone } from '$lib/server/zones/zone.service';
import { commentFormAction } from '$lib/server/comments/comment-form';
import { listPublishedComments } from '$lib/server/comments/comment.service';
import type { Actions, PageServerLoad } from './$types';
import { mapAttribution } from '$lib/server/http/page-context';

const zoneParams = z.object({ id: z.coerce.number().int().positive('must be a zone number') });
/** The page of published comments (`?comments=2`); anything else is the first. */
const commentsPageOf = (url: URL) => {
	const page = Number(url.searchParams.get('comments'));
	return Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1;
};

/**
 * A zone's public page: its revision in force, for everyone, signed in or not. A zone never
 * approved is a 404 (its existence is not public); whoever may see its working copy is sent to
 * the workspace instead.
 */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const parsed = zoneParams.safeParse(params);
	if (!parsed.success) error(404, 'No such zone');
	const zoneId = parsed.data.id;
	const { db } = getDatabase();
	try {
		const zone = await getPublicZone(db, { zoneId });
		return {
			zone,
			comments: await listPublishedComments(db, { zoneId, page: commentsPageOf(url) }),
			// The public's view of the zone's progress for everyone on the public page (the
			// dashboard shows officials the filed, not yet accepted, figures too).
			progress: await getZoneDashboard(db, { actor: null, zoneId }),
			// The photos the filers marked public, of accepted reports: copies without metadata.
			photos: await listPublicZonePhotos(db, { zoneId }),
			canOpenWorkspace: canViewZoneWorkingCopy(locals.user, {
				provinceCode: zone.provinceCode,
				status: 'approved',
				responseRequestedFrom: []
			}),
			attribution: mapAttribution()
		};
	} catch (caught) {
		if (!(caught instanceof DomainError) || caught.kind !== 'not_found') throw caught;
	}
	// Not approved yet: the zone service decides whether this user may read the working copy.
	if (locals.user) {
		const readable = await getZone(db, { actor: locals.user, zoneId }).then(
			() => true,
			(caught: unknown) => {
				if (caught instanceof DomainError) return false;
				throw caught;
			}
		);
		if (readable) redirect(303, `/plan/zones/${zoneId}`);
	}
	error(404, 'No such zone');
};

export const actions: Actions = {
	/** A comment from anyone (issue 17): the form below the zone's figures. */
	comment: async (event) => {
		const parsed = zoneParams.safeParse(event.params);
		if (!parsed.success) error(404, 'No such zone');
		return commentFormAction(event, parsed.data.id);
	}
};
