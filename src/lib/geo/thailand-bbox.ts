/**
 * Thailand's bounding box in degrees (WGS 84): west, south, east, north. The one copy: the
 * view before a province is known, the browser's first check of a drawn zone, the importer's
 * check of an office point, the tiles' `bounds` and the open-data catalogue's extent.
 *
 * The country's extreme points in the real tambon layer are 97.344–105.637 E, 5.613–20.465 N
 * (COD-AB 2022, see ../shared/geodata/SOURCES.md); this box contains every tambon with at least
 * 0.01° (about 1 km) to spare, which thailand-bbox.spec.ts proves against that file.
 */
export const thailandBbox = [97.3, 5.6, 105.7, 20.5] as const;

/** The box as a closed GeoJSON ring, anticlockwise from the south-west corner. */
export function thailandBboxRing(): [number, number][] {
	const [west, south, east, north] = thailandBbox;
	return [
		[west, south],
		[east, south],
		[east, north],
		[west, north],
		[west, south]
	];
}
