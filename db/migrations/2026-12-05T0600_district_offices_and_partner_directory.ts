import { sql, type Kysely } from 'kysely';

/**
 * Issue 17, items 4 and 5.
 *
 * District local administration offices (ท้องถิ่นอำเภอ): the role `district_office`, scoped to
 * one district (`district_code`, ADM2 P-code TH4001) and, as for planners, its province (the
 * district's first four characters, kept so province-wide reads need no join). A district office
 * is also a party of the coordination register, kind `district_office` with the district code.
 * District codes are not foreign keys: the geodata import replaces the district table; the user
 * service checks them.
 *
 * The seven network sectors as a directory: `partner_organisation` (until now one national list,
 * unique by name) becomes per province: unique by (province, name), a null province being the
 * national list DLA keeps (the organisations already in the register stay there). The free-text
 * partners of existing zone revisions are moved into their province's directory; the revisions
 * themselves are immutable and keep their text, which reads unchanged.
 */
const partyKindsWithDistrict = sql`('dla', 'governor', 'provincial_office', 'district_office', 'lao', 'partner')`;
const partyKindsBefore = sql`('dla', 'governor', 'provincial_office', 'lao', 'partner')`;

function partyCheck(kind: string, code: string, withDistrict: boolean) {
	return sql.raw(`CASE ${kind}
		WHEN 'dla' THEN ${code} IS NULL
		WHEN 'lao' THEN ${code} ~ '^[0-9]{7}$'
		WHEN 'partner' THEN ${code} ~ '^[0-9]+$'
		${withDistrict ? `WHEN 'district_office' THEN ${code} ~ '^TH[0-9]{4}$'` : ''}
		ELSE ${code} ~ '^TH[0-9]{2}$'
	END`);
}

/** The register's columns that name a party: (table, kind column, code column, check name). */
const partyColumns = [
	['coordination_record', 'sender_kind', 'sender_code', 'coordination_record_sender_check'],
	['report_schedule', 'sender_kind', 'sender_code', 'report_schedule_sender_check'],
	['record_recipient', 'party_kind', 'party_code', 'record_recipient_party_check']
] as const;

async function replacePartyChecks(db: Kysely<unknown>, withDistrict: boolean) {
	const kinds = withDistrict ? partyKindsWithDistrict : partyKindsBefore;
	for (const [table, kind, code, check] of partyColumns) {
		await sql`ALTER TABLE ${sql.table(table)}
			DROP CONSTRAINT ${sql.id(`${table}_${kind}_check`)},
			DROP CONSTRAINT ${sql.id(check)}`.execute(db);
		await sql`ALTER TABLE ${sql.table(table)}
			ADD CONSTRAINT ${sql.id(`${table}_${kind}_check`)} CHECK (${sql.ref(kind)} IN ${kinds}),
			ADD CONSTRAINT ${sql.id(check)} CHECK (${partyCheck(kind, code, withDistrict)})`.execute(db);
	}
}

export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`ALTER TABLE app_user
		ADD COLUMN district_code text CONSTRAINT app_user_district_code_check
			CHECK (district_code ~ '^TH[0-9]{4}$'),
		DROP CONSTRAINT app_user_role_check,
		DROP CONSTRAINT app_user_scope_check`.execute(db);
	await sql`ALTER TABLE app_user
		ADD CONSTRAINT app_user_role_check
			CHECK (role IN ('dla_staff', 'planner', 'governor', 'lao_officer', 'district_office')),
		ADD CONSTRAINT app_user_scope_check CHECK (CASE role
			WHEN 'dla_staff' THEN province_code IS NULL AND dla_code IS NULL AND district_code IS NULL
			WHEN 'lao_officer' THEN dla_code IS NOT NULL AND district_code IS NULL
			WHEN 'district_office' THEN dla_code IS NULL AND district_code IS NOT NULL
				AND province_code = left(district_code, 4)
			ELSE province_code IS NOT NULL AND dla_code IS NULL AND district_code IS NULL
		END)`.execute(db);

	await replacePartyChecks(db, true);

	await sql`ALTER TABLE partner_organisation
		ADD COLUMN province_code text CONSTRAINT partner_organisation_province_code_check
			CHECK (province_code ~ '^TH[0-9]{2}$'),
		ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
		DROP CONSTRAINT partner_organisation_name_key`.execute(db);
	// One name per province (and one in the national list): coalesce, as NULLS NOT DISTINCT
	// would need PostgreSQL 15 in every deployment.
	await sql`CREATE UNIQUE INDEX partner_organisation_province_name_key
		ON partner_organisation ((coalesce(province_code, '')), name)`.execute(db);

	// Existing zone partners into their province's directory: the newest revision's sector wins
	// when two revisions of a province give one name different sectors.
	await sql`INSERT INTO partner_organisation (province_code, name, sector)
		SELECT DISTINCT ON (z.province_code, btrim(p->>'name'))
			z.province_code, btrim(p->>'name'), p->>'sector'
		FROM zone_revision r
		JOIN zone z ON z.id = r.zone_id
		CROSS JOIN LATERAL jsonb_array_elements(r.partners) AS p
		WHERE length(btrim(p->>'name')) BETWEEN 1 AND 300
			AND p->>'sector' IN ('government', 'people', 'private', 'civil_society', 'religion', 'academia', 'media')
		ORDER BY z.province_code, btrim(p->>'name'), r.id DESC
		ON CONFLICT DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	// Partners of a province whose name is also another province's (or national) cannot keep
	// one national unique name: only the national list and the first of each name survive.
	await sql`DELETE FROM partner_organisation p
		WHERE p.province_code IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM record_recipient x WHERE x.party_kind = 'partner' AND x.party_code = p.id::text)
			AND NOT EXISTS (SELECT 1 FROM coordination_record x WHERE x.sender_kind = 'partner' AND x.sender_code = p.id::text)`.execute(
		db
	);
	await sql`DROP INDEX partner_organisation_province_name_key`.execute(db);
	await sql`ALTER TABLE partner_organisation
		DROP COLUMN province_code,
		DROP COLUMN updated_at,
		ADD CONSTRAINT partner_organisation_name_key UNIQUE (name)`.execute(db);

	await sql`DELETE FROM record_recipient WHERE party_kind = 'district_office'`.execute(db);
	await sql`DELETE FROM coordination_record WHERE sender_kind = 'district_office'`.execute(db);
	await replacePartyChecks(db, false);

	await sql`DELETE FROM user_session WHERE user_id IN
		(SELECT id FROM app_user WHERE role = 'district_office')`.execute(db);
	await sql`DELETE FROM app_user WHERE role = 'district_office'`.execute(db);
	await sql`ALTER TABLE app_user
		DROP CONSTRAINT app_user_scope_check,
		DROP CONSTRAINT app_user_role_check,
		DROP COLUMN district_code`.execute(db);
	await sql`ALTER TABLE app_user
		ADD CONSTRAINT app_user_role_check
			CHECK (role IN ('dla_staff', 'planner', 'governor', 'lao_officer')),
		ADD CONSTRAINT app_user_scope_check CHECK (CASE role
			WHEN 'dla_staff' THEN province_code IS NULL AND dla_code IS NULL
			WHEN 'lao_officer' THEN dla_code IS NOT NULL
			ELSE province_code IS NOT NULL AND dla_code IS NULL
		END)`.execute(db);
}
