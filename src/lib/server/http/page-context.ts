import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '$lib/accounts/roles';
import { getDatabase } from '$lib/server/app-state';
import { manifest } from '$lib/server/geodata/datasets';
import { getPlaceInfo } from '$lib/server/places/place.service';
import type { BBox } from '$lib/places/types';
import { thailandBbox } from '$lib/geo/thailand-bbox';
import { provinceCodeSchema } from '$lib/zones/zone-input';

/**
 * Shared by the pages of several route trees (planning, review, consultation, the public zone
 * page): who is signed in, the zone number of the URL, the province, the map's source lines.
 */

export const provinceQuery = z.object({ province: provinceCodeSchema.optional() });
export const zoneIdParams = z.object({ id: z.coerce.number().int().positive() });

/** The zone number of a `/…/zones/[id]` page; 404 for anything else. */
export function zoneIdOf(params: Record<string, string>): number {
	const parsed = zoneIdParams.safeParse(params);
	if (!parsed.success) error(404, 'No such zone');
	return parsed.data.id;
}

/** The signed-in user, or a redirect to the log-in page that comes back here. */
export function requireUser(event: { url: URL; locals: App.Locals }): Actor {
	const user = event.locals.user;
	if (user) return user;
	const back = event.url.pathname + event.url.search;
	redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
}

export interface PlanProvince {
	code: string;
	nameTh: string;
	nameEn: string | null;
	bbox: BBox;
}

export async function findPlanProvince(code: string): Promise<PlanProvince> {
	const info = await getPlaceInfo(getDatabase().db, 'province', code);
	if (!info) error(404, `No province ${code}`);
	return { code, nameTh: info.nameTh, nameEn: info.nameEn, bbox: info.bbox ?? [...thailandBbox] };
}

/** Source lines of the data the planner's map draws (boundaries and the LAO registry). */
export function mapAttribution(): string {
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	return [...new Set(manifest.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine))].join(
		' · '
	);
}
