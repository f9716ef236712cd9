import { sql, type Kysely } from 'kysely';
import type { NetworkSector } from '../../geo/zones/zone-terms';
import type { DB } from '../db/schema';

/**
 * Queries on `partner_organisation`, the network-sector directory. A row belongs to one
 * province, or (null) to DLA's national list; names are unique within that scope (the unique
 * index compares `coalesce(province_code, '')`). The caller owns the transaction.
 */

export interface PartnerEntry {
	id: number;
	provinceCode: string | null;
	name: string;
	sector: NetworkSector;
}

const columns = ['id', 'province_code as provinceCode', 'name', 'sector'] as const;

/** The province's directory and the national list, by name. */
export function listPartnersOf(db: Kysely<DB>, provinceCode: string | null) {
	return db
		.selectFrom('partner_organisation')
		.select(columns)
		.where((eb) =>
			provinceCode === null
				? eb('province_code', 'is', null)
				: eb.or([eb('province_code', '=', provinceCode), eb('province_code', 'is', null)])
		)
		.orderBy('name')
		.execute();
}

export function findPartnerById(db: Kysely<DB>, id: number) {
	return db
		.selectFrom('partner_organisation')
		.select(columns)
		.where('id', '=', id)
		.executeTakeFirst();
}

/** The entry named `name` in the province's directory, else in the national list. */
export function findPartnerByName(db: Kysely<DB>, provinceCode: string | null, name: string) {
	return (
		db
			.selectFrom('partner_organisation')
			.select(columns)
			.where('name', '=', name)
			.where((eb) =>
				provinceCode === null
					? eb('province_code', 'is', null)
					: eb.or([eb('province_code', '=', provinceCode), eb('province_code', 'is', null)])
			)
			// The province's own entry before the national one.
			.orderBy(sql`province_code IS NULL`)
			.executeTakeFirst()
	);
}

/** Inserts an entry; undefined when the name is taken in that scope (nothing inserted). */
export async function insertPartner(
	db: Kysely<DB>,
	entry: { provinceCode: string | null; name: string; sector: NetworkSector }
): Promise<number | undefined> {
	const row = await db
		.insertInto('partner_organisation')
		.values({ province_code: entry.provinceCode, name: entry.name, sector: entry.sector })
		.onConflict((oc) => oc.expression(sql`(coalesce(province_code, '')), name`).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id;
}

/** Renames or re-sectors an entry; false when the new name is taken in its scope. */
export async function updatePartner(
	db: Kysely<DB>,
	id: number,
	values: { name: string; sector: NetworkSector }
): Promise<boolean> {
	try {
		await db
			.updateTable('partner_organisation')
			.set({ name: values.name, sector: values.sector, updated_at: sql<Date>`now()` })
			.where('id', '=', id)
			.execute();
		return true;
	} catch (error) {
		if ((error as { code?: string }).code === '23505') return false;
		throw error;
	}
}
