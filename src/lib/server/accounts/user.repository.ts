import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ActingFor, Actor } from '../../accounts/roles';
import type { AppUserTable, DB } from '../db/schema';
import { actingForOf } from './acting.repository';

/** Queries on `app_user`; the caller owns the transaction. */

export type UserRow = Selectable<AppUserTable>;

/** A user as the administration page lists it, with the names of their province and LAO. */
export interface UserListing {
	id: number;
	username: string;
	displayName: string;
	position: string | null;
	role: UserRow['role'];
	/** The planner's or governor's province, or the LAO officer's LAO's province. */
	provinceCode: string | null;
	provinceNameTh: string | null;
	provinceNameEn: string | null;
	dlaCode: string | null;
	laoNameTh: string | null;
	laoNameEn: string | null;
	/** A district office's district, with its names. */
	districtCode: string | null;
	districtNameTh: string | null;
	districtNameEn: string | null;
	disabled: boolean;
	isDemo: boolean;
	createdAt: Date;
	/** For email notices only: shown to user managers and the user, never on public views. */
	email: string | null;
}

export function findUserByUsername(db: Kysely<DB>, username: string) {
	return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findUserById(db: Kysely<DB>, id: number) {
	return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every user, or only the one with `userId`. */
export async function listUsers(db: Kysely<DB>, userId?: number): Promise<UserListing[]> {
	let query = db
		.selectFrom('app_user as u')
		.leftJoin('lao', 'lao.dla_code', 'u.dla_code')
		.leftJoin('district as d', 'd.code', 'u.district_code')
		// An LAO officer's province is the LAO's, from the registry (the user row has none).
		.leftJoin('province as p', (join) =>
			join.on((eb) => eb('p.code', '=', eb.fn.coalesce('u.province_code', 'lao.province_code')))
		)
		.select([
			'u.id',
			'u.username',
			'u.display_name',
			'u.position',
			'u.role',
			'p.code as province_code',
			'u.province_code as own_province_code',
			'p.name_th as province_name_th',
			'p.name_en as province_name_en',
			'u.dla_code',
			'lao.name_th as lao_name_th',
			'lao.name_en as lao_name_en',
			'u.district_code',
			'd.name_th as district_name_th',
			'd.name_en as district_name_en',
			'u.disabled',
			'u.is_demo',
			'u.created_at',
			'u.email'
		])
		.orderBy('u.disabled')
		.orderBy('u.role')
		.orderBy('u.username');
	if (userId !== undefined) query = query.where('u.id', '=', userId);
	const rows = await query.execute();
	return rows.map((row) => ({
		id: row.id,
		username: row.username,
		displayName: row.display_name,
		position: row.position,
		role: row.role,
		provinceCode: row.province_code ?? row.own_province_code,
		provinceNameTh: row.province_name_th,
		provinceNameEn: row.province_name_en,
		dlaCode: row.dla_code,
		laoNameTh: row.lao_name_th,
		laoNameEn: row.lao_name_en,
		districtCode: row.district_code,
		districtNameTh: row.district_name_th,
		districtNameEn: row.district_name_en,
		disabled: row.disabled,
		isDemo: row.is_demo,
		createdAt: new Date(row.created_at),
		email: row.email
	}));
}

export function insertUser(db: Kysely<DB>, values: Insertable<AppUserTable>) {
	return db.insertInto('app_user').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(
	db: Kysely<DB>,
	id: number,
	values: Omit<Updateable<AppUserTable>, 'id' | 'updated_at' | 'created_at'>
): Promise<void> {
	await db
		.updateTable('app_user')
		.set({ ...values, updated_at: sql<Date>`now()` })
		.where('id', '=', id)
		.execute();
}

/**
 * The ids of the enabled DLA staff, with their rows locked until the transaction ends: two
 * administrators demoting each other at the same moment then cannot both see "another one left".
 */
export async function lockEnabledDlaStaff(db: Kysely<DB>): Promise<number[]> {
	const rows = await db
		.selectFrom('app_user')
		.select('id')
		.where('role', '=', 'dla_staff')
		.where('disabled', '=', false)
		.forUpdate()
		.execute();
	return rows.map((row) => row.id);
}

export async function laoExists(db: Kysely<DB>, dlaCode: string): Promise<boolean> {
	const row = await db
		.selectFrom('lao')
		.select('dla_code')
		.where('dla_code', '=', dlaCode)
		.executeTakeFirst();
	return row !== undefined;
}

/** The district with this code, with its province, or undefined. */
export function findDistrict(db: Kysely<DB>, code: string) {
	return db
		.selectFrom('district')
		.select(['code', 'province_code', 'name_th', 'name_en'])
		.where('code', '=', code)
		.executeTakeFirst();
}

/** The actor a user acts as: an LAO officer's province is looked up from the LAO registry. */
export async function findActor(db: Kysely<DB>, userId: number): Promise<Actor | undefined> {
	const row = await db
		.selectFrom('app_user as u')
		.leftJoin('lao', 'lao.dla_code', 'u.dla_code')
		.select([
			'u.id',
			'u.username',
			'u.display_name',
			'u.role',
			'u.province_code',
			'u.dla_code',
			'u.district_code',
			'lao.province_code as lao_province_code',
			actingForOf(sql.ref('u.id')).as('acting_for')
		])
		.where('u.id', '=', userId)
		.executeTakeFirst();
	return row && actorOf(row);
}

export function actorOf(row: {
	id: number;
	username: string;
	display_name: string;
	role: UserRow['role'];
	province_code: string | null;
	dla_code: string | null;
	district_code?: string | null;
	lao_province_code: string | null;
	acting_for?: ActingFor[] | null;
}): Actor {
	const actingFor = row.acting_for ?? [];
	return {
		...(actingFor.length > 0 ? { actingFor } : {}),
		userId: row.id,
		username: row.username,
		displayName: row.display_name,
		role: row.role,
		provinceCode:
			row.role === 'lao_officer'
				? (row.lao_province_code ?? row.province_code)
				: row.role === 'dla_staff'
					? null
					: row.province_code,
		dlaCode: row.role === 'lao_officer' ? row.dla_code : null,
		...(row.role === 'district_office' ? { districtCode: row.district_code ?? null } : {})
	};
}

export function listProvinceChoices(
	db: Kysely<DB>
): Promise<{ code: string; nameTh: string; nameEn: string }[]> {
	return db
		.selectFrom('province')
		.select(['code', 'name_th as nameTh', 'name_en as nameEn'])
		.orderBy('name_th')
		.execute();
}
