import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { placeKinds, type PlaceApiError, type PlaceKind } from '$lib/places/types';

/** The query strings and path parameters of the place endpoints, parsed at the boundary. */

/** Longer than any name with its type spelt out (the longest is about 60 characters). */
export const MAX_QUERY_LENGTH = 100;

export const searchParams = z.object({
	q: z
		.string({ error: 'required' })
		.trim()
		.min(1, 'must not be empty')
		.max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`),
	limit: z.coerce
		.number({ error: 'must be a whole number from 1 to 50' })
		.int('must be a whole number from 1 to 50')
		.min(1, 'must be a whole number from 1 to 50')
		.max(50, 'must be a whole number from 1 to 50')
		.default(10)
});

const coordinate = (min: number, max: number) =>
	z
		.string({ error: 'required' })
		.trim()
		.regex(/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i, 'must be a number in decimal degrees')
		.transform(Number)
		.pipe(
			z
				.number()
				.finite()
				.min(min, `must be from ${min} to ${max}`)
				.max(max, `must be from ${min} to ${max}`)
		);

export const pointParams = z.object({ lon: coordinate(-180, 180), lat: coordinate(-90, 90) });

const codeFormats: Record<PlaceKind, RegExp> = {
	province: /^TH\d{2}$/,
	district: /^TH\d{4}$/,
	tambon: /^TH\d{6}$/,
	lao: /^\d{7}$/
};

export const placeParams = z
	.object({
		kind: z.enum(placeKinds, { error: `must be one of ${placeKinds.join(', ')}` }),
		code: z.string().trim().toUpperCase()
	})
	.superRefine((value, ctx) => {
		if (!codeFormats[value.kind].test(value.code))
			ctx.addIssue({
				code: 'custom',
				path: ['code'],
				message: `is not a ${value.kind} code (${codeFormats[value.kind].source})`
			});
	});

export function notFound(message: string): Response {
	const body: PlaceApiError = { error: 'not_found', message };
	return json(body, { status: 404 });
}
