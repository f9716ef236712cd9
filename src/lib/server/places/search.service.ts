import type { Kysely } from 'kysely';
import type { SearchResult } from '$lib/places/types';
import type { DB } from '../db/schema';
import { latestImportRunId, listSearchUnits } from './place.repository';
import { buildSearchIndex, searchIndex, type SearchIndex } from './search';

interface CachedIndex {
	importRunId: number | null;
	index: Promise<SearchIndex>;
}

// One index per database handle, rebuilt when a newer import has succeeded: nothing here
// outlives what the database says, so instances stay stateless behind a load balancer.
const cache = new WeakMap<Kysely<DB>, CachedIndex>();

/** The search index of the latest import, built from the database on first use (~0.5 s). */
export async function getSearchIndex(db: Kysely<DB>): Promise<SearchIndex> {
	const importRunId = await latestImportRunId(db);
	const cached = cache.get(db);
	if (cached && cached.importRunId === importRunId) return cached.index;
	const index = listSearchUnits(db).then(buildSearchIndex);
	const entry = { importRunId, index };
	cache.set(db, entry);
	// A failed build is not kept: the next query tries again.
	index.catch(() => {
		if (cache.get(db) === entry) cache.delete(db);
	});
	return index;
}

/** Provinces, districts, tambons and LAOs matching `query`, best first (see `searchIndex`). */
export async function searchPlaces(
	db: Kysely<DB>,
	query: string,
	limit: number
): Promise<SearchResult[]> {
	const index = await getSearchIndex(db);
	return searchIndex(index, query, limit).map(({ otherCodes: _, ...result }) => result);
}
