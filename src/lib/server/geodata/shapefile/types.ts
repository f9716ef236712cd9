/**
 * Public types of the shapefile reader. GeoJSON types are defined here (a minimal subset of
 * RFC 7946) because `@types/geojson` is not a dependency of the project.
 */
import type { ImportMessage } from '../import-report';

/** A GeoJSON position: [longitude, latitude] in degrees (EPSG:4326). */
export type Position = [number, number];

/** A closed linear ring: first position equals last, at least 4 positions. */
export type LinearRing = Position[];

export interface Polygon {
	type: 'Polygon';
	/** Exterior ring first (counter-clockwise), then holes (clockwise), per RFC 7946 §3.1.6. */
	coordinates: LinearRing[];
}

export interface MultiPolygon {
	type: 'MultiPolygon';
	coordinates: LinearRing[][];
}

export type PolygonGeometry = Polygon | MultiPolygon;

/** One DBF field descriptor. `length` and `decimals` are in bytes / digits, as in the file. */
export interface ShapefileField {
	name: string;
	type: 'C' | 'N' | 'F' | 'D' | 'L' | string;
	length: number;
	decimals: number;
}

export type ShapefileValue = string | number | null;

export interface ShapefileFeature {
	/** 1-based record number (the same in .shp, .shx and .dbf). */
	feature: number;
	/** EPSG:4326 lon/lat after reprojection; null for a null shape (type 0) or an empty polygon. */
	geometry: PolygonGeometry | null;
	/** DBF values, trimmed; empty -> null; N/F -> number; other types stay text. */
	properties: Record<string, ShapefileValue>;
}

export interface ShapefileReadResult {
	features: ShapefileFeature[];
	fields: ShapefileField[];
	/** WHATWG encoding label used to decode text attributes, e.g. `utf-8`, `windows-874`. */
	encoding: string;
	/** Short description of the source CRS, e.g. `EPSG:4326 (WGS 84)`, `WGS 84 / UTM zone 47N`. */
	crs: string;
	/** Warnings only; fatal problems are thrown as `ImportFatalError`. */
	messages: ImportMessage[];
}

export interface ZipLimits {
	/** Largest total uncompressed size of all entries, in bytes (declared and actual). */
	maxExpandedBytes: number;
	/** Largest number of entries (files and folders) in the zip. */
	maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
	maxExpandedBytes: 1024 * 1024 * 1024,
	maxEntries: 1000
};

/** The raw bytes of one shapefile set, as `readShapefileParts` accepts them. */
export interface ShapefileParts {
	shp: Uint8Array;
	shx: Uint8Array;
	dbf: Uint8Array;
	/** Text of the .prj (WKT). */
	prj?: string;
	/** Text of the .cpg (code page name). */
	cpg?: string;
}

/** The display names used in messages for each part (e.g. `tambon.zip/tambon.dbf`). */
export interface PartNames {
	shp: string;
	shx: string;
	dbf: string;
	prj: string;
	cpg: string;
}
