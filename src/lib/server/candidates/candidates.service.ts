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
	laoGraphFromRows,
	laoGraphFromTambons,
	type LaoGraph,
	type LaoGraphRows
} from '../../geo/candidates/lao-graph';
import { unionOf } from '../../geo/candidates/polsby-popper';
import {
	findLatestImportRunId,
	listCandidateLaos,
	listLaoGeometries,
	type CandidateLaoRow
} from './candidates.repository';
import * as graphRepository from './lao-graph.repository';

/** The scoring's verdict on one LAO, by DLA code. */
export type LaoScores = ReadonlyMap<string, { score: number | null; eligible: boolean }>;

interface CachedGraph {
	version: number;
	graph: Promise<LaoGraph>;
}

/**
 * One graph per database handle, for the latest succeeded import run. It is a cache of the
 * database only (read by any instance that needs it), so instances stay stateless.
 */
const cache = new WeakMap<Kysely<DB>, CachedGraph>();

/**
 * Computes the LAO graph of the current tambons and links and stores it for import run
 * `importRunId` (see `lao-graph.ts` for the arithmetic). Runs inside the import's transaction,
 * so the stored graph always matches the data.
 */
export async function storeLaoGraph(trx: Kysely<DB>, importRunId: number): Promise<LaoGraphRows> {
	const rows = laoGraphFromTambons(await graphRepository.readTambonGraph(trx));
	await graphRepository.replaceLaoGraph(trx, importRunId, rows);
	return rows;
}

async function loadLaoGraph(db: Kysely<DB>, version: number): Promise<LaoGraph> {
	if ((await graphRepository.findLaoGraphRunId(db)) === version) {
		return laoGraphFromRows(await graphRepository.readLaoGraph(db));
	}
	// A database imported before the graph was stored at import: build it once, in a transaction.
	const rows = await db.transaction().execute(async (trx) => {
		if ((await graphRepository.findLaoGraphRunId(trx)) === version) {
			return graphRepository.readLaoGraph(trx);
		}
		return storeLaoGraph(trx, version);
	});
	return laoGraphFromRows(rows);
}

/**
 * The LAO graph of the latest import (PAOs excluded): two LAOs are adjacent when a tambon of one
 * shares an edge with a tambon of the other, or when both cover part of the same tambon. The
 * second case is a municipality and the SAO governing the rest of its tambon: on the ground
 * their areas touch along the municipal boundary, which the tambon layer does not draw, so they
 * are neighbours. LAOs without tambon links have no entry. Read from the tables the import
 * fills and kept in memory; concurrent callers share one read. An empty graph before the first
 * import.
 */
export async function getLaoGraph(db: Kysely<DB>): Promise<LaoGraph> {
	const version = await findLatestImportRunId(db);
	if (version === undefined) return { perimeterKm: new Map(), neighbours: new Map() };
	const cached = cache.get(db);
	if (cached && cached.version >= version) return cached.graph;
	const graph = loadLaoGraph(db, version);
	cache.set(db, { version, graph });
	// A failed read is not kept: the next call tries again.
	graph.catch(() => {
		if (cache.get(db)?.graph === graph) cache.delete(db);
	});
	return graph;
}

const adjacencies = new WeakMap<LaoGraph, LaoAdjacency>();

/** The adjacency alone (each LAO's neighbours), from `getLaoGraph`; one per graph. */
export async function getLaoAdjacency(db: Kysely<DB>): Promise<LaoAdjacency> {
	const graph = await getLaoGraph(db);
	let adjacency = adjacencies.get(graph);
	if (!adjacency) {
		adjacency = new Map(
			[...graph.neighbours].map(([code, around]) => [code, new Set(around.keys())])
		);
		adjacencies.set(graph, adjacency);
	}
	return adjacency;
}

/** An LAO row with the scoring's verdict, as the searches take it. */
export function toCandidateLao(
	row: CandidateLaoRow,
	verdict: { score: number | null; eligible: boolean } | undefined
): CandidateLao {
	return {
		dlaCode: row.dla_code,
		provinceCode: row.province_code,
		eligible: verdict?.eligible ?? false,
		score: verdict?.score ?? null,
		areaKm2: row.area_km2,
		population: row.population,
		approximate: row.geom_approximate
	};
}

/** Only eligible LAOs can join a zone. */
function eligibleLaos(rows: CandidateLaoRow[], scores: LaoScores): CandidateLao[] {
	return rows
		.filter((row) => scores.get(row.dla_code)?.eligible === true)
		.map((row) => toCandidateLao(row, scores.get(row.dla_code)));
}

/**
 * Candidate zones of one province (`TH40`) by the greedy grower, ranked; an LAO missing from
 * `scores` is not eligible. See `proposeCandidates` for the search and the figures.
 */
export async function proposeProvinceCandidates(
	db: Kysely<DB>,
	provinceCode: string,
	scores: LaoScores,
	params: CandidateParams
): Promise<CandidateZone[]> {
	const graph = await getLaoGraph(db);
	const rows = await listCandidateLaos(db, provinceCode);
	return proposeCandidates(eligibleLaos(rows, scores), graph, params);
}

/** Candidate zones of every province by the greedy grower, ranked within each province. */
export async function proposeCountryCandidates(
	db: Kysely<DB>,
	scores: LaoScores,
	params: CandidateParams
): Promise<CandidateZone[]> {
	const graph = await getLaoGraph(db);
	const rows = await listCandidateLaos(db);
	return proposeCandidates(eligibleLaos(rows, scores), graph, params);
}

/**
 * The zones with their outlines: the Turf union of the members' boundaries, the one place the
 * candidate search needs polygons (a map or an export draws them).
 */
export async function withOutlines(
	db: Kysely<DB>,
	zones: readonly CandidateZone[]
): Promise<CandidateZone[]> {
	const rows = await listLaoGeometries(
		db,
		zones.flatMap((zone) => zone.members)
	);
	const geometryOf = new Map(
		rows.map((row) => [row.dla_code, JSON.parse(row.geometry) as MultiPolygon])
	);
	return zones.map((zone) => {
		const parts = zone.members.map((code) => geometryOf.get(code)).filter((g) => g !== undefined);
		if (parts.length === 0) return { ...zone, geometry: null };
		return {
			...zone,
			geometry: parts.slice(1).reduce((merged, part) => unionOf(merged, part), parts[0]!)
		};
	});
}
