import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { refreshBuiltInIndicators } from '../indicators/built-in-indicators.service';
import { refreshPlannerStatistics } from '../db/statistics';
import {
	computeAndStoreScores,
	defaultModelUpgradeDue,
	ensureDefaultModel,
	upgradeDefaultModel
} from './scoring.service';

export interface AnalysisRefresh {
	indicatorCounts: Record<string, number>;
	scoredModels: { id: number; name: string; version: number; scored: number }[];
	durationMs: number;
}

/**
 * What follows a data import: the built-in indicators are derived again from the new data, the
 * default model exists, and every official model's stored scores are recomputed, so the official
 * scores always describe the data on screen. Each step is its own transaction and idempotent: a
 * failure here leaves the import in place and the next run repairs it.
 */
export async function refreshAnalysis(db: Kysely<DB>): Promise<AnalysisRefresh> {
	const started = performance.now();
	const { counts } = await refreshBuiltInIndicators(db);
	await ensureDefaultModel(db);
	// An earlier system default becomes the current one (its scores are stored here).
	await upgradeDefaultModel(db);
	const official = await db
		.selectFrom('scoring_model')
		.select(['id', 'name', 'version'])
		.where('is_official', '=', true)
		.orderBy('id')
		.execute();
	const scoredModels = [];
	for (const model of official) {
		const result = await computeAndStoreScores(db, model.id);
		scoredModels.push({ ...model, scored: result.scoredCount });
	}
	await refreshPlannerStatistics(db, ['indicator_value', 'lao_score', 'lao_population_estimate']);
	return {
		indicatorCounts: counts,
		scoredModels,
		durationMs: Math.round(performance.now() - started)
	};
}

/**
 * True when the data is imported but no official scores are stored yet (an older database), or
 * when the official model is an earlier edition of the system default.
 */
export async function analysisMissing(db: Kysely<DB>): Promise<boolean> {
	if (await defaultModelUpgradeDue(db)) return true;
	const scored = await db
		.selectFrom('lao_score')
		.innerJoin('scoring_model', 'scoring_model.id', 'lao_score.model_id')
		.select('lao_score.dla_code')
		.where('scoring_model.is_official', '=', true)
		.limit(1)
		.executeTakeFirst();
	return scored === undefined;
}
