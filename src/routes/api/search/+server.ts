import { json } from '@sveltejs/kit';
import type { SearchResponse } from '$lib/places/types';
import { getDatabase } from '$lib/server/app-state';
import { parseInput, searchParams } from '$lib/server/places/place.params';
import { searchPlaces } from '$lib/server/places/search.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const input = parseInput(searchParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return input.response;
	const { db } = getDatabase();
	const body: SearchResponse = {
		results: await searchPlaces(db, input.value.q, input.value.limit)
	};
	return json(body);
};
