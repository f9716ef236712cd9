import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { parseInput, pointParams } from '$lib/server/places/place.params';
import { findPlacesAt } from '$lib/server/places/place.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) => {
	const input = parseInput(pointParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return input.response;
	const { db } = getDatabase();
	return json(await findPlacesAt(db, input.value));
};
