import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { pointParams } from '$lib/server/places/place.params';
import { findPlacesAt } from '$lib/server/places/place.service';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

export const GET: RequestHandler = async ({ url }) => {
	const input = parseParams(pointParams, Object.fromEntries(url.searchParams));
	if (!input.ok) return invalidInputResponse(input.problems);
	const { db } = getDatabase();
	return json(await findPlacesAt(db, input.value));
};
