import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { notFound, parseInput, placeParams } from '$lib/server/places/place.params';
import { getPlaceInfo } from '$lib/server/places/place.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	const input = parseInput(placeParams, params);
	if (!input.ok) return input.response;
	const { kind, code } = input.value;
	const { db } = getDatabase();
	const info = await getPlaceInfo(db, kind, code);
	return info ? json(info) : notFound(`No ${kind} ${code}`);
};
