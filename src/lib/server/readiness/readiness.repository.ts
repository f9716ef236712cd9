import { sql, type Kysely } from 'kysely';
import type { ReadinessRules } from '../../zones/readiness';
import type { DB } from '../db/schema';

/** The readiness rule sets' versions (append-only); the caller owns the transaction. */

export interface RuleSetRow {
	id: number;
	province_code: string | null;
	version: number;
	rules: ReadinessRules | null;
	note: string;
	created_by: number;
	created_by_name: string;
	created_at: Date;
}

const selectRows = (db: Kysely<DB>) =>
	db
		.selectFrom('readiness_rule_set as s')
		.innerJoin('app_user as u', 'u.id', 's.created_by')
		.select([
			's.id',
			's.province_code',
			's.version',
			's.rules',
			's.note',
			's.created_by',
			'u.display_name as created_by_name',
			's.created_at'
		]);

/** The latest version of the national set (province null) or of one province's. */
export async function latestOfScope(
	db: Kysely<DB>,
	provinceCode: string | null
): Promise<RuleSetRow | undefined> {
	return selectRows(db)
		.where((eb) =>
			provinceCode === null
				? eb('s.province_code', 'is', null)
				: eb('s.province_code', '=', provinceCode)
		)
		.orderBy('s.version', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** Every version, newest first; national and every province. */
export async function listVersions(db: Kysely<DB>): Promise<RuleSetRow[]> {
	return selectRows(db)
		.orderBy(sql`coalesce(s.province_code, '')`)
		.orderBy('s.version', 'desc')
		.execute();
}

/**
 * Serialises writers of one scope for the rest of the transaction (a transaction-scoped
 * advisory lock), so two saves never pick the same next version number.
 */
export async function lockScope(db: Kysely<DB>, provinceCode: string | null): Promise<void> {
	await sql`SELECT pg_advisory_xact_lock(hashtext(${`readiness_rule_set:${provinceCode ?? 'national'}`}))`.execute(
		db
	);
}

export async function insertVersion(
	db: Kysely<DB>,
	row: {
		provinceCode: string | null;
		version: number;
		rules: ReadinessRules | null;
		note: string;
		createdBy: number;
	}
): Promise<number> {
	const inserted = await db
		.insertInto('readiness_rule_set')
		.values({
			province_code: row.provinceCode,
			version: row.version,
			rules: row.rules === null ? null : JSON.stringify(row.rules),
			note: row.note,
			created_by: row.createdBy
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return inserted.id;
}

/** The provinces, for the admin page's choice of a province to override. */
export function listProvinceNames(db: Kysely<DB>) {
	return db.selectFrom('province').select(['code', 'name_th', 'name_en']).orderBy('code').execute();
}
