/**
 * The coordinate reference systems the OGC API serves (Part 2: Coordinate Reference Systems by
 * Reference). Data are stored in WGS 84 (SRID 4326, longitude first); PostGIS reprojects on the
 * way out. Thai offices work in UTM zones 47N (west of 102°E) and 48N (east of it).
 */
export interface ServedCrs {
	uri: string;
	srid: number;
	/** EPSG:4326 as OGC URI is latitude first (the EPSG axis order); CRS84 is longitude first. */
	latitudeFirst: boolean;
	/** Decimals written: 6 for degrees (~0.1 m), 2 for metres. */
	decimals: number;
	/** The GeoJSON 2008 `crs` member's name, which GDAL's GeoJSON reader understands. */
	urn: string;
	/** Longitudes/latitudes, whose ranges a bbox must respect. */
	geographic: boolean;
}

export const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

export const servedCrs: readonly ServedCrs[] = [
	{
		uri: crs84,
		srid: 4326,
		latitudeFirst: false,
		decimals: 6,
		urn: 'urn:ogc:def:crs:OGC:1.3:CRS84',
		geographic: true
	},
	{
		uri: 'http://www.opengis.net/def/crs/EPSG/0/4326',
		srid: 4326,
		latitudeFirst: true,
		decimals: 6,
		urn: 'urn:ogc:def:crs:EPSG::4326',
		geographic: true
	},
	{
		uri: 'http://www.opengis.net/def/crs/EPSG/0/3857',
		srid: 3857,
		latitudeFirst: false,
		decimals: 2,
		urn: 'urn:ogc:def:crs:EPSG::3857',
		geographic: false
	},
	{
		uri: 'http://www.opengis.net/def/crs/EPSG/0/32647',
		srid: 32647,
		latitudeFirst: false,
		decimals: 2,
		urn: 'urn:ogc:def:crs:EPSG::32647',
		geographic: false
	},
	{
		uri: 'http://www.opengis.net/def/crs/EPSG/0/32648',
		srid: 32648,
		latitudeFirst: false,
		decimals: 2,
		urn: 'urn:ogc:def:crs:EPSG::32648',
		geographic: false
	}
];

export const servedCrsUris = servedCrs.map((c) => c.uri) as [string, ...string[]];

export function crsByUri(uri: string | undefined): ServedCrs {
	return servedCrs.find((c) => c.uri === (uri ?? crs84)) ?? servedCrs[0]!;
}
