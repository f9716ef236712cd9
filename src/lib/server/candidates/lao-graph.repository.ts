import { sql, type Kysely } from 'kysely';
import type { LaoGraphRows, TambonGraphInput } from '../../geo/candidates/lao-graph';
import type { DB } from '../db/schema';

/**
 * The tambon graph the LAO graph is computed from: tambon perimeters, tambon pairs sharing an
 * edge with its length, and the LAO–tambon links (PAOs excluded), all geodesic, in km.
 *
 * Edges come from the tambon layer, which has no overlaps or gaps, so two tambons border each
 * other when their boundaries meet along a line and their interiors do not meet: DE-9IM
 * `F***1****` (a shared point, `F***0****`, is not a border). The bounding-box test `&&` lets
 * the GiST index on `tambon.geom` find the few tambons to relate. The shared length is the
 * length of the lines of their intersection on the spheroid.
 */
export async function readTambonGraph(db: Kysely<DB>): Promise<TambonGraphInput> {
	const perimeters = await sql<{ code: string; km: number }>`
		SELECT code, ST_Perimeter(geom::geography) / 1000 AS km FROM tambon
	`.execute(db);
	const edges = await sql<{ a: string; b: string; km: number }>`
		SELECT t1.code AS a, t2.code AS b,
			ST_Length(ST_CollectionExtract(ST_Intersection(t1.geom, t2.geom), 2)::geography) / 1000 AS km
		FROM tambon t1
		JOIN tambon t2 ON t1.geom && t2.geom AND t1.code < t2.code
		WHERE ST_Relate(t1.geom, t2.geom, 'F***1****')
	`.execute(db);
	const links = await db
		.selectFrom('lao_tambon')
		.innerJoin('lao', 'lao.dla_code', 'lao_tambon.dla_code')
		.select(['lao_tambon.dla_code', 'lao_tambon.tambon_code'])
		.where('lao.lao_type', '<>', 'provincial_admin_org')
		.execute();
	return {
		tambonPerimeterKm: new Map(perimeters.rows.map((r) => [r.code, Number(r.km)])),
		tambonEdges: edges.rows.map((r) => ({ a: r.a, b: r.b, sharedKm: Number(r.km) })),
		links: links.map((r) => ({ dlaCode: r.dla_code, tambonCode: r.tambon_code }))
	};
}

/** Replaces the stored LAO graph with `rows`, built from import run `importRunId`. */
export async function replaceLaoGraph(
	trx: Kysely<DB>,
	importRunId: number,
	rows: LaoGraphRows
): Promise<void> {
	await trx.deleteFrom('lao_adjacency').execute();
	await trx.deleteFrom('lao_perimeter').execute();
	// Batches keep each statement well under PostgreSQL's 65,535 bind parameters.
	for (let i = 0; i < rows.perimeters.length; i += 5000) {
		await trx
			.insertInto('lao_perimeter')
			.values(
				rows.perimeters.slice(i, i + 5000).map((p) => ({
					dla_code: p.dlaCode,
					perimeter_km: p.perimeterKm,
					import_run_id: importRunId
				}))
			)
			.execute();
	}
	for (let i = 0; i < rows.adjacency.length; i += 5000) {
		await trx
			.insertInto('lao_adjacency')
			.values(
				rows.adjacency.slice(i, i + 5000).map((p) => ({
					a: p.a,
					b: p.b,
					shared_boundary_km: p.sharedKm,
					import_run_id: importRunId
				}))
			)
			.execute();
	}
}

/** The import run the stored graph was built from; undefined when none is stored. */
export async function findLaoGraphRunId(db: Kysely<DB>): Promise<number | undefined> {
	const row = await db
		.selectFrom('lao_perimeter')
		.select((eb) => eb.fn.max('import_run_id').as('id'))
		.executeTakeFirst();
	return row?.id ?? undefined;
}

/** The stored LAO graph. */
export async function readLaoGraph(db: Kysely<DB>): Promise<LaoGraphRows> {
	const perimeters = await db
		.selectFrom('lao_perimeter')
		.select(['dla_code', 'perimeter_km'])
		.execute();
	const adjacency = await db
		.selectFrom('lao_adjacency')
		.select(['a', 'b', 'shared_boundary_km'])
		.execute();
	return {
		perimeters: perimeters.map((p) => ({ dlaCode: p.dla_code, perimeterKm: p.perimeter_km })),
		adjacency: adjacency.map((p) => ({ a: p.a, b: p.b, sharedKm: p.shared_boundary_km }))
	};
}
