import { appStatus, getDatabase } from '$lib/server/app-state';
import { manifest } from '$lib/server/geodata/datasets';
import { throwPageError } from '$lib/server/http/route-errors';
import { listScoredProvinces, loadOfficialModel } from '$lib/server/scoring/scores-page.service';
import { parsePublicProvince } from '$lib/server/zones/public-downloads';
import { listPublicZoneProvinces } from '$lib/server/zones/public-zone.service';
import type { PageServerLoad } from './$types';

/**
 * The map: boundaries, the LAO registry and the approved zones, for everyone. `?province=TH40`
 * filters the approved zones (the view itself is in the #hash); `?embed=1` is the map alone, for
 * an <iframe> on other websites — the only page that other sites may frame.
 */
export const load: PageServerLoad = async (event) => {
	const { url, setHeaders } = event;
	const embed = url.searchParams.get('embed') === '1';
	// Every other page may be framed only by the app itself (`hooks.server.ts`).
	if (embed) setHeaders({ 'content-security-policy': 'frame-ancestors *' });
	const shown = new Set(['tambon_boundaries', 'lao_registry', 'lao_tambon_links']);
	const lines = manifest.filter((d) => shown.has(d.kind)).map((d) => d.sourceLine);
	if (appStatus().state !== 'ready') {
		// A restart of the embedded database (hooks.server.ts lets only this through before it is
		// open): the map shell, whose tiles come from the tile snapshot; the lists that need the
		// database follow when the page sees the database ready (issue 19 item 2). Never kept.
		setHeaders({ 'cache-control': 'no-store' });
		return {
			attribution: [...new Set(lines)].join(' · '),
			candidateProvinces: [],
			publicProvinces: [],
			province: '',
			embed,
			opening: true
		};
	}
	const db = getDatabase().db;
	let province: string | undefined;
	try {
		province = await parsePublicProvince(db, url.searchParams);
	} catch (caught) {
		throwPageError(caught, event);
	}
	// Provinces where candidate zones can be proposed (those with scored LAOs).
	const official = await loadOfficialModel(db);
	return {
		attribution: [...new Set(lines)].join(' · '),
		candidateProvinces: embed ? [] : await listScoredProvinces(db, official.id),
		publicProvinces: await listPublicZoneProvinces(db),
		province: province ?? '',
		embed,
		opening: false
	};
};
