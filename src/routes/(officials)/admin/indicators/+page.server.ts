import { fail } from '@sveltejs/kit';
import { requireIndicatorImporter } from '$lib/server/accounts/guards';
import { getDatabase } from '$lib/server/app-state';
import { findGeodataDir } from '$lib/server/geodata/datasets';
import { readConfig } from '$lib/server/config';
import {
	findOsmPackBesideGeodata,
	importIndicatorsAndRescore,
	osmPackLoaded
} from '$lib/server/indicators/indicator-packs.service';
import { osmPackIndicators } from '$lib/indicators/osm-poi-pack';
import fs from 'node:fs';
import path from 'node:path';
import { listImportBatches, listIndicators } from '$lib/server/indicators/indicator.repository';
import { throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// DLA staff only: the page and its action both pass the accounts guard, on the server (the
// public is sent to log in, everyone else gets 403).
function guard(event: Pick<RequestEvent, 'url' | 'locals'>): void {
	try {
		requireIndicatorImporter(event.locals.user);
	} catch (caught) {
		throwPageError(caught, event);
	}
}

export const load: PageServerLoad = async (event) => {
	guard(event);
	const db = getDatabase().db;
	const osmPack = findOsmPackBesideGeodata(findGeodataDir(readConfig().GEODATA_DIR));
	return {
		indicators: await listIndicators(db),
		batches: await listImportBatches(db, 10),
		// The pack beside the geodata, offered while it is not loaded (README: indicator packs).
		osmPackOffer: osmPack && !(await osmPackLoaded(db)) ? path.basename(osmPack) : null,
		osmGroups: Object.fromEntries(osmPackIndicators.map((i) => [i.key, i.group]))
	};
};

export const actions: Actions = {
	default: async (event) => {
		guard(event);
		const { request } = event;
		const form = await request.formData();
		// The offer on the page: load the OSM pack found beside the geodata.
		if (form.get('pack') === 'osm') return loadOsmPack(event.locals.user!);
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { missingFile: true as const });
		}
		const report = await importIndicatorsAndRescore(getDatabase().db, {
			fileName: file.name,
			bytes: new Uint8Array(await file.arrayBuffer()),
			trigger: 'upload',
			actor: event.locals.user
		});
		return report.status === 'succeeded' ? { report } : fail(400, { report });
	}
};

async function loadOsmPack(actor: NonNullable<App.Locals['user']>) {
	const file = findOsmPackBesideGeodata(findGeodataDir(readConfig().GEODATA_DIR));
	if (!file) return fail(404, { missingFile: true as const });
	const report = await importIndicatorsAndRescore(getDatabase().db, {
		fileName: file,
		bytes: fs.readFileSync(file),
		trigger: 'upload',
		actor
	});
	return report.status === 'succeeded' ? { report } : fail(400, { report });
}
