import type { Kysely } from 'kysely';
import type { MultiPolygon } from 'geojson';
import {
	proposeCandidates,
	type CandidateLao,
	type CandidateParams,
	type CandidateZone,
	type LaoAdjacency
} from '../../geo/candidates/propose-candidates';
import type { DB } from '../db/schema';
import {
	findLatestImportRunId,
	listAdjacentLaoPairs,
	listCandidateLaos,
	type CandidateLaoRow
} from './candidates.repository';

/** The scoring's verdict on one LAO, by DLA code. */
export type LaoScores = ReadonlyMap<string, { score: number | null; eligible: boolean }>;

interface CachedAdjacency {
	version: number;
	adjacency: Promise<LaoAdjacency>;
}

/**
 * One graph per database handle, for the latest succeeded import run. It is a cache of the
 * database only (rebuilt by any instance that needs it), so instances stay stateless.
 */
const cache = new WeakMap<Kysely<DB>, CachedAdjacency>();

async function buildLaoAdjacency(db: Kysely<DB>): Promise<LaoAdjacency> {
	const adjacency = new Map<string, Set<string>>();
	const link = (from: string, to: string) => {
		let neighbours = adjacency.get(from);
		if (!neighbours) adjacency.set(from, (neighbours = new Set()));
		neighbours.add(to);
	};
	for (const { a, b } of await listAdjacentLaoPairs(db)) {
		link(a, b);
		link(b, a);
	}
	return adjacency;
}

/**
 * The LAO adjacency graph of the latest import (PAOs excluded; see `listAdjacentLaoPairs`):
 * two LAOs are adjacent when a tambon of one shares an edge with a tambon of the other, or when
 * both cover part of the same tambon. The second case is a municipality and the SAO governing
 * the rest of its tambon: on the ground their areas touch along the municipal boundary, which
 * the tambon layer does not draw, so they are neighbours. LAOs without tambon links have no
 * entry. Built in PostGIS once per import run and kept in memory; concurrent callers share one
 * build. Returns an empty graph before the first import.
 */
export async function getLaoAdjacency(db: Kysely<DB>): Promise<LaoAdjacency> {
	const version = await findLatestImportRunId(db);
	if (version === undefined) return new Map();
	const cached = cache.get(db);
	if (cached && cached.version >= version) return cached.adjacency;
	const adjacency = buildLaoAdjacency(db);
	cache.set(db, { version, adjacency });
	// A failed build is not kept: the next call tries again.
	adjacency.catch(() => {
		if (cache.get(db)?.adjacency === adjacency) cache.delete(db);
	});
	return adjacency;
}

function toCandidateLao(row: CandidateLaoRow, scores: LaoScores): CandidateLao {
	const verdict = scores.get(row.dla_code);
	return {
		dlaCode: row.dla_code,
		provinceCode: row.province_code,
		eligible: verdict?.eligible ?? false,
		score: verdict?.score ?? null,
		areaKm2: row.area_km2,
		population: row.population,
		approximate: row.geom_approximate,
		geometry: JSON.parse(row.geometry) as MultiPolygon
	};
}

/** Only eligible LAOs can join a zone: parse the geometries of those alone. */
function eligibleLaos(rows: CandidateLaoRow[], scores: LaoScores): CandidateLao[] {
	return rows
		.filter((row) => scores.get(row.dla_code)?.eligible === true)
		.map((row) => toCandidateLao(row, scores));
}

/**
 * Candidate zones of one province (`TH40`), ranked; an LAO missing from `scores` is not
 * eligible. See `proposeCandidates` for the search and the figures.
 */
export async function proposeProvinceCandidates(
	db: Kysely<DB>,
	provinceCode: string,
	scores: LaoScores,
	params: CandidateParams
): Promise<CandidateZone[]> {
	const adjacency = await getLaoAdjacency(db);
	const rows = await listCandidateLaos(db, provinceCode);
	return proposeCandidates(eligibleLaos(rows, scores), adjacency, params);
}

/** Candidate zones of every province, ranked within each, in province-code order. */
export async function proposeCountryCandidates(
	db: Kysely<DB>,
	scores: LaoScores,
	params: CandidateParams
): Promise<CandidateZone[]> {
	const adjacency = await getLaoAdjacency(db);
	const rows = await listCandidateLaos(db);
	return proposeCandidates(eligibleLaos(rows, scores), adjacency, params);
}
