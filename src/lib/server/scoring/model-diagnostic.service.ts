import { sql, type Kysely } from 'kysely';
import { diagnoseModel, type ModelDiagnostic } from '../../geo/scoring/model-diagnostic';
import type { ScoreBreakdownItem } from '../../geo/scoring/score-laos';
import { areaIndicatorKey } from '../../geo/scoring/scoring-model';
import type { DB } from '../db/schema';
import { loadModel } from './scoring.service';

export interface StoredModelDiagnostic extends ModelDiagnostic {
	modelId: number;
	/** Criteria no scored LAO has data for (e.g. the OSM pack not loaded). */
	missingCriteria: string[];
}

/**
 * The diagnostic of a model's stored scores (what /scores shows for the official model): every
 * scored LAO, its breakdown's normalised values, and its area from the indicator store.
 */
export async function diagnoseStoredModel(
	db: Kysely<DB>,
	modelId: number
): Promise<StoredModelDiagnostic> {
	const saved = await loadModel(db, modelId);
	const rows = await db
		.selectFrom('lao_score')
		.leftJoin('indicator_value as area', (join) =>
			join
				.onRef('area.unit_code', '=', 'lao_score.dla_code')
				.on('area.unit_kind', '=', 'lao')
				.on('area.indicator_key', '=', areaIndicatorKey)
		)
		.select(['lao_score.score', 'lao_score.breakdown', sql<number | null>`area.value`.as('area')])
		.where('lao_score.model_id', '=', modelId)
		.where('lao_score.score', 'is not', null)
		.execute();
	const scores = rows.map((r) => ({
		score: r.score,
		breakdown: r.breakdown as ScoreBreakdownItem[]
	}));
	const indicators = saved.model.criteria.map((c) => c.indicator);
	const diagnostic = diagnoseModel(scores, (i) => rows[i]!.area, indicators);
	return {
		...diagnostic,
		modelId,
		missingCriteria: diagnostic.criteria.filter((c) => c.count === 0).map((c) => c.indicator)
	};
}
