/**
 * The anchor of the import benchmarks: the hand-made pipeline a GIS engineer would write on the
 * same server — ogr2ogr the shapefile into PostGIS, dissolve districts and provinces with
 * ST_Union, load the links with COPY and union each LAO's tambons. Used by `bench:import` and
 * `bench:scale`.
 */
import { execFileSync } from 'node:child_process';

/** Runs the pipeline into the (fresh) database at `url`; returns its wall time in milliseconds. */
export function runOgrPipeline(url: string, zip: string, links: string): number {
	const u = new URL(url);
	const pgConnection = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${u.pathname.slice(1)} user=${decodeURIComponent(u.username)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`;
	execFileSync('psql', ['-X', '-q', url, '-c', 'CREATE EXTENSION IF NOT EXISTS postgis']);
	const started = performance.now();
	execFileSync('ogr2ogr', [
		'-f',
		'PostgreSQL',
		pgConnection,
		`/vsizip/${zip}`,
		'-nln',
		'tambon',
		'-lco',
		'GEOMETRY_NAME=geom',
		'-lco',
		'FID=fid',
		'-nlt',
		'PROMOTE_TO_MULTI',
		'-t_srs',
		'EPSG:4326',
		'--config',
		'PG_USE_COPY',
		'YES'
	]);
	execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], {
		input: `
			CREATE TABLE district AS SELECT adm2_pcode AS code, ST_Multi(ST_Union(geom)) AS geom FROM tambon GROUP BY adm2_pcode;
			CREATE TABLE province AS SELECT adm1_pcode AS code, ST_Multi(ST_Union(geom)) AS geom FROM district d JOIN (SELECT DISTINCT adm1_pcode, adm2_pcode FROM tambon) t ON t.adm2_pcode = d.code GROUP BY adm1_pcode;
			CREATE TABLE link (dla_code text, dla_type text, lao_name_th text, adm3_pcode text, tambon_code text, coverage text, source_record text);
			\\copy link FROM '${links}' WITH (FORMAT csv, HEADER true)
			CREATE TABLE lao AS SELECT l.dla_code, ST_Multi(ST_Union(t.geom)) AS geom, bool_or(l.coverage = 'partially') AS approximate
				FROM link l JOIN tambon t ON t.adm3_pcode = l.adm3_pcode GROUP BY l.dla_code;
			SELECT sum(ST_Area(geom::geography)) / 1e6 FROM province;
		`
	});
	return performance.now() - started;
}
