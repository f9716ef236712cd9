import { allMessages } from '$lib/i18n';
import { getDatabase } from '$lib/server/app-state';
import { loadScoresPage, scoresToCsv } from '$lib/server/scoring/scores-page.service';
import { scoreSourceLines } from '$lib/server/scoring/official-scores-csv.service';
import { provinceParams } from '$lib/server/scoring/scores.params';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

/** The official scores of one province as CSV (UTF-8 with BOM, Thai headers). */
export const GET: RequestHandler = async ({ url }) => {
	const input = parseParams(provinceParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return invalidInputResponse(input.problems);
	const { db } = getDatabase();
	const page = await loadScoresPage(db, input.value.province);
	const sources = await scoreSourceLines(
		db,
		page.model.criteria.map((c) => c.indicator)
	);
	const csv = scoresToCsv(page.rows, allMessages().th, {
		modelName: page.model.name,
		modelVersion: page.model.version,
		sources
	});
	const name = `sedz-scores-${page.provinceCode ?? 'none'}-v${page.model.version}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`
		}
	});
};
