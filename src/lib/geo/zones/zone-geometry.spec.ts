import { describe, expect, it } from 'vitest';
import { readFixtureGeometry, defaultRules } from '../../../../tests/fixtures/zones/zone-fixtures';
import { checkZoneGeometry, countVertices, parseZoneGeometry } from './zone-geometry';
import { zoneRuleIds, zoneRuleMessageKey } from './zone-rules';
import { th } from '../../i18n/messages/th/zones';
import { en } from '../../i18n/messages/en/zones';

function parsed(name: string) {
	const result = parseZoneGeometry(readFixtureGeometry(name));
	if (!result.valid) throw new Error(`fixture ${name} does not parse`);
	return result.geometry;
}

describe('parseZoneGeometry', () => {
	it('normalises a Polygon to a 2-D MultiPolygon', () => {
		const result = parseZoneGeometry({
			type: 'Polygon',
			coordinates: [
				[
					[102.7, 16.3, 150],
					[102.76, 16.3, 150],
					[102.76, 16.36, 150],
					[102.7, 16.3, 150]
				]
			]
		});
		expect(result).toEqual({
			valid: true,
			geometry: {
				type: 'MultiPolygon',
				coordinates: [
					[
						[
							[102.7, 16.3],
							[102.76, 16.3],
							[102.76, 16.36],
							[102.7, 16.3]
						]
					]
				]
			}
		});
	});

	it('refuses other types, non-finite numbers and short rings, naming the path', () => {
		const point = parseZoneGeometry({ type: 'Point', coordinates: [102, 16] });
		expect(point.valid).toBe(false);
		const notFinite = parseZoneGeometry({
			type: 'Polygon',
			coordinates: [
				[
					[102, 16],
					[Infinity, 16],
					[102, 17],
					[102, 16]
				]
			]
		});
		expect(notFinite.valid === false && notFinite.problems[0]!.details).toEqual({
			path: 'coordinates.0.1.0'
		});
		const short = parseZoneGeometry({
			type: 'MultiPolygon',
			coordinates: [
				[
					[
						[102, 16],
						[103, 16],
						[102, 16]
					]
				]
			]
		});
		expect(short.valid === false && short.problems.map((p) => p.rule)).toEqual(['geojson.invalid']);
		expect(short.valid === false && short.problems[0]!.message).toMatch(/at least 4 positions/);
	});
});

describe('checkZoneGeometry (fixtures per rule)', () => {
	it('passes the hand-made square', () => {
		expect(checkZoneGeometry(parsed('khon-kaen-square.geojson'), defaultRules)).toEqual([]);
	});

	it('finds the bow-tie crossing where it is', () => {
		const problems = checkZoneGeometry(parsed('bow-tie.geojson'), defaultRules);
		expect(problems.map((p) => p.rule)).toEqual(['geometry.self_intersection']);
		const at = problems[0]!.at as { type: 'Point'; coordinates: number[] };
		expect(at.type).toBe('Point');
		expect(at.coordinates[0]).toBeCloseTo(102.73, 9);
		expect(at.coordinates[1]).toBeCloseTo(16.33, 9);
	});

	it('reports an unclosed ring at its last position', () => {
		const problems = checkZoneGeometry(parsed('unclosed-ring.geojson'), defaultRules);
		expect(problems.map((p) => p.rule)).toEqual(['ring.unclosed']);
		expect(problems[0]!.at).toEqual({ type: 'Point', coordinates: [102.7, 16.36] });
	});

	it('reports the first coordinate outside Thailand', () => {
		const problems = checkZoneGeometry(parsed('outside-thailand-bbox.geojson'), defaultRules);
		expect(problems.map((p) => p.rule)).toContain('geometry.outside_thailand');
		expect(problems.find((p) => p.rule === 'geometry.outside_thailand')!.at).toEqual({
			type: 'Point',
			coordinates: [110.5, 16.36]
		});
	});

	it('counts vertices against the limit', () => {
		const square = parsed('khon-kaen-square.geojson');
		expect(countVertices(square)).toBe(5);
		const problems = checkZoneGeometry(square, { maxVertices: 4 });
		expect(problems.map((p) => p.rule)).toEqual(['geometry.too_many_vertices']);
		expect(problems[0]!.details).toEqual({ vertexCount: 5, maxVertices: 4 });
	});

	it('collects every problem, not just the first', () => {
		const problems = checkZoneGeometry(parsed('unclosed-ring.geojson'), { maxVertices: 3 });
		expect(problems.map((p) => p.rule).sort()).toEqual([
			'geometry.too_many_vertices',
			'ring.unclosed'
		]);
	});
});

describe('rule identifiers', () => {
	it('each has a Thai and an English message for the UI', () => {
		for (const rule of zoneRuleIds) {
			const key = zoneRuleMessageKey(rule) as keyof typeof th;
			expect(th[key], rule).toBeTruthy();
			expect(en[key], rule).toBeTruthy();
		}
	});
});
