import { json } from '@sveltejs/kit';
import type { SearchResponse } from '$lib/places/types';
import { getDatabase } from '$lib/server/app-state';
import { searchParams } from '$lib/server/places/place.params';
import { searchPlaces } from '$lib/server/places/search.service';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

export const GET: RequestHandler = async ({ url }) => {
	const input = parseParams(searchParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return invalidInputResponse(input.problems);
	const { db } = getDatabase();
	const body: SearchResponse = {
		results: await searchPlaces(db, input.value.q, input.value.limit)
	};
	return json(body);
};
