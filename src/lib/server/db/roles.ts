// The owner's connection sees the database untyped: it grants on tables by name.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { sql, type Kysely } from 'kysely';

/**
 * Tables the app adds rows to but never changes: triggers refuse UPDATE, DELETE and TRUNCATE on
 * both engines (migrations 2026-11-26T1610…1900, 2026-12-04T1000 and, for the readiness rule
 * sets, 2026-12-05T0500; the zone plans' and report settings', 2026-12-05T1500/1501). The app's role keeps
 * UPDATE and DELETE on them like on any table, so that one rule, the trigger with its message,
 * refuses the change everywhere; it can neither drop nor disable the trigger.
 */
export const appendOnlyTables = [
	'audit_log',
	'zone_revision',
	'zone_transition',
	'lao_response',
	'decision_memo',
	'readiness_rule_set',
	'plan_revision',
	'plan_target',
	'plan_activity',
	'plan_transition',
	'progress_report_setting'
] as const;

/** Kysely's bookkeeping of the migrations: the owner's business only. */
const migrationTables = ['kysely_migration', 'kysely_migration_lock'] as const;

export class DatabaseRoleError extends Error {
	override name = 'DatabaseRoleError';
}

/**
 * Gives the app's role exactly what the app needs, as the owner of the tables, after the
 * migrations ran: read and write rows, use the sequences, read the migration list. Never TRUNCATE, REFERENCES or TRIGGER, and no ownership,
 * so the app's role cannot disable a trigger, truncate a table or skip triggers with
 * `session_replication_role` (which needs superuser). Default privileges extend the same grants
 * to the tables and sequences later migrations create. Idempotent: runs at every start.
 */
export async function grantAppRole(owner: Kysely<any>, appRole: string): Promise<void> {
	const app = sql.id(appRole);
	await owner.transaction().execute(async (trx) => {
		await sql`GRANT USAGE ON SCHEMA public TO ${app}`.execute(trx);
		// Only the tables this owner owns (PostGIS's spatial_ref_sys belongs to whoever created the
		// extension and is readable by everyone already).
		const { rows } = await sql<{ name: string }>`
			SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
				AND pg_has_role(current_user, c.relowner, 'USAGE')`.execute(trx);
		const tables = rows.map((r) => r.name);
		const readOnly = new Set<string>(migrationTables);
		for (const table of tables) {
			const id = sql.id(table);
			await sql`REVOKE ALL ON ${id} FROM ${app}`.execute(trx);
			if (readOnly.has(table)) await sql`GRANT SELECT ON ${id} TO ${app}`.execute(trx);
			else await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${id} TO ${app}`.execute(trx);
		}
		await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`.execute(trx);
		await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public
			GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`.execute(trx);
		await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public
			GRANT USAGE, SELECT ON SEQUENCES TO ${app}`.execute(trx);
	});
}

export interface RolePowers {
	role: string;
	superuser: boolean;
	/** Tables of the public schema that the role owns (or a role it belongs to owns). */
	ownedTables: number;
}

/** What the connected role could do beyond its grants: own tables, or everything. */
export async function rolePowers(db: Kysely<any>): Promise<RolePowers> {
	const { rows } = await sql<RolePowers>`
		SELECT current_user AS role,
			(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
			(SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
					AND pg_has_role(current_user, c.relowner, 'USAGE')) AS "ownedTables"`.execute(db);
	return rows[0]!;
}

/** One line for the log and the README: why a role that owns the tables is a risk. */
export function ownerRoleWarning(powers: RolePowers): string {
	return (
		`The app connects to PostgreSQL as "${powers.role}", which ` +
		(powers.superuser ? 'is a superuser' : `owns ${powers.ownedTables} of its tables`) +
		': it could disable the append-only triggers or truncate the audit trail. ' +
		'Set DATABASE_OWNER_URL for the migrations and give DATABASE_URL a role that owns nothing ' +
		'(README, "Security notes").'
	);
}
