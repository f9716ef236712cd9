import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { listPartnersOf } from '../partners/partner.repository';

/**
 * The parties of the coordination register by name: provinces, districts, LAOs, partner
 * organisations and users, for the forms' choices and the records' "from" and "to" lines.
 */

/** The partner parties the form offers: the province's directory and the national list. */
export function listPartners(db: Kysely<DB>, provinceCode: string | null) {
	return listPartnersOf(db, provinceCode);
}

/** The districts of one province, or of every province (null), with their province. */
export function listDistrictsOf(db: Kysely<DB>, provinceCode: string | null) {
	let query = db
		.selectFrom('district')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn', 'province_code as provinceCode']);
	if (provinceCode !== null) query = query.where('province_code', '=', provinceCode);
	return query.orderBy('name_th').execute();
}

export function findProvinces(db: Kysely<DB>, codes: readonly string[]) {
	if (codes.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.where('code', 'in', [...codes])
		.execute();
}

export function listAllProvinces(db: Kysely<DB>) {
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.orderBy('name_th')
		.execute();
}

export function findDistricts(db: Kysely<DB>, codes: readonly string[]) {
	if (codes.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('district')
		.select(['code', 'province_code as provinceCode', 'name_th as nameTh', 'name_en as nameEn'])
		.where('code', 'in', [...codes])
		.execute();
}

export function findLaos(db: Kysely<DB>, codes: readonly string[]) {
	if (codes.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('lao')
		.select([
			'dla_code as dlaCode',
			'name_th as nameTh',
			'name_en as nameEn',
			'province_code as provinceCode',
			'lao_type as laoType'
		])
		.where('dla_code', 'in', [...codes])
		.execute();
}

export function findPartners(db: Kysely<DB>, ids: readonly number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('partner_organisation')
		.select(['id', 'name', 'sector'])
		.where('id', 'in', [...ids])
		.execute();
}

export function findUsers(db: Kysely<DB>, ids: readonly number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('app_user')
		.select(['id', 'display_name as displayName', 'position'])
		.where('id', 'in', [...ids])
		.execute();
}
