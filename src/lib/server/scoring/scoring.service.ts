import type { Insertable, Kysely } from 'kysely';
import {
	defaultModelEdition,
	defaultScoringModel,
	defaultScoringModelV1
} from '../../geo/scoring/default-model';
import { scoreLaos, prepareScoring, type LaoInput } from '../../geo/scoring/score-laos';
import {
	indicatorKeysOf,
	isConstraintIndicator,
	validateScoringModel,
	type ScoringModel
} from '../../geo/scoring/scoring-model';
import { sensitivity } from '../../geo/scoring/sensitivity';
import type { DB, LaoScoreTable } from '../db/schema';
import { loadLaoIndicators } from '../indicators/lao-indicators.service';
import * as scoring from './scoring.repository';
import type { Actor } from '../../accounts/roles';
import { appendAudit } from '../audit/audit.repository';
import { canManageScoringModels } from '../accounts/permissions';
import { forbidden, invalid, type Problem } from '../domain-errors';

/**
 * The sensitivity run stored beside each score: 300 seeded draws, each weight ±20 %, counted in
 * the province's top 10. The seed is fixed so a recomputation gives the same shares.
 */
export const storedSensitivity = { draws: 300, seed: 2564, perturbation: 0.2, topN: 10 } as const;

export interface SavedModel {
	id: number;
	name: string;
	version: number;
}

export class InvalidScoringModelError extends Error {
	constructor(
		readonly reason: string,
		readonly issues: { path: string; message: string }[]
	) {
		super(`Invalid scoring model: ${reason}`);
	}
}

/**
 * Validates a model document and saves it as the next version of its name (1 for a new name),
 * in one transaction; the stored document carries that version. Throws
 * `InvalidScoringModelError` naming each bad path.
 */
export async function saveModelVersion(
	db: Kysely<DB>,
	document: unknown,
	options: { createdBy?: string | null; isOfficial?: boolean } = {}
): Promise<SavedModel> {
	const result = validateScoringModel(document);
	if (!result.valid) throw new InvalidScoringModelError(result.reason, result.issues);
	const model = result.model;
	return db.transaction().execute(async (trx) => {
		await scoring.lockModelName(trx, model.name);
		const version = (await scoring.latestVersionOf(trx, model.name)) + 1;
		return scoring.insertModel(trx, {
			name: model.name,
			version,
			document: JSON.stringify({ ...model, version }),
			isOfficial: options.isOfficial ?? false,
			createdBy: options.createdBy ?? null
		});
	});
}

/**
 * The default model's latest saved version. On a database without it, both editions are saved
 * under its name so that "version 2" means the same model everywhere: version 1 (the first
 * default, kept as history, not official) and the current default, official.
 */
export async function ensureDefaultModel(db: Kysely<DB>): Promise<SavedModel> {
	const existing = await scoring.findLatestModelNamed(db, defaultScoringModel.name);
	if (existing) return { id: existing.id, name: existing.name, version: existing.version };
	await saveModelVersion(db, defaultScoringModelV1, { isOfficial: false, createdBy: null });
	return saveModelVersion(db, defaultScoringModel, { isOfficial: true, createdBy: null });
}

/**
 * True when the official model is an earlier edition of the system default (saved by the app,
 * not published by DLA staff) and the current edition is not saved yet: the app then publishes
 * the current edition itself (`upgradeDefaultModel`). A model DLA staff published is never
 * replaced.
 */
export async function defaultModelUpgradeDue(db: Kysely<DB>): Promise<boolean> {
	const official = await scoring.findOfficialModel(db);
	if (!official || official.name !== defaultScoringModel.name || official.created_by !== null)
		return false;
	return (await scoring.latestVersionOf(db, defaultScoringModel.name)) < defaultModelEdition;
}

/**
 * Publishes the current default edition as the next version of its name, official, with its
 * scores and an audit entry, in one transaction (the system is the actor). Earlier versions and
 * their scores stay. Does nothing when the upgrade is no longer due (another instance did it).
 */
export async function upgradeDefaultModel(db: Kysely<DB>): Promise<ComputeResult | null> {
	return db.transaction().execute(async (trx) => {
		await scoring.lockModelName(trx, '(official)');
		await scoring.lockModelName(trx, defaultScoringModel.name);
		if (!(await defaultModelUpgradeDue(trx))) return null;
		const version = (await scoring.latestVersionOf(trx, defaultScoringModel.name)) + 1;
		const saved = await scoring.insertModel(trx, {
			name: defaultScoringModel.name,
			version,
			document: JSON.stringify({ ...defaultScoringModel, version }),
			isOfficial: true,
			createdBy: null
		});
		await scoring.makeOnlyOfficial(trx, saved.id);
		const stored = await storeScores(trx, saved.id);
		await appendAudit(trx, {
			actor: null,
			action: 'scoring_model.published',
			entityType: 'scoring_model',
			entityId: saved.id,
			after: {
				name: saved.name,
				version: saved.version,
				via: 'default_model_upgrade',
				criteria: defaultScoringModel.criteria.map((c) => ({
					indicator: c.indicator,
					weight: c.weight
				}))
			}
		});
		return stored;
	});
}

/**
 * Recomputes the stored scores of every official model, each in its own transaction: what
 * follows an indicator import, so the official scores use the figures just loaded.
 */
export async function rescoreOfficialModels(db: Kysely<DB>) {
	const official = await db
		.selectFrom('scoring_model')
		.select(['id'])
		.where('is_official', '=', true)
		.orderBy('id')
		.execute();
	const results: ComputeResult[] = [];
	for (const model of official) results.push(await computeAndStoreScores(db, model.id));
	return results;
}

export async function loadModel(
	db: Kysely<DB>,
	modelId: number
): Promise<SavedModel & { model: ScoringModel; isOfficial: boolean }> {
	const row = await scoring.findModel(db, modelId);
	if (!row) throw new Error(`No scoring model ${modelId}`);
	const result = validateScoringModel(row.document);
	if (!result.valid) throw new InvalidScoringModelError(result.reason, result.issues);
	return {
		id: row.id,
		name: row.name,
		version: row.version,
		isOfficial: row.is_official,
		model: result.model
	};
}

/**
 * Every LAO of the registry as the scoring engine reads it: the model's indicators (latest year,
 * rolled up from tambons where the LAO has no figure of its own) and what eligibility reads.
 * PAOs get no indicator values from `loadLaoIndicators`, so they have no data.
 */
export async function loadScoringInputs(db: Kysely<DB>, model: ScoringModel): Promise<LaoInput[]> {
	const keys = indicatorKeysOf(model);
	const [laos, indicators] = await Promise.all([scoring.listLaos(db), loadLaoIndicators(db, keys)]);
	return laos.map((lao) => {
		const figures = indicators.get(lao.dla_code);
		const values: LaoInput['values'] = {};
		for (const key of keys) {
			const figure = figures?.[key];
			values[key] = figure ? { value: figure.value, approximate: figure.approximate } : null;
		}
		return {
			dlaCode: lao.dla_code,
			provinceCode: lao.province_code,
			laoType: lao.lao_type,
			values
		};
	});
}

export interface ComputeResult extends SavedModel {
	laoCount: number;
	eligibleCount: number;
	scoredCount: number;
}

/**
 * Scores every LAO with a saved model (the same pure code the browser runs), adds the stored
 * sensitivity share for every province, and replaces the model's stored scores, all in one
 * transaction.
 */
export async function computeAndStoreScores(
	db: Kysely<DB>,
	modelId: number
): Promise<ComputeResult> {
	return db.transaction().execute((trx) => storeScores(trx, modelId));
}

/** The body of `computeAndStoreScores`, inside the caller's transaction. */
async function storeScores(trx: Kysely<DB>, modelId: number): Promise<ComputeResult> {
	{
		const saved = await loadModel(trx, modelId);
		const inputs = await loadScoringInputs(trx, saved.model);
		const prepared = prepareScoring(saved.model, inputs);
		const scores = scoreLaos(saved.model, inputs);
		const shares = new Map(
			sensitivity(saved.model, inputs, storedSensitivity, prepared).map((s) => [
				s.dlaCode,
				s.topNShare
			])
		);
		const rows: Insertable<LaoScoreTable>[] = scores.map((s) => ({
			model_id: modelId,
			dla_code: s.dlaCode,
			score: s.score,
			eligible: s.eligible,
			ineligible_reason: s.ineligibleReason,
			breakdown: JSON.stringify(s.breakdown),
			missing_weight_share: s.missingWeightShare,
			approximate: s.approximate,
			national_rank: s.nationalRank,
			province_rank: s.provinceRank,
			sensitivity_top10_share: shares.get(s.dlaCode) ?? null
		}));
		await scoring.replaceScores(trx, modelId, rows);
		return {
			id: saved.id,
			name: saved.name,
			version: saved.version,
			laoCount: scores.length,
			eligibleCount: scores.filter((s) => s.eligible).length,
			scoredCount: scores.filter((s) => s.score !== null).length
		};
	}
}

/**
 * Publishes a model document as the new official version (DLA staff only): validates it, saves
 * it as the next version of its name, makes it the only official model and stores its scores,
 * and appends its audit entry, all in one transaction, so nobody ever sees an official model
 * without its scores. Publishes are serialised by an advisory lock. Earlier versions and their
 * scores are kept.
 */
export async function publishModelVersion(
	db: Kysely<DB>,
	{ actor, document }: { actor: Actor | null; document: unknown }
): Promise<ComputeResult> {
	if (!canManageScoringModels(actor)) throw forbidden('Only DLA staff publish scoring models');
	const result = validateScoringModel(document);
	if (!result.valid)
		throw invalid(
			result.issues.map((issue) => ({
				rule: 'scoring_model.invalid',
				field: issue.path,
				message: issue.message
			})),
			`Invalid scoring model: ${result.reason}`
		);
	const model = result.model;
	return db.transaction().execute(async (trx) => {
		await scoring.lockModelName(trx, '(official)');
		await scoring.lockModelName(trx, model.name);
		const unknown = await unknownConstraintProblems(trx, model);
		if (unknown.length > 0)
			throw invalid(
				unknown,
				`Unknown constraint layer versions: ${unknown.map((p) => p.field).join(', ')}`
			);
		const version = (await scoring.latestVersionOf(trx, model.name)) + 1;
		const saved = await scoring.insertModel(trx, {
			name: model.name,
			version,
			document: JSON.stringify({ ...model, version }),
			isOfficial: true,
			createdBy: actor?.username ?? null
		});
		await scoring.makeOnlyOfficial(trx, saved.id);
		const stored = await storeScores(trx, saved.id);
		await appendAudit(trx, {
			actor,
			action: 'scoring_model.published',
			entityType: 'scoring_model',
			entityId: saved.id,
			after: {
				name: saved.name,
				version: saved.version,
				criteria: model.criteria.map((c) => ({ indicator: c.indicator, weight: c.weight }))
			}
		});
		return stored;
	});
}

/**
 * Every constraint layer version (`constraint_<key>_v<n>`) a model names, as a criterion or an
 * exclusion, that the store does not hold, naming its path. A model keeps naming the version it
 * was published with, even after the layer is uploaded again; a version that does not exist
 * would make every LAO ineligible ("share unknown"). Other indicators may be missing on purpose
 * (the missing-data policy renormalises, e.g. the default model before the OSM pack is loaded).
 */
async function unknownConstraintProblems(db: Kysely<DB>, model: ScoringModel): Promise<Problem[]> {
	const known = new Set(
		(await db.selectFrom('indicator').select('key').execute()).map((r) => r.key)
	);
	const named = [
		...model.criteria.map((c, i) => ({ indicator: c.indicator, field: `criteria.${i}.indicator` })),
		...(model.eligibility.constraints ?? []).map((c, i) => ({
			indicator: c.indicator,
			field: `eligibility.constraints.${i}.indicator`
		}))
	];
	return named
		.filter((n) => isConstraintIndicator(n.indicator) && !known.has(n.indicator))
		.map((n) => ({
			rule: 'scoring_model.unknown_constraint_layer',
			field: n.field,
			message: `${n.indicator}: no such constraint layer version is stored`
		}));
}

/**
 * The official model: the one DLA published last, or the default model (saved on first use)
 * while nothing has been published.
 */
export async function findOfficialModelId(db: Kysely<DB>): Promise<number> {
	const official = await scoring.findOfficialModel(db);
	return official ? official.id : (await ensureDefaultModel(db)).id;
}

/** A model's stored scores, best first (unscored last), with the model version they came from. */
export async function getScores(
	db: Kysely<DB>,
	modelId: number,
	options: { provinceCode?: string } = {}
) {
	const saved = await loadModel(db, modelId);
	const scores = await scoring.selectScores(db, modelId, options.provinceCode);
	return {
		model: { id: saved.id, name: saved.name, version: saved.version, isOfficial: saved.isOfficial },
		scores
	};
}
