import { sql, type Kysely, type RawBuilder } from 'kysely';
import { candidateDistrictText, candidateMemberNames } from '../../candidates/candidate-text';
import { loadOfficialCandidates } from '../candidates/official-candidates.service';
import type { DB, OgcCandidateTable } from '../db/schema';

/**
 * The `candidates` collection (issue 18): the official candidate zones of every province, as
 * the scores page shows them — the optimiser's answer when it is current for the province's
 * inputs, the greedy answer otherwise — kept in `ogc_candidate` for the inputs they were built
 * from (see its migration). Candidates are analysis output from public data (the official
 * scores and the LAO registry), shown to everyone on /scores and by /api/candidates without an
 * account, so the open data publishes them too; they are not zones and name no official.
 */

/** Changes whenever any province's candidates could: the scores, or a stored optimiser answer. */
export async function candidatesInputVersion(
	db: Kysely<DB>,
	scoresVersion: string
): Promise<string> {
	const { rows } = await sql<{ n: number | string; at: Date | string | null }>`
		SELECT count(*) AS n, max(computed_at) AS at FROM candidate_solution`.execute(db);
	const at = rows[0]?.at ? new Date(rows[0].at).toISOString() : 'none';
	return `${scoresVersion}-solutions-${rows[0]?.n ?? 0}-${at}`;
}

/** The provinces with eligible LAOs under the official model: those that have candidates. */
async function provincesWithCandidates(db: Kysely<DB>): Promise<string[]> {
	const { rows } = await sql<{ province_code: string }>`
		SELECT DISTINCT lao.province_code FROM lao_score s JOIN lao ON lao.dla_code = s.dla_code
		WHERE s.eligible AND s.model_id =
			(SELECT id FROM scoring_model WHERE is_official ORDER BY id DESC LIMIT 1)
		ORDER BY lao.province_code`.execute(db);
	return rows.map((r) => r.province_code);
}

/** A row of `ogc_candidate` as computed here: the table's columns without the outline, which
 * PostGIS builds from the members, and with the population as written. */
type CandidateRow = Omit<OgcCandidateTable, 'geom' | 'population'> & { population: number | null };

async function computeCandidates(
	db: Kysely<DB>,
	provinceCodes: readonly string[]
): Promise<CandidateRow[]> {
	const rows: CandidateRow[] = [];
	for (const provinceCode of provinceCodes) {
		const answer = await loadOfficialCandidates(db, provinceCode, { requestOptimisation: false });
		const shownGap = answer.method === 'exact' ? answer.optimisation.gap : null;
		for (const c of answer.candidates) {
			rows.push({
				candidate_id: `${provinceCode}-${c.rank}`,
				province_code: provinceCode,
				rank: c.rank,
				lao_count: c.members.length,
				member_dla_codes: c.members.map((m) => m.dlaCode).join(';'),
				member_names_th: candidateMemberNames('th', c).join('; '),
				member_names_en: candidateMemberNames('en', c).join('; '),
				districts_th: candidateDistrictText('th', c),
				districts_en: candidateDistrictText('en', c),
				area_km2: c.areaKm2,
				population: c.population,
				score: c.score,
				compactness: c.compactness,
				approximate: c.approximate,
				method: answer.method === 'exact' ? 'exact' : 'greedy',
				optimisation_state: answer.optimisation.state,
				optimality_gap: shownGap,
				model_id: answer.model.id,
				model_name: answer.model.nameEn
					? `${answer.model.name} (${answer.model.nameEn})`
					: answer.model.name,
				model_version: answer.model.version
			});
		}
	}
	return rows;
}

// Rows go in as one JSON parameter per batch read back by jsonb_to_recordset (as the geodata
// import does); each outline is the union of its members' boundaries, made by PostGIS.
const rowsPerStatement = 200;

/** Replaces the rows of `replaced` provinces by `rows`, and records each province's inputs. */
async function storeCandidates(
	trx: Kysely<DB>,
	replaced: readonly string[],
	rows: readonly CandidateRow[],
	keys: ReadonlyMap<string, string>
): Promise<void> {
	if (replaced.length === 0) return;
	await trx
		.deleteFrom('ogc_candidate')
		.where('province_code', 'in', [...replaced])
		.execute();
	await trx
		.deleteFrom('ogc_candidate_province')
		.where('province_code', 'in', [...replaced])
		.execute();
	for (let i = 0; i < rows.length; i += rowsPerStatement) {
		const batch = JSON.stringify(rows.slice(i, i + rowsPerStatement));
		await sql`
			INSERT INTO ogc_candidate (candidate_id, province_code, rank, lao_count, member_dla_codes,
				member_names_th, member_names_en, districts_th, districts_en, area_km2, population, score,
				compactness, approximate, method, optimisation_state, optimality_gap, model_id,
				model_name, model_version, geom)
			SELECT r.candidate_id, r.province_code, r.rank, r.lao_count, r.member_dla_codes,
				r.member_names_th, r.member_names_en, r.districts_th, r.districts_en, r.area_km2,
				r.population, r.score, r.compactness, r.approximate, r.method, r.optimisation_state,
				r.optimality_gap, r.model_id, r.model_name, r.model_version,
				(SELECT ST_Multi(ST_CollectionExtract(ST_Union(lao.geom), 3)) FROM lao
					WHERE lao.dla_code = ANY (string_to_array(r.member_dla_codes, ';')))
			FROM jsonb_to_recordset(${batch}::jsonb) AS r (candidate_id text, province_code text,
				rank integer, lao_count integer, member_dla_codes text, member_names_th text,
				member_names_en text, districts_th text, districts_en text, area_km2 double precision,
				population bigint, score double precision, compactness double precision,
				approximate boolean, method text, optimisation_state text,
				optimality_gap double precision, model_id integer, model_name text,
				model_version integer)`.execute(trx);
	}
	const current = replaced.filter((code) => keys.has(code));
	if (current.length > 0)
		await trx
			.insertInto('ogc_candidate_province')
			.values(current.map((code) => ({ province_code: code, input_key: keys.get(code)! })))
			.execute();
}

/**
 * What each province's candidates are computed from: the official scores (model, import, scored
 * LAOs) and the optimiser's stored answer for the province (its input hash and time), which is
 * shown when current and otherwise replaced by the greedy answer.
 */
async function provinceInputKeys(
	db: Kysely<DB>,
	scoresVersion: string
): Promise<Map<string, string>> {
	const [provinces, solutions] = await Promise.all([
		provincesWithCandidates(db),
		sql<{ province_code: string; input_hash: string; computed_at: Date | string }>`
			SELECT province_code, input_hash, computed_at FROM candidate_solution WHERE model_id =
				(SELECT id FROM scoring_model WHERE is_official ORDER BY id DESC LIMIT 1)`.execute(db)
	]);
	const solutionOf = new Map(
		solutions.rows.map((r) => [
			r.province_code,
			`${r.input_hash}@${new Date(r.computed_at).toISOString()}`
		])
	);
	return new Map(
		provinces.map((code) => [code, `${scoresVersion}|${solutionOf.get(code) ?? 'none'}`])
	);
}

/** Refreshes, per database, run one after the other: each finds what the previous left stale. */
const refreshes = new WeakMap<Kysely<DB>, Promise<unknown>>();

/**
 * Brings `ogc_candidate` up to date for the current inputs: only the provinces whose inputs
 * changed are computed again (an optimiser answer stored for one province rebuilds that one),
 * outside the transaction (the candidate search reads with the handle it is given), then swapped
 * in, in one transaction, so a reader never sees a province half replaced. Returns the provinces
 * rebuilt.
 */
export function ensureCandidatesCurrent(db: Kysely<DB>, scoresVersion: string): Promise<string[]> {
	const previous = refreshes.get(db) ?? Promise.resolve();
	const run = previous
		.catch(() => undefined)
		.then(async () => {
			const keys = await provinceInputKeys(db, scoresVersion);
			const stored = await db
				.selectFrom('ogc_candidate_province')
				.select(['province_code', 'input_key'])
				.execute();
			const storedKey = new Map(stored.map((r) => [r.province_code, r.input_key]));
			const stale = [...keys].filter(([code, key]) => storedKey.get(code) !== key).map(([c]) => c);
			const gone = [...storedKey.keys()].filter((code) => !keys.has(code));
			if (stale.length === 0 && gone.length === 0) return [];
			const rows = await computeCandidates(db, stale);
			await db
				.transaction()
				.execute((trx) => storeCandidates(trx, [...stale, ...gone], rows, keys));
			return stale;
		});
	refreshes.set(db, run);
	return run;
}

/** The collection's SQL source (see `CollectionDefinition.source`). */
export const candidatesSource = (): RawBuilder<unknown> =>
	sql`SELECT c.candidate_id AS feature_id, c.* FROM ogc_candidate c`;
