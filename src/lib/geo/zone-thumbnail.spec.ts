import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import {
	scaleBarKm,
	svgDataUrl,
	zoneMapSvg,
	zoneThumbnail,
	zoneThumbnailSvg
} from './zone-thumbnail';

const rectangle = (west: number, south: number, east: number, north: number) => [
	[west, south],
	[east, south],
	[east, north],
	[west, north],
	[west, south]
];
const multi = (...polygons: number[][][][]): MultiPolygon => ({
	type: 'MultiPolygon',
	coordinates: polygons
});

/** The numbers of a path, as [x, y] pairs. */
function points(path: string): [number, number][] {
	const numbers = path.match(/-?\d+(\.\d+)?/g)!.map(Number);
	const pairs: [number, number][] = [];
	for (let i = 0; i < numbers.length; i += 2) pairs.push([numbers[i]!, numbers[i + 1]!]);
	return pairs;
}

describe('zoneThumbnail', () => {
	it('fits a square at the equator to the whole box, north up, ring closed by Z', () => {
		const thumbnail = zoneThumbnail(multi([rectangle(100, 0, 101, 1)]), {
			width: 100,
			height: 100,
			padding: 0
		});
		expect(thumbnail.zonePath).toBe('M0 100L100 100L100 0L0 0Z');
		expect(thumbnail.provincePath).toBeNull();
	});

	it('narrows x by the cosine of the mid-latitude and centres the shape', () => {
		// 1° × 1° around 60° N: as wide as cos(60°) = 0.5 of its height.
		const { zonePath } = zoneThumbnail(multi([rectangle(10, 59.5, 11, 60.5)]), {
			width: 100,
			height: 100,
			padding: 0
		});
		const xs = points(zonePath).map(([x]) => x);
		const ys = points(zonePath).map(([, y]) => y);
		expect(Math.min(...xs)).toBeCloseTo(25, 0);
		expect(Math.max(...xs)).toBeCloseTo(75, 0);
		expect(Math.min(...ys)).toBe(0);
		expect(Math.max(...ys)).toBe(100);
	});

	it('keeps the padding and the aspect in a wide box', () => {
		const { zonePath, width, height } = zoneThumbnail(multi([rectangle(102, 16, 102.1, 16.1)]), {
			width: 300,
			height: 100,
			padding: 10
		});
		expect([width, height]).toEqual([300, 100]);
		const ys = points(zonePath).map(([, y]) => y);
		expect(Math.min(...ys)).toBe(10);
		expect(Math.max(...ys)).toBe(90);
		const xs = points(zonePath).map(([x]) => x);
		const drawnWidth = Math.max(...xs) - Math.min(...xs);
		// cos(16.05°) ≈ 0.961 of the 80 units of height.
		expect(drawnWidth).toBeCloseTo(80 * Math.cos((16.05 * Math.PI) / 180), 0);
		// Centred horizontally.
		expect((Math.max(...xs) + Math.min(...xs)) / 2).toBeCloseTo(150, 0);
	});

	it('draws holes and every polygon of the MultiPolygon as rings of their own', () => {
		const { zonePath } = zoneThumbnail(
			multi([rectangle(0, 0, 4, 4), rectangle(1, 1, 2, 2).reverse()], [rectangle(6, 0, 8, 2)]),
			{ width: 80, height: 40, padding: 0 }
		);
		expect(zonePath.match(/M/g)).toHaveLength(3);
		expect(zonePath.match(/Z/g)).toHaveLength(3);
	});

	it('fits the province when asked, with the zone inside it', () => {
		const province = multi([rectangle(102, 16, 103, 17)]);
		const zone = multi([rectangle(102.4, 16.4, 102.5, 16.5)]);
		const thumbnail = zoneThumbnail(
			zone,
			{ width: 100, height: 100, padding: 0 },
			{
				province,
				fit: 'province'
			}
		);
		const provinceYs = points(thumbnail.provincePath!).map(([, y]) => y);
		expect(Math.min(...provinceYs)).toBe(0);
		expect(Math.max(...provinceYs)).toBe(100);
		const zoneYs = points(thumbnail.zonePath).map(([, y]) => y);
		expect(Math.min(...zoneYs)).toBeCloseTo(50, 0);
		expect(Math.max(...zoneYs)).toBeCloseTo(60, 0);

		// Fitted to the zone (the default), the province's outline runs outside the box.
		const framed = zoneThumbnail(zone, { width: 100, height: 100, padding: 0 }, { province });
		expect(points(framed.zonePath).map(([, y]) => y)).toEqual([100, 100, 0, 0]);
		expect(Math.min(...points(framed.provincePath!).map(([x]) => x))).toBeLessThan(-100);
	});

	it('drops vertices that round to the same point and rings that collapse', () => {
		const { zonePath } = zoneThumbnail(
			multi(
				[
					[
						[0, 0],
						[1, 0],
						[1, 0.000001],
						[1, 1],
						[0, 1],
						[0, 0]
					]
				],
				// Smaller than the precision: nothing to draw.
				[rectangle(0.5, 0.5, 0.5000001, 0.5000001)]
			),
			{ width: 10, height: 10, padding: 0 }
		);
		expect(zonePath).toBe('M0 10L10 10L10 0L0 0Z');
	});

	it('gives empty paths for an empty geometry and refuses a box without room', () => {
		expect(zoneThumbnail(multi(), { width: 10, height: 10 }).zonePath).toBe('');
		expect(() => zoneThumbnail(multi(), { width: 0, height: 10 })).toThrow(RangeError);
		expect(() => zoneThumbnail(multi(), { width: 10, height: 10, padding: 5 })).toThrow(RangeError);
	});

	it('makes a self-contained SVG and data URL with the title escaped', () => {
		const thumbnail = zoneThumbnail(
			multi([rectangle(0, 0, 1, 1)]),
			{ width: 20, height: 20 },
			{
				province: multi([rectangle(-1, -1, 2, 2)])
			}
		);
		const svg = zoneThumbnailSvg(thumbnail, 'เขต <ก> & "ข"');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 20 20"/);
		expect(svg).toContain('<title>เขต &lt;ก&gt; &amp; &quot;ข&quot;</title>');
		expect(svg).toContain(`d="${thumbnail.zonePath}"`);
		expect(svg).toContain(`d="${thumbnail.provincePath}"`);
		expect(svg).not.toMatch(/<script|href=/);
		const url = svgDataUrl(svg);
		expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
		expect(decodeURIComponent(url.split(',')[1]!)).toBe(svg);
	});

	it('gives the scale in box units per km and projects points like the paths', () => {
		// 0.1° of latitude ≈ 11.06 km over 100 units.
		const thumbnail = zoneThumbnail(multi([rectangle(102, 16, 102.1, 16.1)]), {
			width: 100,
			height: 100,
			padding: 0
		});
		expect(thumbnail.unitsPerKm).toBeCloseTo(100 / 11.06, 1);
		// The north-west corner: the path's last vertex (x narrowed by cos 16.05°, centred).
		expect(thumbnail.project!(102, 16.1)).toEqual(points(thumbnail.zonePath)[3]);
		expect(thumbnail.project!(102, 16.1)[1]).toBe(0);
		expect(thumbnail.project!(102.05, 16.05)).toEqual([50, 50]);
		expect(zoneThumbnail(multi(), { width: 10, height: 10 }).project).toBeNull();
	});
});

describe('scaleBarKm', () => {
	it('picks the longest round length that fits', () => {
		expect(scaleBarKm(10, 30)).toBe(2);
		expect(scaleBarKm(10, 50)).toBe(5);
		expect(scaleBarKm(1, 150)).toBe(100);
		expect(scaleBarKm(100, 30)).toBe(0.2);
		expect(scaleBarKm(1000, 30)).toBeNull();
	});
});

describe('zoneMapSvg', () => {
	it('draws the zone, a Thai scale bar and a locator of the province with the zone marked', () => {
		const province = multi([rectangle(102, 16, 103, 17)]);
		const zone = multi([rectangle(102.4, 16.4, 102.42, 16.42)]);
		const svg = zoneMapSvg(zone, province, { width: 300, height: 300, title: 'เขต' });
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg.endsWith('</svg>')).toBe(true);
		expect(svg.match(/<svg/g)).toHaveLength(1);
		expect(svg).toContain('<title>เขต</title>');
		// Beside the 90-unit locator column, the zone's 0.02° ≈ 2.2 km take 169 units (≈ 76 per
		// km): a 1 km bar fits the column.
		expect(svg).toContain('>๑ กม.</text>');
		expect(svg).toMatch(/<g transform="translate\([0-9.]+ [0-9.]+\)">/);
		expect(svg).toMatch(/<circle cx="[0-9.]+" cy="[0-9.]+"/);
		expect(svg).not.toMatch(/<script|href=/);
		// Without a province: no locator.
		const alone = zoneMapSvg(zone, null, { width: 300, height: 300 });
		expect(alone).not.toContain('<g transform');
		// Alone, 216 units (≈ 98 per km): 500 m fits in 90 units, 1 km does not.
		expect(alone).toContain('>๕๐๐ ม.</text>');
	});
});
