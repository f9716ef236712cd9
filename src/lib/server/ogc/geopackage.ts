import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { CollectionProperty, PropertyType } from './ogc.collections';

/**
 * A GeoPackage (OGC 12-128r18, version 1.2) written with sql.js: SQLite compiled to WebAssembly,
 * shipped inside the npm package, so nothing is compiled or downloaded at install (better-sqlite3
 * needs a native build per Node version, and its v13 crashes on Node 20). The file has the
 * tables the standard requires — `gpkg_spatial_ref_sys` (with the three mandatory rows),
 * `gpkg_contents`, `gpkg_geometry_columns` — one feature table whose geometries are GeoPackage
 * binary blobs (a `GP` header with the envelope, then ISO WKB), and the metadata extension
 * (`gpkg_metadata`, `gpkg_metadata_reference`, registered in `gpkg_extensions`) holding the
 * layer's source lines and licence, which GDAL and QGIS show as the layer's metadata.
 */

let sqlJs: Promise<SqlJsStatic> | undefined;

function loadSqlJs(): Promise<SqlJsStatic> {
	// The WebAssembly file sits beside sql.js's own script; resolved from here, not a CDN.
	const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
	sqlJs ??= initSqlJs({ locateFile: () => wasm });
	return sqlJs;
}

export interface GeoPackageFeature {
	/** ISO WKB in WGS 84 (longitude, latitude), or null for a feature without geometry. */
	wkb: Uint8Array | null;
	/** West, east, south, north: the GeoPackage envelope's order. */
	envelope: [number, number, number, number] | null;
	values: Record<string, unknown>;
}

export interface GeoPackageLayer {
	/** The feature table's name (letters, digits, underscores). */
	table: string;
	title: string;
	description: string;
	geometryType: 'MULTIPOLYGON' | 'POINT';
	properties: readonly CollectionProperty[];
	features: readonly GeoPackageFeature[];
	/** The metadata document stored with the layer (source lines, licence), as JSON. */
	metadata: Record<string, unknown>;
	/** When the data last changed (gpkg_contents.last_change). */
	lastChange: Date;
}

const wgs84Wkt =
	'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const columnType: Record<PropertyType, string> = {
	string: 'TEXT',
	// MEDIUMINT is the GeoPackage's 32-bit integer, read as Integer (INTEGER is 64-bit: Integer64).
	integer: 'MEDIUMINT',
	number: 'DOUBLE',
	boolean: 'BOOLEAN',
	date: 'DATE',
	'date-time': 'DATETIME'
};

const identifier = (name: string) => {
	if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL name: ${name}`);
	return `"${name}"`;
};

/**
 * The GeoPackage binary header (spec §2.1.3) before the WKB: magic "GP", version 0, flags
 * (little-endian, envelope [minx, maxx, miny, maxy] or the empty flag), SRS id.
 */
export function geoPackageBlob(feature: GeoPackageFeature, srsId = 4326): Uint8Array | null {
	if (!feature.wkb) return null;
	const envelopeBytes = feature.envelope ? 32 : 0;
	const blob = new Uint8Array(8 + envelopeBytes + feature.wkb.length);
	const view = new DataView(blob.buffer);
	blob[0] = 0x47; // G
	blob[1] = 0x50; // P
	blob[2] = 0; // version 1
	// Bit 0: little-endian; bits 1–3: envelope kind (1 = xy).
	blob[3] = 0b1 | ((feature.envelope ? 1 : 0) << 1);
	view.setInt32(4, srsId, true);
	feature.envelope?.forEach((value, i) => view.setFloat64(8 + 8 * i, value, true));
	blob.set(feature.wkb, 8 + envelopeBytes);
	return blob;
}

function sqlValue(property: CollectionProperty, value: unknown): string | number | null {
	if (value === null || value === undefined) return null;
	if (property.type === 'boolean') return value ? 1 : 0;
	if (property.type === 'integer' || property.type === 'number') return Number(value);
	return String(value);
}

/** The GeoPackage file of one layer, as bytes. */
export async function writeGeoPackage(layer: GeoPackageLayer): Promise<Uint8Array> {
	const SQL = await loadSqlJs();
	const db = new SQL.Database();
	try {
		// 'GPKG' as the application id and 10200 (version 1.2) as user_version (spec §1.1.1.1).
		db.run('PRAGMA application_id = 1196444487; PRAGMA user_version = 10200;');
		db.run(`CREATE TABLE gpkg_spatial_ref_sys (
			srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
			organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`);
		const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
		srs.run([
			'WGS 84 geodetic',
			4326,
			'EPSG',
			4326,
			wgs84Wkt,
			'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'
		]);
		srs.run([
			'Undefined cartesian SRS',
			-1,
			'NONE',
			-1,
			'undefined',
			'undefined cartesian coordinate reference system'
		]);
		srs.run([
			'Undefined geographic SRS',
			0,
			'NONE',
			0,
			'undefined',
			'undefined geographic coordinate reference system'
		]);
		srs.free();
		db.run(`CREATE TABLE gpkg_contents (
			table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
			description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
			CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`);
		db.run(`CREATE TABLE gpkg_geometry_columns (
			table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
			srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
			CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
			CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
			CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`);
		db.run(`CREATE TABLE gpkg_extensions (
			table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
			scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`);
		db.run(`CREATE TABLE gpkg_metadata (
			id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
			md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml',
			metadata TEXT NOT NULL DEFAULT '')`);
		db.run(`CREATE TABLE gpkg_metadata_reference (
			reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
			timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
			md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
			CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
			CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id))`);
		const extension = db.prepare('INSERT INTO gpkg_extensions VALUES (?, NULL, ?, ?, ?)');
		for (const table of ['gpkg_metadata', 'gpkg_metadata_reference'])
			extension.run([
				table,
				'gpkg_metadata',
				'http://www.geopackage.org/spec120/#extension_metadata',
				'read-write'
			]);
		extension.free();

		const table = identifier(layer.table);
		const columns = layer.properties.map((p) => `${identifier(p.name)} ${columnType[p.type]}`);
		db.run(
			`CREATE TABLE ${table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${layer.geometryType}, ${columns.join(', ')})`
		);
		const insert = db.prepare(
			`INSERT INTO ${table} (geom, ${layer.properties.map((p) => identifier(p.name)).join(', ')})
			VALUES (?, ${layer.properties.map(() => '?').join(', ')})`
		);
		db.run('BEGIN');
		const extent = [Infinity, Infinity, -Infinity, -Infinity];
		for (const feature of layer.features) {
			if (feature.envelope) {
				const [west, east, south, north] = feature.envelope;
				extent[0] = Math.min(extent[0]!, west);
				extent[1] = Math.min(extent[1]!, south);
				extent[2] = Math.max(extent[2]!, east);
				extent[3] = Math.max(extent[3]!, north);
			}
			insert.run([
				geoPackageBlob(feature),
				...layer.properties.map((p) => sqlValue(p, feature.values[p.name]))
			]);
		}
		db.run('COMMIT');
		insert.free();
		const bounded = extent[0] !== Infinity;
		db.run(
			`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change,
				min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, 4326)`,
			[
				layer.table,
				layer.title,
				layer.description,
				layer.lastChange.toISOString(),
				...(bounded ? extent : [null, null, null, null])
			] as (string | number | null)[]
		);
		db.run(`INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)`, [
			layer.table,
			layer.geometryType
		]);
		db.run(
			`INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata)
			VALUES (1, 'dataset', 'http://purl.org/dc/terms/', 'application/json', ?)`,
			[JSON.stringify(layer.metadata, null, 1)]
		);
		db.run(
			`INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id)
			VALUES ('table', ?, 1)`,
			[layer.table]
		);
		return db.export();
	} finally {
		db.close();
	}
}
