import type { LaoType } from '../db/schema';

/**
 * The vector tile layers served at `/tiles/{layer}/{z}/{x}/{y}.pbf`. Each tile holds two MVT
 * layers: `{layer}` (the polygons) and `{layer}_label` (one point per unit, for its label).
 */
export const tileLayerNames = ['province', 'district', 'tambon', 'lao'] as const;
export type TileLayerName = (typeof tileLayerNames)[number];

/** Tiles are built up to this zoom; above it the route answers 404 and the client overzooms. */
export const tileMaxZoom = 14;

/** MVT coordinate extent of a tile (the MVT default). */
export const tileExtent = 4096;

/**
 * Below its minimum zoom a layer's tiles are empty (200, zero bytes): the client shows districts
 * from z7 and tambons and LAOs from z9, and a z5 tile of 7,425 tambons would weigh megabytes for
 * nothing. Provinces are served at every zoom, for an overview (the client starts them at z4).
 */
export const tileLayerMinZoom: Record<TileLayerName, number> = {
	province: 0,
	district: 7,
	tambon: 9,
	lao: 9
};

/**
 * Drawing order of LAO polygons, lowest first: the PAO (drawn as an outline), then SAOs, then
 * municipalities from the smallest to the largest status, so a municipality inside an SAO's
 * tambon is drawn above it. Features are also written to the tile in this order.
 */
export const laoDrawOrder: Record<LaoType, number> = {
	provincial_admin_org: 0,
	subdistrict_admin_org: 1,
	subdistrict_municipality: 2,
	town_municipality: 3,
	city_municipality: 4,
	special_admin_area: 4
};

/** Properties of a feature in both MVT layers of a tile; `name_en` is absent when unknown. */
export type TileFeatureProperties = Record<string, string | number | boolean>;
