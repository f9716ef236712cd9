import { json } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/app-state';
import { notFound, placeParams } from '$lib/server/places/place.params';
import { getPlaceInfo } from '$lib/server/places/place.service';
import type { RequestHandler } from './$types';
import { invalidInputResponse, parseParams } from '$lib/server/http/params';

export const GET: RequestHandler = async ({ params }) => {
	const input = parseParams(placeParams, params);
	if (!input.ok) return invalidInputResponse(input.problems);
	const { kind, code } = input.value;
	const { db } = getDatabase();
	const info = await getPlaceInfo(db, kind, code);
	return info ? json(info) : notFound(`No ${kind} ${code}`);
};
