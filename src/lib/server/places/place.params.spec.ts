import { describe, expect, it } from 'vitest';
import type { PlaceApiError } from '$lib/places/types';
import type { Parsed } from '$lib/problem';
import { invalidInputResponse, parseParams as parseInput } from '../http/params';
import { placeParams, pointParams, searchParams } from './place.params';

/** The JSON API's 400 answer to a refused parse, as a client reads it. */
async function rejected(result: Parsed<unknown>): Promise<PlaceApiError & { status: number }> {
	if (result.ok) throw new Error('expected a 400');
	const response = invalidInputResponse(result.problems);
	return { status: response.status, ...((await response.json()) as PlaceApiError) };
}

describe('searchParams', () => {
	it('trims q and defaults the limit to 10', () => {
		expect(parseInput(searchParams, { q: '  ขอนแก่น ' })).toEqual({
			ok: true,
			value: { q: 'ขอนแก่น', limit: 10 }
		});
		expect(parseInput(searchParams, { q: 'x', limit: '50' })).toMatchObject({
			value: { limit: 50 }
		});
	});

	it('answers 400 naming q when it is missing, blank or too long', async () => {
		for (const input of [{}, { q: '' }, { q: '   ' }, { q: 'ก'.repeat(300) }] as Record<
			string,
			string
		>[])
			expect(await rejected(parseInput(searchParams, input))).toMatchObject({
				status: 400,
				error: 'invalid_input',
				field: 'q'
			});
	});

	it('answers 400 naming limit outside 1–50 or not a whole number', async () => {
		for (const limit of ['0', '51', '2.5', 'ten'])
			expect(await rejected(parseInput(searchParams, { q: 'x', limit }))).toMatchObject({
				field: 'limit'
			});
	});
});

describe('pointParams', () => {
	it('reads decimal degrees', () => {
		expect(parseInput(pointParams, { lon: '102.83', lat: '16.43' })).toEqual({
			ok: true,
			value: { lon: 102.83, lat: 16.43 }
		});
		expect(parseInput(pointParams, { lon: '-180', lat: '+90' })).toMatchObject({
			value: { lon: -180, lat: 90 }
		});
	});

	it('answers 400 naming the field that is missing, not a finite number or out of range', async () => {
		expect(await rejected(parseInput(pointParams, { lat: '16' }))).toMatchObject({ field: 'lon' });
		for (const lon of ['', 'abc', 'Infinity', 'NaN', '1e999', '180.5', '0x10'])
			expect(await rejected(parseInput(pointParams, { lon, lat: '16' }))).toMatchObject({
				field: 'lon'
			});
		for (const lat of ['-90.01', '91', ' '])
			expect(await rejected(parseInput(pointParams, { lon: '100', lat }))).toMatchObject({
				field: 'lat'
			});
	});
});

describe('placeParams', () => {
	it('accepts each kind with its code format, in either case', () => {
		expect(parseInput(placeParams, { kind: 'province', code: 'th40' })).toEqual({
			ok: true,
			value: { kind: 'province', code: 'TH40' }
		});
		expect(parseInput(placeParams, { kind: 'lao', code: '5400103' }).ok).toBe(true);
		expect(parseInput(placeParams, { kind: 'tambon', code: 'TH400115' }).ok).toBe(true);
	});

	it('answers 400 naming kind for an unknown kind and code for a code of the wrong form', async () => {
		expect(
			await rejected(parseInput(placeParams, { kind: 'village', code: 'TH40' }))
		).toMatchObject({
			status: 400,
			field: 'kind'
		});
		expect(
			await rejected(parseInput(placeParams, { kind: 'district', code: 'TH40' }))
		).toMatchObject({
			field: 'code'
		});
		expect(await rejected(parseInput(placeParams, { kind: 'lao', code: 'TH4001' }))).toMatchObject({
			field: 'code'
		});
	});
});
